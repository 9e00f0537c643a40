// The attach wizard's answers and the AttachRequest they make. Pure: the
// steps render it, the unit tests check it. The rules (buses, hot-plug,
// default bus, modes) are shared/core/domain-rules.ts, the backend's too.
import { busFitsDevice, hotpluggable, modesForAttach, type ChangeMode, type DiskBus, type DiskDevice } from '../../../shared/core/domain-rules.ts';
import { defaultAttachBus, networkProtocolOfPool } from '../../../shared/contract/disk-facts.ts';
import { poolNamed } from '../../../shared/contract/inventory-lookup.ts';
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import { DISK_CACHES, DISK_DETECT_ZEROES, DISK_DISCARDS, DISK_IOS, IMAGE_FORMATS, type AttachChoices, type AttachRequest, type AttachSource, type DiskOptions } from '../../../shared/contract/features/disks.ts';
import { toCreateRequest, validateVolume, type VolumeForm } from '../volumes/index.ts';

export type SourceKind = 'volume' | 'new-volume' | 'file' | 'iso' | 'block';

/** The driver options a user can set ("default" is the unset choice, not listed). */
const set = <T extends string>(all: readonly T[]): Exclude<T, 'default'>[] => all.filter((v): v is Exclude<T, 'default'> => v !== 'default');
export const CACHE_MODES = set(DISK_CACHES);
export const IO_MODES = set(DISK_IOS);
export const DISCARD_MODES = set(DISK_DISCARDS);
export const DETECT_ZEROES_MODES = set(DISK_DETECT_ZEROES);
export const IMAGE_FORMAT_CHOICES = IMAGE_FORMATS;

export interface AttachForm {
  sourceKind: SourceKind;
  pool: string;
  volume: string;
  newVolume: VolumeForm;
  filePath: string;
  isoPath: string;
  blockPath: string;
  /** Image format of a file or device ('' = let the backend decide). */
  format: string;
  device: DiskDevice;
  bus: DiskBus;
  target: string;
  /** False while the target follows the bus's first free name. */
  targetEdited: boolean;
  mode: ChangeMode;
  /** '' = not set (libvirt's default). */
  cache: string;
  io: string;
  discard: string;
  detectZeroes: string;
  readonly: boolean;
  shareable: boolean;
  serial: string;
  bootOrder: string;
}

export function defaultDevice(kind: SourceKind): DiskDevice {
  return kind === 'iso' ? 'cdrom' : 'disk';
}

export interface BusState {
  bus: DiskBus;
  disabled: boolean;
  /** i18n key of why it is disabled or limited. */
  reason: string | null;
  persistentOnly: boolean;
}

export function busStates(choices: AttachChoices, device: DiskDevice): BusState[] {
  return choices.buses.map((bus) => {
    if (!busFitsDevice(bus, device)) return { bus, disabled: true, reason: device === 'cdrom' ? 'wizard.attach.busNoCdrom' : 'wizard.attach.busLunScsi', persistentOnly: false };
    if (bus === 'usb' && !choices.usbController) return { bus, disabled: true, reason: 'wizard.attach.busNoUsb', persistentOnly: false };
    if (choices.running && !hotpluggable(bus)) return { bus, disabled: false, reason: 'wizard.attach.busNoHotplug', persistentOnly: true };
    return { bus, disabled: false, reason: null, persistentOnly: false };
  });
}

/** Modes possible for this VM and bus, best first (the rule the backend checks). */
export function allowedModes(running: boolean, bus: DiskBus, persistent = true): ChangeMode[] {
  return modesForAttach(running, persistent, bus);
}

export function defaultMode(running: boolean, bus: DiskBus, persistent = true): ChangeMode {
  return allowedModes(running, bus, persistent)[0] ?? 'persistent';
}

export function initialAttachForm(newVolume: VolumeForm, pool: string): AttachForm {
  return {
    sourceKind: 'volume',
    pool,
    volume: '',
    newVolume,
    filePath: '',
    isoPath: '',
    blockPath: '',
    format: '',
    device: 'disk',
    bus: 'virtio',
    target: '',
    targetEdited: false,
    mode: 'persistent',
    cache: '',
    io: '',
    discard: '',
    detectZeroes: '',
    readonly: false,
    shareable: false,
    serial: '',
    bootOrder: '',
  };
}

