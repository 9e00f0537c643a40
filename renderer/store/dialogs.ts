// Which modal is open. One at a time, like a desktop app.
import { create } from 'zustand';

export type DialogState =
  | { kind: 'none' }
  | { kind: 'add-host' }
  | { kind: 'remove-host'; host: string }
  | { kind: 'credentials'; host: string; need: 'password' | 'passphrase' };

interface DialogStore {
  dialog: DialogState;
  open(d: DialogState): void;
  close(): void;
}

export const useDialogStore = create<DialogStore>()((set) => ({
  dialog: { kind: 'none' },
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: { kind: 'none' } }),
}));
