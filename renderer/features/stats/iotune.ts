// A disk's I/O limits (iotune.get: live and saved, null for a configuration
// the disk is not in), fetched when a view of the disk needs them and again
// after an iotune.set job ends.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import { diskPresence, type IoTune } from '../../../shared/contract/features/stats.ts';
import { api } from '../../platform/api/instance.ts';
import { useInventoryStore } from '../../platform/store/inventory.ts';
import { describeLimits } from './limits-text.ts';
import { domainNamed } from '../../../shared/contract/inventory-lookup.ts';

export interface IoTuneEntry {
  /** Null: not read yet, or the disk is not in the running VM. */
  live: IoTune | null;
  /** Null: not read yet, or the disk is not in the saved configuration. */
  config: IoTune | null;
  /** A reading (or an error) has arrived at least once. */
  loaded: boolean;
  loading: boolean;
  error: ErrorInfo | null;
}

const EMPTY: IoTuneEntry = { live: null, config: null, loaded: false, loading: false, error: null };

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
  if (out.ok) patch(key, { live: out.result.live, config: out.result.config, loaded: true, loading: false, error: null });
  else patch(key, { loaded: true, loading: false, error: out.error });
}

/** Where the disk is now (live, saved, both), as a string that changes when that changes. */
function presenceKey(inv: Inventory | null | undefined, domain: string, target: string): string {
  const dom = domainNamed(inv?.domains, domain);
  return JSON.stringify(dom ? diskPresence(dom, target) : null);
}

/**
 * The disk's limits, loaded on first use and again when the disk moves into
 * or out of a configuration (started, stopped, attached "Now only", saved) or
 * `reloadKey` changes.
 */
export function useIoTune(host: string, domain: string, target: string, reloadKey = ''): IoTuneEntry {
  const key = ioTuneKey(host, domain, target);
  const where = useInventoryStore((s) => presenceKey(s.byHost[host]?.inventory, domain, target));
  useEffect(() => {
    void loadIoTune(host, domain, target);
  }, [host, domain, target, reloadKey, where]);
  return useIoTuneStore((s) => s.byDisk[key]) ?? EMPTY;
}

/**
 * What one configuration of the disk holds, as Properties and the wizard
 * show it: its limits, "VM not running", "not in the saved configuration"
 * (a disk attached "Now only"), "not in the running VM" (one saved for the
 * next start), or "Could not be read".
 */
export function limitsSideText(t: (k: string, o?: Record<string, string>) => string, io: IoTuneEntry, side: 'live' | 'config', running: boolean): string {
  if (!io.loaded) return t('iotune.loading');
  if (side === 'live' && !running) return t('iotune.notRunningShort');
  if (io.error) return t('iotune.unknown');
  const v = io[side];
  return v ? describeLimits(v, t) : t(side === 'live' ? 'iotune.notLive' : 'iotune.notSaved');
}