/** Keeps device, bus, target and mode consistent after a change (`persistent`: the VM has a saved configuration). */
export function withAttachChange(f: AttachForm, patch: Partial<AttachForm>, choices: AttachChoices | null, persistent = true): AttachForm {
  const next = { ...f, ...patch };
  if (patch.sourceKind !== undefined && patch.sourceKind !== f.sourceKind) {
    if (patch.device === undefined) next.device = defaultDevice(next.sourceKind);
    if (patch.format === undefined) next.format = '';
  }
  if (patch.target !== undefined) next.targetEdited = patch.target !== '';
  if (choices) {
    if (!busFitsDevice(next.bus, next.device) || !choices.buses.includes(next.bus) || (next.device !== f.device && patch.bus === undefined)) {
      next.bus = defaultAttachBus(next.device, choices, choices.running);
    }
    if (!next.targetEdited) next.target = choices.nextTargets[next.bus] ?? '';
    const modes = allowedModes(choices.running, next.bus, persistent);
    if (!modes.includes(next.mode) || (patch.bus !== undefined && patch.mode === undefined)) next.mode = defaultMode(choices.running, next.bus, persistent);
  }
  if (next.device === 'cdrom') {
    next.readonly = true;
    next.shareable = false;
  } else if (f.device === 'cdrom' && patch.readonly === undefined) {
    // Read-only was the drive's, not a choice.
    next.readonly = false;
  }
  return next;
}

/** Applies the VM's choices once they arrive. */
export function withChoices(f: AttachForm, choices: AttachChoices, persistent = true): AttachForm {
  return withAttachChange({ ...f, targetEdited: false }, { mode: defaultMode(choices.running, f.bus, persistent) }, choices, persistent);
}

/** What the source step still lacks (an i18n key), or null. */
export function sourceProblem(f: AttachForm, pools: readonly Pool[]): string | null {
  switch (f.sourceKind) {
    case 'volume':
      if (!f.pool) return 'wizard.attach.needPool';
      if (!f.volume) return 'wizard.attach.needVolume';
      return null;
    case 'new-volume':
      return Object.keys(validateVolume(f.newVolume, pools)).length ? 'wizard.fixProblems' : null;
    case 'file':
      return f.filePath ? null : 'wizard.attach.needFile';
    case 'iso':
      return f.isoPath ? null : 'wizard.attach.needIso';
    case 'block':
      return f.blockPath ? null : 'wizard.attach.needBlock';
  }
}

/**
 * The protocol QEMU reaches the chosen volume with when it attaches as a
 * network disk (a volume of an rbd or iscsi-direct pool, the backend's rule),
 * or null: the step says so, the review shows the XML.
 */
export function networkProtocol(f: AttachForm, pools: readonly Pool[]): 'rbd' | 'iscsi' | null {
  const pool = f.sourceKind === 'volume' ? f.pool : f.sourceKind === 'new-volume' ? f.newVolume.pool : null;
  return (pool ? networkProtocolOfPool(poolNamed(pools, pool)?.type) : undefined) ?? null;
}

export function deviceProblem(f: AttachForm): string | null {
  if (!f.target.trim()) return 'wizard.attach.needTarget';
  return null;
}

export function optionsProblem(f: AttachForm): string | null {
  if (f.bootOrder.trim() !== '' && !/^[1-9]\d{0,3}$/.test(f.bootOrder.trim())) return 'wizard.attach.bootOrderInvalid';
  if (f.detectZeroes === 'unmap' && f.discard !== 'unmap') return 'wizard.attach.detectZeroesNeedsUnmap';
  return null;
}

function source(f: AttachForm): AttachSource | null {
  switch (f.sourceKind) {
    case 'volume':
      return f.pool && f.volume ? { kind: 'volume', pool: f.pool, volume: f.volume } : null;
    case 'new-volume': {
      const volume = toCreateRequest(f.newVolume);
      return volume ? { kind: 'new-volume', volume } : null;
    }
    case 'file':
      return f.filePath ? { kind: 'file', path: f.filePath } : null;
    case 'iso':
      return f.isoPath ? { kind: 'iso', path: f.isoPath } : null;
    case 'block':
      return f.blockPath ? { kind: 'block', dev: f.blockPath } : null;
  }
}

export function diskOptions(f: AttachForm): DiskOptions {
  const o: DiskOptions = {};
  if (f.cache) o.cache = f.cache as DiskOptions['cache'];
  if (f.io) o.io = f.io as DiskOptions['io'];
  if (f.discard) o.discard = f.discard as DiskOptions['discard'];
  if (f.detectZeroes) o.detectZeroes = f.detectZeroes as DiskOptions['detectZeroes'];
  if (f.readonly && f.device !== 'cdrom') o.readonly = true;
  if (f.shareable) o.shareable = true;
  if (f.serial.trim()) o.serial = f.serial.trim();
  if (f.bootOrder.trim()) o.bootOrder = Number(f.bootOrder.trim());
  return o;
}

export function attachRequest(domain: Domain, f: AttachForm, pools: readonly Pool[]): AttachRequest | null {
  if (sourceProblem(f, pools) || deviceProblem(f) || optionsProblem(f)) return null;
  const src = source(f);
  if (!src) return null;
  const options = diskOptions(f);
  return {
    domain: domain.name,
    source: src,
    device: f.device,
    bus: f.bus,
    target: f.target.trim(),
    ...((f.sourceKind === 'file' || f.sourceKind === 'block') && f.format ? { format: f.format as AttachRequest['format'] } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    mode: f.mode,
  };
}
