// A disk's I/O limits (iotune.get: live and saved), fetched when a view of
// the disk needs them and again after an iotune.set job ends.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { IoTune } from '../../../shared/contract/stats.ts';
import { api } from '../../platform/api/instance.ts';

export interface IoTuneEntry {
  live: IoTune | null;
  config: IoTune | null;
  loading: boolean;
  error: ErrorInfo | null;
}

const EMPTY: IoTuneEntry = { live: null, config: null, loading: false, error: null };

export const ioTuneKey = (host: string, domain: string, target: string): string => JSON.stringify([host, domain, target]);

interface IoTuneState {
  byDisk: Record<string, IoTuneEntry>;
}

export const useIoTuneStore = create<IoTuneState>()(() => ({ byDisk: {} }));

const patch = (key: string, p: Partial<IoTuneEntry>) => useIoTuneStore.setState((s) => ({ byDisk: { ...s.byDisk, [key]: { ...(s.byDisk[key] ?? EMPTY), ...p } } }));

export async function loadIoTune(host: string, domain: string, target: string): Promise<void> {
  const key = ioTuneKey(host, domain, target);
  patch(key, { loading: true });
  const out = await api().call('iotune.get', { host, domain, target });
  if (out.ok) patch(key, { live: out.result.live, config: out.result.config, loading: false, error: null });
  else patch(key, { loading: false, error: out.error });
}

/** The disk's limits, loaded on first use (and again when `reloadKey` changes, e.g. the VM's state). */
export function useIoTune(host: string, domain: string, target: string, reloadKey = ''): IoTuneEntry {
  const key = ioTuneKey(host, domain, target);
  useEffect(() => {
    void loadIoTune(host, domain, target);
  }, [host, domain, target, reloadKey]);
  return useIoTuneStore((s) => s.byDisk[key]) ?? EMPTY;
}
