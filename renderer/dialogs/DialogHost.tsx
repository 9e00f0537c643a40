// Mounts the open dialog, if any.
import { useDialogStore } from '../store/dialogs.ts';
import { AddHostDialog } from './AddHostDialog.tsx';
import { CredentialsDialog } from './CredentialsDialog.tsx';
import { RemoveHostDialog } from './RemoveHostDialog.tsx';

export function DialogHost() {
  const dialog = useDialogStore((s) => s.dialog);
  const close = useDialogStore((s) => s.close);
  switch (dialog.kind) {
    case 'none':
      return null;
    case 'add-host':
      return <AddHostDialog onClose={close} />;
    case 'remove-host':
      return <RemoveHostDialog host={dialog.host} onClose={close} />;
    case 'credentials':
      return <CredentialsDialog host={dialog.host} need={dialog.need} onClose={close} />;
  }
}
