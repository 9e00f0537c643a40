// The mount wizards' answers and the requests they make (no DOM): which guest
// devices can be mounted and why not, the default mountpoint, the options
// (switches plus free text), the /etc/fstab lines that belong to a mount, and
// the guest.mount request. The checks are the shared ones the backend applies
// too (shared/mount.ts), so the wizard refuses as you type what the planner
// would refuse.
import { newRequestIds, type RequestIds } from '../../platform/wizard/request-ids.ts';
import {
  checkLabel,
  checkMountOptions,
  checkMountpoint,
  MKFS_TYPES,
  PROTECTED_MOUNTPOINTS,
  type FstabEntry,
  type GuestBlockDevice,
  type GuestBlockDevs,
  type GuestMountRequest,
  type MkfsType,
  type MountCheck,
} from '../../../shared/contract/mount.ts';
import type { PlanInfo } from '../../../shared/contract/ops.ts';

export type AtimeChoice = 'default' | 'noatime' | 'relatime';

export interface GuestMountForm {
  device: string;
  mkfsType: MkfsType;
  label: string;
  /** The "Erase … and create …" checkbox. */
  eraseChecked: boolean;
  /** The device path typed again. */
  confirmText: string;
  mountpoint: string;
  /** The mountpoint was typed by the user (else it follows the label / target). */
  mountpointEdited: boolean;
  ro: boolean;
  atime: AtimeChoice;
  discard: boolean;
  nofail: boolean;
  /** Other options, separated by commas or spaces. */
  extra: string;
  fstab: boolean;
  /** Chosen once per wizard: the review and the run use the same UUID and backup name. */
  ids: RequestIds;
}

/** Signatures that are not a mountable filesystem (blkid TYPE values). */
const NOT_FILESYSTEMS: Record<string, string> = {
  LVM2_member: 'lvm',
  crypto_LUKS: 'luks',
  linux_raid_member: 'raid',
  swap: 'swap',
  zfs_member: 'zfs',
  ceph: 'other',
  bcache: 'other',
  drbd: 'other',
  isw_raid_member: 'raid',
  ddf_raid_member: 'raid',
};

export interface DeviceChoice {
  device: GuestBlockDevice;
  selectable: boolean;
  /** i18n key under mount.device.why.* and its values, when it cannot be picked. */
  reason?: { key: string; values: Record<string, string> } | undefined;
  /** It has no filesystem: picking it means creating one. */
  needsMkfs: boolean;
}

export function deviceChoice(d: GuestBlockDevice): DeviceChoice {
  const no = (key: string, values: Record<string, string> = {}): DeviceChoice => ({ device: d, selectable: false, reason: { key, values }, needsMkfs: false });
  if (d.mountpoints.length > 0) return no('mounted', { where: d.mountpoints.join(', ') });
  if (d.hasChildren) return no('children');
  if (d.fsType && Object.prototype.hasOwnProperty.call(NOT_FILESYSTEMS, d.fsType)) return no('signature', { type: d.fsType });
  if (!d.fsType && d.kind === 'rom') return no('romEmpty');
  if (!d.fsType && d.readOnly) return no('readOnlyEmpty');
  return { device: d, selectable: true, needsMkfs: !d.fsType };
}

/** Devices in tree order: each disk followed by what sits on it (partitions, then further children). */
export function deviceTree(devices: readonly GuestBlockDevice[]): { device: GuestBlockDevice; depth: number }[] {
  const byParent = new Map<string, GuestBlockDevice[]>();
  const paths = new Set(devices.map((d) => d.path));
  const roots: GuestBlockDevice[] = [];
  for (const d of devices) {
    if (d.parent && paths.has(d.parent) && d.parent !== d.path) {
      const list = byParent.get(d.parent) ?? [];
      list.push(d);
      byParent.set(d.parent, list);
    } else roots.push(d);
  }
  const order = (a: GuestBlockDevice, b: GuestBlockDevice) => a.path.localeCompare(b.path, undefined, { numeric: true });
  const out: { device: GuestBlockDevice; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (d: GuestBlockDevice, depth: number) => {
    if (seen.has(d.path)) return;
    seen.add(d.path);
    out.push({ device: d, depth });
    for (const c of (byParent.get(d.path) ?? []).sort(order)) walk(c, depth + 1);
  };
  for (const r of roots.sort(order)) walk(r, 0);
  return out;
}

/** A device and every device that sits on it (for a disk's view: its partitions too). */
export function devicesOfTarget(devices: readonly GuestBlockDevice[], target: string): GuestBlockDevice[] {
  return devices.filter((d) => d.target === target);
}

/** Letters, digits and . _ - only: what a default mountpoint may be made of. */
function slug(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 64);
}

