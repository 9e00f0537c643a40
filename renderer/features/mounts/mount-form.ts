// The mount wizards' answers and the requests they make (no DOM): which guest
// devices can be mounted and why not, the default mountpoint, the options
// (switches plus free text), the /etc/fstab lines that belong to a mount, and
// the guest.mount request. The checks are the shared ones the backend applies
// too (shared/contract/features/mounts.ts), so the wizard refuses as you type what the planner
// would refuse.
import { newRequestIds, type RequestIds } from '../../platform/wizard/request-ids.ts';
import {
  checkLabel,
  checkMountOptions,
  checkMountpoint,
  goneAtShutdown,
  MKFS_TYPES,
  notFilesystem,
  type FstabEntry,
  type GuestBlockDevice,
  type GuestBlockDevs,
  type GuestMountRequest,
  type MkfsType,
  type MountCheck,
} from '../../../shared/contract/features/mounts.ts';
import type { Domain } from '../../../shared/contract/models.ts';
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
  /** The fstab box was set by the user (else it follows the device: off for a disk gone at the next shutdown). */
  fstabEdited: boolean;
  /** VM disks (targets) that are gone after the next shutdown: fstab off by default, nofail when it is ticked. */
  goneAtShutdown: readonly string[];
  /** Chosen once per wizard: the review and the run use the same UUID and backup name. */
  ids: RequestIds;
}

/** The VM disks of the guest's devices that are gone after the next shutdown (attached now only, or a transient VM's). */
export function targetsGoneAtShutdown(domain: Pick<Domain, 'persistent' | 'pendingDisks'> | null | undefined, devs: GuestBlockDevs | null): string[] {
  if (!domain || !devs) return [];
  return [...new Set(devs.devices.flatMap((d) => (d.target && goneAtShutdown(domain, d.target) ? [d.target] : [])))];
}

/** The chosen device sits on a VM disk that is gone after the next shutdown. */
export function deviceGoneAtShutdown(f: Pick<GuestMountForm, 'device' | 'goneAtShutdown'>, devs: GuestBlockDevs | null): boolean {
  const target = devs?.devices.find((x) => x.path === f.device)?.target;
  return target !== undefined && f.goneAtShutdown.includes(target);
}

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
  if (notFilesystem(d.fsType)) return no('signature', { type: d.fsType ?? '' });
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

export function initialGuestMountForm(devs: GuestBlockDevs | null, device?: string, goneAtShutdown: readonly string[] = []): GuestMountForm {
  const d = devs?.devices.find((x) => x.path === device);
  const mkfsType: MkfsType = devs?.mkfs.includes('ext4') ? 'ext4' : (devs?.mkfs[0] ?? 'ext4');
  const gone = d?.target !== undefined && goneAtShutdown.includes(d.target);
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
    // A disk gone after the next shutdown is not put in fstab unless asked (the guest would wait for it at boot).
    fstab: !gone,
    fstabEdited: false,
    goneAtShutdown,
    ids: newRequestIds(),
  };
}

/** Applies a change; the mountpoint follows the device and label until the user types one. */
export function withMountChange(f: GuestMountForm, patch: Partial<GuestMountForm>, devs: GuestBlockDevs | null): GuestMountForm {
  const next = { ...f, ...patch };
  if (patch.mountpoint !== undefined) next.mountpointEdited = true;
  if (patch.fstab !== undefined) next.fstabEdited = true;
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

/**
 * The answers as they apply now: until the user sets the fstab box, it
 * follows the device (off for a disk gone at the next shutdown); in fstab,
 * such a disk gets nofail, or the guest would stop at boot once it is gone
 * (the planner adds it too). Worked out on every render rather than stored,
 * so it follows the VM as the inventory tells what the disk is.
 */
export function settleMountForm(f: GuestMountForm, devs: GuestBlockDevs | null): GuestMountForm {
  const gone = deviceGoneAtShutdown(f, devs);
  const fstab = f.fstabEdited ? f.fstab : !gone;
  return { ...f, fstab, nofail: f.nofail || (fstab && gone) };
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

export function mountProblems(form: GuestMountForm, devs: GuestBlockDevs | null): MountProblems {
  const f = settleMountForm(form, devs);
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

export function guestMountRequest(domain: string, form: GuestMountForm, devs: GuestBlockDevs | null): GuestMountRequest | null {
  const f = settleMountForm(form, devs);
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
