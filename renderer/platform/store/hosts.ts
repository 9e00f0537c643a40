// Saved hosts with their connection state, as the backend reports them.
import { create } from 'zustand';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { HostStatus } from '../../../shared/contract/models.ts';

interface HostsState {
  hosts: HostEntry[];
  /** False until the first hosts.list answered. */
  loaded: boolean;
  setHosts(hosts: HostEntry[]): void;
  upsertHost(entry: HostEntry): void;
  removeHost(name: string): void;
  patchStatus(name: string, status: HostStatus, error: ErrorInfo | null): void;
}

export const useHostsStore = create<HostsState>()((set) => ({
  hosts: [],
  loaded: false,
  setHosts: (hosts) => set({ hosts, loaded: true }),
  upsertHost: (entry) =>
    set((s) => {
      const i = s.hosts.findIndex((h) => h.config.name === entry.config.name);
      if (i < 0) return { hosts: [...s.hosts, entry] };
      const hosts = s.hosts.slice();
      hosts[i] = entry;
      return { hosts };
    }),
  removeHost: (name) => set((s) => ({ hosts: s.hosts.filter((h) => h.config.name !== name) })),
  patchStatus: (name, status, error) =>
    set((s) => {
      const i = s.hosts.findIndex((h) => h.config.name === name);
      const old = s.hosts[i];
      if (!old) return s;
      const hosts = s.hosts.slice();
      hosts[i] = { ...old, status, error };
      return { hosts };
    }),
}));

export function findHost(hosts: readonly HostEntry[], name: string): HostEntry | undefined {
  return hosts.find((h) => h.config.name === name);
}
