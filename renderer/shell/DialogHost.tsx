// Mounts the open dialog, if any: the renderer its feature registered for its kind.
import type { ReactNode } from 'react';
import { DIALOGS } from '../features/index.ts';
import type { DialogKind } from '../platform/store/dialogs.ts';
import { useDialogStore } from '../platform/store/dialogs.ts';

export function DialogHost() {
  const dialog = useDialogStore((s) => s.dialog);
  const close = useDialogStore((s) => s.close);
  if (dialog.kind === 'none') return null;
  // The registry's renderer of this kind takes this dialog's parameters (DialogState pairs them).
  const render = DIALOGS[dialog.kind as DialogKind] as (params: unknown, close: () => void) => ReactNode;
  return <>{render(dialog, close)}</>;
}
