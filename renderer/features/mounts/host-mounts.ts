// Images Spindle has mounted on a host (host.mounts), fetched when a view
// shows them and again whenever a host.mount or host.umount job of that host
// ends (job events, see sync.ts).
import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { HostMount } from '../../../shared/contract/features/mounts.ts';
import type { Job } from '../../../shared/contract/ops.ts';
import { api } from '../../platform/api/instance.ts';

export interface HostMountsEntry {
  mounts: HostMount[] | null;
  loading: boolean;
  error: ErrorInfo | null;
}

const EMPTY: HostMountsEntry = { mounts: null, loading: false, error: null };

interface HostMountsState {
  byHost: Record<string, HostMountsEntry>;
}

export const useHostMountsStore = create<HostMountsState>()(() => ({ byHost: {} }));

const patch = (host: string, p: Partial<HostMountsEntry>) => useHostMountsStore.setState((s) => ({ byHost: { ...s.byHost, [host]: { ...(s.byHost[host] ?? EMPTY), ...p } } }));
const seq = new Map<string, number>();

export async function loadHostMounts(host: string): Promise<void> {
  const n = (seq.get(host) ?? 0) + 1;
  seq.set(host, n);
  patch(host, { loading: true });
  const out = await api().call('host.mounts', { host });
  if (seq.get(host) !== n) return;
  if (out.ok) patch(host, { mounts: out.result.filter((m) => m.host === host), loading: false, error: null });
  else patch(host, { loading: false, error: out.error });
}

/** A job ended: a host mount came or went, so read that host's list again (if anything shows it). */
export function onJobEndedForHostMounts(job: Job): void {
  if (job.state === 'running' || (job.kind !== 'host.mount' && job.kind !== 'host.umount')) return;
  if (useHostMountsStore.getState().byHost[job.host]) void loadHostMounts(job.host);
}

export function useHostMounts(host: string): HostMountsEntry & { reload(): void } {
  useEffect(() => {
    void loadHostMounts(host);
  }, [host]);
  const entry = useHostMountsStore((s) => s.byHost[host]) ?? EMPTY;
  const reload = useCallback(() => void loadHostMounts(host), [host]);
  return { ...entry, reload };
}