/** /mnt/<label or VM disk target or device name>. */
export function defaultMountpoint(d: GuestBlockDevice | undefined, newLabel = ''): string {
  if (!d) return '/mnt/data';
  const name = slug(newLabel) || slug(d.label ?? '') || slug(d.target ? (d.kind === 'part' ? d.name : d.target) : '') || slug(d.name) || 'data';
  return `/mnt/${name}`;
}

/** "rw,noatime  x-systemd.automount" -> ["rw", "noatime", "x-systemd.automount"] */
export function splitOptions(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** The options the switches and the free text make, each once, in that order. */
export function mountOptions(f: Pick<GuestMountForm, 'ro' | 'atime' | 'discard' | 'nofail' | 'extra'>): string[] {
  const out: string[] = [];
  const add = (o: string) => {
    if (!out.includes(o)) out.push(o);
  };
  if (f.ro) add('ro');
  if (f.atime !== 'default') add(f.atime);
  if (f.discard) add('discard');
  if (f.nofail) add('nofail');
  for (const o of splitOptions(f.extra)) add(o);
  return out;
}

export function initialGuestMountForm(devs: GuestBlockDevs | null, device?: string): GuestMountForm {
  const d = devs?.devices.find((x) => x.path === device);
  const mkfsType: MkfsType = devs?.mkfs.includes('ext4') ? 'ext4' : (devs?.mkfs[0] ?? 'ext4');
  return {
    device: d && deviceChoice(d).selectable ? d.path : '',
    mkfsType,
    label: '',
    eraseChecked: false,
    confirmText: '',
    mountpoint: defaultMountpoint(d),
    mountpointEdited: false,
    ro: false,
    atime: 'default',
    discard: false,
    nofail: false,
    extra: '',
    fstab: true,
    ids: newRequestIds(),
  };
}

/** Applies a change; the mountpoint follows the device and label until the user types one. */
export function withMountChange(f: GuestMountForm, patch: Partial<GuestMountForm>, devs: GuestBlockDevs | null): GuestMountForm {
  const next = { ...f, ...patch };
  if (patch.mountpoint !== undefined) next.mountpointEdited = true;
  if (patch.device !== undefined && patch.device !== f.device) {
    next.eraseChecked = false;
    next.confirmText = '';
  }
  if (patch.mkfsType !== undefined && patch.mkfsType !== f.mkfsType) next.eraseChecked = false;
  if (!next.mountpointEdited) {
    const d = devs?.devices.find((x) => x.path === next.device);
    const needsMkfs = d ? !d.fsType : false;
    next.mountpoint = defaultMountpoint(d, needsMkfs ? next.label : '');
  }
  return next;
}

export interface MountProblems {
  device: string | null;
  filesystem: string | null;
  mountpoint: string | null;
  /** Field checks with their i18n key (mount.check.*) for inline messages. */
  label: MountCheck | null;
  mountpointCheck: MountCheck | null;
  options: MountCheck | null;
}

export function mountProblems(f: GuestMountForm, devs: GuestBlockDevs | null): MountProblems {
  const d = devs?.devices.find((x) => x.path === f.device);
  const choice = d ? deviceChoice(d) : null;
  const device = !devs ? 'mount.wizard.loadingDevices' : !choice?.selectable ? 'mount.wizard.needDevice' : null;
  let filesystem: string | null = null;
  let label: MountCheck | null = null;
  if (choice?.needsMkfs) {
    label = f.label === '' ? null : checkLabel(f.mkfsType, f.label);
    if (!devs?.mkfs.includes(f.mkfsType)) filesystem = 'mount.wizard.needMkfsType';
    else if (label) filesystem = 'mount.wizard.fixLabel';
    else if (!f.eraseChecked) filesystem = 'mount.wizard.needErase';
    else if (f.confirmText.trim() !== d?.path) filesystem = 'mount.wizard.needConfirm';
  }
  const mountpointCheck = checkMountpoint(f.mountpoint);
  const options = checkMountOptions(mountOptions(f));
  const mountpoint = f.mountpoint.trim() === '' ? 'mount.wizard.needMountpoint' : mountpointCheck ? 'mount.wizard.fixMountpoint' : options ? 'mount.wizard.fixOptions' : null;
  return { device, filesystem, mountpoint, label, mountpointCheck, options };
}

export function guestMountRequest(domain: string, f: GuestMountForm, devs: GuestBlockDevs | null): GuestMountRequest | null {
  const p = mountProblems(f, devs);
  if (p.device || p.filesystem || p.mountpoint) return null;
  const d = devs?.devices.find((x) => x.path === f.device);
  if (!d) return null;
  return {
    domain,
    device: d.path,
    mountpoint: f.mountpoint,
    options: mountOptions(f),
    ...(!d.fsType ? { mkfs: { type: f.mkfsType, ...(f.label ? { label: f.label } : {}), confirm: f.confirmText.trim(), uuid: f.mkfsType === 'vfat' ? f.ids.vfatId : f.ids.fsUuid } } : {}),
    requestId: f.ids.requestId,
    // A filesystem without a UUID cannot go into fstab by UUID (the fstab step says so).
    fstab: f.fstab && (!d.fsType || Boolean(d.uuid)),
  };
}

/** mkfs types offered, with whether the guest has the program. */
export function mkfsChoices(devs: GuestBlockDevs | null): { type: MkfsType; installed: boolean }[] {
  return MKFS_TYPES.map((type) => ({ type, installed: Boolean(devs?.mkfs.includes(type)) }));
}

/** The /etc/fstab lines that belong to this device or mountpoint (by mountpoint, UUID=, LABEL= or device path). */
export function fstabEntriesFor(fstab: readonly FstabEntry[] | null, d: Pick<GuestBlockDevice, 'path' | 'uuid' | 'label'> | null, mountpoint?: string): FstabEntry[] {
  if (!fstab) return [];
  const unq = (s: string) => s.replace(/^"(.*)"$/, '$1');
  return fstab.filter((e) => {
    if (mountpoint !== undefined && e.file === mountpoint) return true;
    if (!d) return false;
    const spec = e.spec;
    if (d.uuid && (unq(spec) === `UUID=${d.uuid}` || spec === `/dev/disk/by-uuid/${d.uuid}`)) return true;
    if (d.label && (unq(spec) === `LABEL=${d.label}` || spec === `/dev/disk/by-label/${d.label}`)) return true;
    return spec === d.path;
  });
}

/** Mountpoints of the guest's own system that Spindle does not offer to unmount. */
export function isSystemMountpoint(mp: string): boolean {
  return PROTECTED_MOUNTPOINTS.includes(mp) || mp === '/boot/efi' || mp === '[SWAP]';
}

/** The line a guest.mount plan appends to /etc/fstab: the input of its `tee -a /etc/fstab` guest step. */
export function fstabLineOfPlan(plan: PlanInfo): string | null {
  for (const s of plan.steps) {
    const g = s.guestArgv;
    if (!g || (g[0] ?? '').split('/').pop() !== 'tee' || !g.includes('-a') || !g.includes('/etc/fstab')) continue;
    const line = (s.guestInput ?? s.stdin ?? '').trim();
    if (line) return line;
  }
  return null;
}

/** Used of total as a fraction 0..1, when both are known. */
export function usedFraction(d: Pick<GuestBlockDevice, 'usedBytes' | 'totalBytes'>): number | null {
  if (d.usedBytes === undefined || d.totalBytes === undefined || d.totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, d.usedBytes / d.totalBytes));
}
