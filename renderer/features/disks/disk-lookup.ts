// The pool volume behind a VM disk, and which modes a detach can use.
import type { Disk, Domain, Pool, Volume } from '../../../shared/contract/models.ts';
import { hotpluggable, type ChangeMode, type DiskBus } from './attach-form.ts';

export function volumeOfDisk(pools: readonly Pool[], disk: Disk): Volume | undefined {
  const s = disk.source;
  if (s.pool && s.volume) {
    const v = pools.find((p) => p.name === s.pool)?.volumes.find((x) => x.name === s.volume);
    if (v) return v;
  }
  const path = s.file ?? s.dev;
  if (!path) return undefined;
  for (const p of pools) {
    const v = p.volumes.find((x) => x.path === path);
    if (v) return v;
  }
  return undefined;
}

export function busOf(disk: Disk | undefined): DiskBus {
  const b = disk?.bus;
  return b === 'virtio' || b === 'scsi' || b === 'sata' || b === 'nvme' || b === 'usb' || b === 'ide' ? b : 'virtio';
}

/** Modes a detach can use: a disk in one configuration only can leave only that one. */
export function detachModes(domain: Domain, target: string, disk: Disk | undefined): { allowed: ChangeMode[]; initial: ChangeMode; reasonKey: string | null } {
  const running = domain.state === 'running' || domain.state === 'paused';
  if (domain.pendingDisks?.configOnly.includes(target)) return { allowed: ['persistent'], initial: 'persistent', reasonKey: 'wizard.detach.configOnly' };
  if (domain.pendingDisks?.liveOnly.includes(target)) return { allowed: ['live'], initial: 'live', reasonKey: 'wizard.detach.liveOnly' };
  if (!running) return { allowed: ['persistent'], initial: 'persistent', reasonKey: 'wizard.mode.offReason' };
  if (!hotpluggable(busOf(disk))) return { allowed: ['persistent'], initial: 'persistent', reasonKey: 'wizard.mode.noHotplugReason' };
  return { allowed: ['both', 'live', 'persistent'], initial: 'both', reasonKey: null };
}
