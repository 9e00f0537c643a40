// The rules about VMs, their disks and where a change applies, written once
// and imported by the backend planners, the CLI and the renderer's wizards.
import { z } from 'zod';

/** Where a change applies: the running VM only, its saved configuration only, or both. */
export const CHANGE_MODES = ['live', 'persistent', 'both'] as const;
export const ChangeModeSchema = z.enum(CHANGE_MODES);
export type ChangeMode = z.infer<typeof ChangeModeSchema>;

/** A VM with a QEMU process (running or paused): it has a live configuration and takes hot-plug changes. */
export function isActive(state: string): boolean {
  return state === 'running' || state === 'paused';
}

export const DISK_BUSES = ['virtio', 'scsi', 'sata', 'nvme', 'usb', 'ide'] as const;
export const DiskBusSchema = z.enum(DISK_BUSES);
export type DiskBus = z.infer<typeof DiskBusSchema>;
export const DISK_DEVICES = ['disk', 'cdrom', 'lun'] as const;
export const DiskDeviceSchema = z.enum(DISK_DEVICES);
export type DiskDevice = z.infer<typeof DiskDeviceSchema>;

/** SATA and IDE disks cannot be attached to or detached from a running VM. */
export function hotpluggable(bus: DiskBus): boolean {
  return bus !== 'sata' && bus !== 'ide';
}

/** Buses a device can sit on at all (a CD-ROM is never virtio or NVMe; a LUN is SCSI). */
export function busFitsDevice(bus: DiskBus, device: DiskDevice): boolean {
  if (device === 'cdrom') return bus !== 'virtio' && bus !== 'nvme';
  if (device === 'lun') return bus === 'scsi';
  return true;
}

/**
 * The bus a device goes on by default, among those the VM offers. A CD-ROM
 * added to a running VM prefers SCSI (hot-pluggable); to a stopped one SATA.
 */
export function defaultBus(device: DiskDevice, buses: readonly DiskBus[] | undefined, running: boolean): DiskBus {
  const prefs: DiskBus[] = device === 'cdrom' ? (running ? ['scsi', 'sata', 'ide'] : ['sata', 'scsi', 'ide']) : device === 'lun' ? ['scsi'] : ['virtio', 'scsi', 'sata'];
  if (!buses) return prefs[0] ?? 'virtio';
  return prefs.find((b) => buses.includes(b)) ?? prefs[0] ?? 'virtio';
}

/** Where a disk (or other device) exists now: in the running VM, in the saved configuration, or both. */
export interface DevicePresence {
  /** The VM is running or paused. */
  active: boolean;
  /** The VM has a saved configuration (not a transient VM). */
  persistent: boolean;
  /** The device is in the live configuration (only meaningful when active). */
  inLive: boolean;
  /** The device is in the saved configuration. */
  inSaved: boolean;
}

/**
 * The modes a change to an existing device can take, best first: a device
 * only in the running VM ("Now only" attach) takes only live changes, one
 * only in the saved configuration only persistent ones; a stopped VM has only
 * its saved configuration.
 */
export function modesForDevice(p: DevicePresence): ChangeMode[] {
  const live = p.active && p.inLive;
  const saved = p.persistent && p.inSaved;
  if (live && saved) return ['both', 'live', 'persistent'];
  if (live) return ['live'];
  if (saved) return ['persistent'];
  return [];
}

/** The modes attaching a new disk can take, best first (a bus that cannot hot-plug waits for a restart). */
export function modesForAttach(active: boolean, persistent: boolean, bus: DiskBus): ChangeMode[] {
  if (!active) return ['persistent'];
  if (!hotpluggable(bus)) return persistent ? ['persistent'] : [];
  return persistent ? ['both', 'live', 'persistent'] : ['live'];
}

/** virsh's flags for a mode (attach-device, detach-device, blkdeviotune, ...). */
export function modeFlags(mode: ChangeMode): string[] {
  return mode === 'both' ? ['--live', '--config'] : mode === 'live' ? ['--live'] : ['--config'];
}
