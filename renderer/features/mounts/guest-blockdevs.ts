// A running guest's block devices, filesystems, mkfs programs and fstab
// (guest.blockdevs through its agent), fetched when a view needs them and
// again when a job that changes them ends (mount, unmount, agent channel,
// attach, detach, grow). Views that show a VM hold a watch on it; entries no
// view watches are dropped on such a job's end, so the next view asks again.
import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { GuestBlockDevs } from '../../../shared/contract/features/mounts.ts';
import type { Job } from '../../../shared/contract/ops.ts';
import { api } from '../../platform/api/instance.ts';

export interface BlockDevsEntry {
  data: GuestBlockDevs | null;
  loading: boolean;
  error: ErrorInfo | null;
  /** When the data was read (ms). */
  loadedAt: number | null;
}

const EMPTY: BlockDevsEntry = { data: null, loading: false, error: null, loadedAt: null };

export const blockDevsKey = (host: string, domain: string): string => JSON.stringify([host, domain]);

interface BlockDevsState {
  byVm: Record<string, BlockDevsEntry>;
}

export const useBlockDevsStore = create<BlockDevsState>()(() => ({ byVm: {} }));

const patch = (key: string, p: Partial<BlockDevsEntry>) => useBlockDevsStore.setState((s) => ({ byVm: { ...s.byVm, [key]: { ...(s.byVm[key] ?? EMPTY), ...p } } }));

const watchers = new Map<string, number>();
/** The newest call per VM: an older answer arriving late is dropped. */
const seq = new Map<string, number>();

export async function loadBlockDevs(host: string, domain: string): Promise<void> {
  const key = blockDevsKey(host, domain);
  const n = (seq.get(key) ?? 0) + 1;
  seq.set(key, n);
  patch(key, { loading: true });
  const out = await api().call('guest.blockdevs', { host, domain });
  if (seq.get(key) !== n) return;
  if (out.ok) patch(key, { data: out.result, loading: false, error: null, loadedAt: Date.now() });
  else patch(key, { loading: false, error: out.error });
}

/** Job kinds after which what the guest has mounted (or can show) may differ. */
const CHANGES_GUEST = new Set(['guest.mount', 'guest.umount', 'guest.agentChannel', 'guest.growfs', 'disk.attach', 'disk.detach', 'disk.resize']);

/** A job ended: re-read the guests of its host that a view shows; forget the others. */
export function onJobEndedForGuests(job: Job): void {
  if (job.state === 'running' || !CHANGES_GUEST.has(job.kind)) return;
  const byVm = useBlockDevsStore.getState().byVm;
  const drop: string[] = [];
  for (const key of Object.keys(byVm)) {
    const [host, domain] = JSON.parse(key) as [string, string];
    if (host !== job.host) continue;
    if ((watchers.get(key) ?? 0) > 0) void loadBlockDevs(host, domain);
    else drop.push(key);
  }
  if (drop.length)
    useBlockDevsStore.setState((s) => {
      const next = { ...s.byVm };
      for (const k of drop) delete next[k];
      return { byVm: next };
    });
}

/**
 * The VM's devices, loaded when first shown (and again when `reloadKey`
 * changes, e.g. the VM's state); `enabled` false (a VM that is off) asks nothing.
 */
export function useBlockDevs(host: string, domain: string, enabled: boolean, reloadKey = ''): BlockDevsEntry & { reload(): void } {
  const key = blockDevsKey(host, domain);
  useEffect(() => {
    if (!enabled) return;
    watchers.set(key, (watchers.get(key) ?? 0) + 1);
    void loadBlockDevs(host, domain);
    return () => {
      watchers.set(key, Math.max(0, (watchers.get(key) ?? 1) - 1));
    };
  }, [host, domain, key, enabled, reloadKey]);
  const entry = useBlockDevsStore((s) => s.byVm[key]) ?? EMPTY;
  const reload = useCallback(() => void loadBlockDevs(host, domain), [host, domain]);
  return { ...entry, reload };
}
