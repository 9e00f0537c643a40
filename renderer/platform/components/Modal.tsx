// A modal built on <dialog>.showModal(): the browser traps focus, makes the
// rest inert and closes on Escape (routed to onClose so state stays in charge).
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

export interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer: ReactNode;
  className?: string;
  /** Blocks Escape and the close button while a call is running. */
  busy?: boolean;
}

export function Modal({ title, onClose, children, footer, className, busy = false }: ModalProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const dlg = ref.current;
    opener.current = document.activeElement;
    if (dlg && !dlg.open) dlg.showModal();
    return () => {
      dlg?.close();
      // Give focus back to whatever opened the dialog.
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-btn" aria-label={t('common.close')} title={t('common.close')} disabled={busy} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="modal-body">{children}</div>
      <footer className="modal-footer">{footer}</footer>
    </dialog>
  );
}
