// Facts about a VM's disk read from the inventory model, written once for the
// backend planners and the renderer's wizards: the pool volume behind a disk,
// where the disk exists now (running VM, saved configuration) and so which
// modes a change to it can take.
import { busFitsDevice, defaultBus, DISK_BUSES, hotpluggable, isActive, modesForDevice, type ChangeMode, type DevicePresence, type DiskBus, type DiskDevice } from '../core/domain-rules.ts';
import type { Disk, Domain, Pool, Volume } from './models.ts';
import { volumeIn } from './inventory-lookup.ts';

/** The pool types whose volumes QEMU reaches itself, so they attach as network disks of this protocol (libvirt 9.0 refuses rbd volumes as <disk type='volume'>). */
const NETWORK_DISK_POOLS: Readonly<Record<string, 'rbd' | 'iscsi'>> = { rbd: 'rbd', 'iscsi-direct': 'iscsi' };

export function networkProtocolOfPool(poolType: string | undefined): 'rbd' | 'iscsi' | undefined {
  return poolType === undefined ? undefined : NETWORK_DISK_POOLS[poolType];
}

/**
 * The volume a network disk reaches: rbd CEPHPOOL/IMAGE is an rbd pool
 * volume's path; iscsi IQN/LUN is the LUN libvirt names
 * ip-HOST:PORT-iscsi-IQN-lun-LUN (an iscsi-direct pool volume's path, a
 * kernel iscsi pool's /dev/disk/by-path/ entry).
 */
function networkVolume(pools: readonly Pool[], s: Disk['source']): Volume | undefined {
  if (!s.name) return undefined;
  if (s.protocol === 'rbd') {
    for (const p of pools) if (p.type === 'rbd') for (const v of p.volumes) if (v.path === s.name) return v;
    return undefined;
  }
  if (s.protocol !== 'iscsi') return undefined;
  const m = /^(.+)\/(\d+)$/.exec(s.name);
  if (!m) return undefined;
  const host = s.hosts?.[0];
  const lun = `-iscsi-${m[1]}-lun-${m[2]}`;
  const exact = host?.name ? `ip-${host.name}:${host.port ?? '3260'}${lun}` : undefined;
  for (const p of pools) {
    for (const v of p.volumes) {
      const leaf = v.path.slice(v.path.lastIndexOf('/') + 1);
      if (exact ? leaf === exact : leaf.startsWith('ip-') && leaf.endsWith(lun)) return v;
    }
  }
  return undefined;
}

/**
 * The pool volume behind a disk: the one it names (<source pool= volume=>),
 * else the volume whose path is the disk's file or device, else (a network
 * disk) the rbd image or iSCSI LUN it reaches. Takes the pools, or an
 * inventory.
 */
export function volumeOfDisk(where: readonly Pool[] | { readonly pools: readonly Pool[] }, disk: Pick<Disk, 'source'>): Volume | undefined {
  const pools = 'pools' in where ? where.pools : where;
  const s = disk.source;
  if (s.pool !== undefined && s.volume !== undefined) {
    const v = volumeIn(pools, s.pool, s.volume);
    if (v) return v;
  }
  if (s.type === 'network') return networkVolume(pools, s);
  const path = s.file ?? s.dev;
  if (path === undefined) return undefined;
  for (const p of pools) {
    const v = p.volumes.find((x) => x.path === path);
    if (v) return v;
  }
  return undefined;
}

/** A disk's bus as the rules know it (libvirt may report one Spindle does not offer, e.g. xen: treated as virtio). */
export function busOf(disk: Pick<Disk, 'bus'> | undefined): DiskBus {
  const b = disk?.bus;
  return (DISK_BUSES as readonly string[]).includes(b ?? '') ? (b as DiskBus) : 'virtio';
}

/**
 * Where a VM's disk exists now. `domain.disks` is the running VM's list when
 * it runs; pendingDisks says which targets are only on one side.
 */
export function diskPresence(domain: Pick<Domain, 'state' | 'persistent' | 'pendingDisks'>, target: string): DevicePresence {
  const active = isActive(domain.state);
  const p = domain.pendingDisks;
  return {
    active,
    persistent: domain.persistent,
    inLive: active && !(p?.configOnly.includes(target) ?? false),
    inSaved: domain.persistent && !(p?.liveOnly.includes(target) ?? false),
  };
}

/** Why a disk can take fewer modes than "both" (a key the UI and the CLI explain). */
export type DiskModeLimit = 'liveOnly' | 'configOnly' | 'notRunning' | 'transient' | 'noHotplug';

/**
 * The modes a change to an existing disk (detach, I/O limits, media) can
 * take, best first, and why there are fewer than three: a disk only in the
 * running VM takes only live changes, one only in the saved configuration only
 * persistent ones, and a bus that cannot hot-plug only persistent ones.
 */
export function diskModes(domain: Pick<Domain, 'state' | 'persistent' | 'pendingDisks'>, disk: { target: string; bus?: string | undefined }, opts: { hotplug?: boolean } = {}): { modes: ChangeMode[]; limit: DiskModeLimit | null } {
  const presence = diskPresence(domain, disk.target);
  let modes = modesForDevice(presence);
  let limit: DiskModeLimit | null = null;
  if (presence.active && !presence.inSaved && presence.persistent) limit = 'liveOnly';
  else if (presence.active && !presence.inLive) limit = 'configOnly';
  else if (!presence.active) limit = 'notRunning';
  else if (!presence.persistent) limit = 'transient';
  // Plugging and unplugging need a hot-pluggable bus; changing media or limits does not.
  if (opts.hotplug && presence.active && !hotpluggable(busOf(disk))) {
    const saved = modes.filter((m) => m === 'persistent');
    if (saved.length !== modes.length) {
      modes = saved;
      limit = 'noHotplug';
    }
  }
  return { modes, limit };
}

/** What defaultAttachBus needs of the disks feature's AttachChoices (written out here: the shared parts of the contract import no feature's). */
export interface AttachBusChoices {
  readonly buses: readonly DiskBus[];
  readonly usbController: boolean;
}

/**
 * The bus a new disk goes on when none is chosen, for the backend planner
 * and the attach wizard alike: domain-rules' defaultBus among the buses this
 * VM offers for the device (USB only with a USB controller). A CD-ROM added
 * to a running VM goes on SCSI (hot-pluggable), to a stopped one on SATA.
 */
export function defaultAttachBus(device: DiskDevice, choices: AttachBusChoices | undefined, active: boolean): DiskBus {
  const offered = choices?.buses.filter((b) => busFitsDevice(b, device) && (b !== 'usb' || choices.usbController));
  return defaultBus(device, offered?.length ? offered : undefined, active);
}
