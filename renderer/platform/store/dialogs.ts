// Which modal is open. One at a time, like a desktop app.
import { create } from 'zustand';

/**
 * The parameters of every dialog, by kind. Each feature adds its own with
 * declaration merging (renderer/features/<name>/dialogs.ts:
 * `declare module '.../platform/store/dialogs.ts' { interface DialogParams { ... } }`);
 * the registry (renderer/features/index.ts) must then render each kind.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DialogParams {}

export type DialogKind = keyof DialogParams;

export type DialogState = { kind: 'none' } | { [K in DialogKind]: { kind: K } & DialogParams[K] }[DialogKind];

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

export const openDialog = (d: DialogState): void => useDialogStore.getState().open(d);
