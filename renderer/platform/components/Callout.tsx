// A boxed note beside the content: an icon, an optional title and the body.
// The tone (info, warning, success...) and the role (note, status, alert) say
// how much it matters; ErrorCallout is the one for a backend error.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

export interface CalloutProps {
  /** The classes after "callout": "info", "warning prominent", "info compact fs-notes"... */
  tone: string;
  icon: IconName;
  role: 'note' | 'status' | 'alert';
  title?: ReactNode;
  children?: ReactNode;
  [data: `data-${string}`]: string | number | undefined;
}

export function Callout({ tone, icon, role, title, children, ...data }: CalloutProps) {
  return (
    <div className={`callout ${tone}`} role={role} {...data}>
      <Icon name={icon} className="callout-icon" />
      <div className="callout-body">
        {title !== undefined && <div className="callout-title">{title}</div>}
        {children}
      </div>
    </div>
  );
}
