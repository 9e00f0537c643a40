// The hosts feature in the shell: adding, removing and unlocking hosts.
import { defineUiFeature } from '../../platform/contributions.ts';
import { AddHostDialog } from './AddHostDialog.tsx';
import { CredentialsDialog } from './CredentialsDialog.tsx';
import { RemoveHostDialog } from './RemoveHostDialog.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    'add-host': Record<never, never>;
    'remove-host': { host: string };
    credentials: { host: string; need: 'password' | 'passphrase' };
  }
}

export const hostsUi = defineUiFeature<'add-host' | 'remove-host' | 'credentials'>({
  id: 'hosts',
  dialogs: {
    'add-host': (_d, close) => <AddHostDialog onClose={close} />,
    'remove-host': (d, close) => <RemoveHostDialog host={d.host} onClose={close} />,
    credentials: (d, close) => <CredentialsDialog host={d.host} need={d.need} onClose={close} />,
  },
});
