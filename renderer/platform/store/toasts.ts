// Short-lived notices (a refresh failed, a name was copied). Errors stay until
// dismissed; plain notices fade after a few seconds.
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';

export interface Toast {
  id: number;
  /** i18n key of the headline, with its values. */
  titleKey: string;
  values?: Record<string, string>;
  error?: ErrorInfo;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const NOTICE_MS = 4000;

export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  push: (t) => {
    const id = nextId++;
    // Keep the list short; the oldest notice goes first.
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...t, id }] }));
    if (!t.error) setTimeout(() => get().dismiss(id), NOTICE_MS);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
}));

export const notify = (titleKey: string, values?: Record<string, string>): void => useToastStore.getState().push({ titleKey, ...(values ? { values } : {}) });
export const notifyError = (titleKey: string, error: ErrorInfo, values?: Record<string, string>): void =>
  useToastStore.getState().push({ titleKey, error, ...(values ? { values } : {}) });
