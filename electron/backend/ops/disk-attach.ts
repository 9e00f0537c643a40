// Planning disk attach and detach: the safety checks operators learnt the hard
// way (an image in use elsewhere, SATA/IDE hot-plug, deleting an image other
// images are built on), then the exact virsh commands with the disk XML.
import { SpindleError } from '../../../shared/errors.ts';
import type { Domain, Inventory, Volume } from '../../../shared/models.ts';
import { conflictingUses, type DiskUse } from '../libvirt/disk-usage.ts';
import { buildDiskXml, canHotplug, nextFreeTarget, targetMatchesBus, type DiskBus, type DiskDevice, type DiskSourceSpec, type DiskSpec } from '../libvirt/disk-xml.ts';
import { findDisk, findDomain, volumeOfDisk } from './lookup.ts';
import type { Plan } from './plan.ts';

export type ChangeMode = 'live' | 'persistent' | 'both';

export type AttachSource = { kind: 'volume'; pool: string; volume: string } | { kind: 'file'; path: string } | { kind: 'block'; dev: string } | { kind: 'iso'; path: string };

export interface AttachRequest {
  domain: string;
  source: AttachSource;
  device?: DiskDevice;
  bus?: DiskBus;
  target?: string;
  /** Needed for files and devices outside any pool (the wizard reads it with qemu-img info). */
  format?: DiskSpec['format'];
  options?: Pick<DiskSpec, 'cache' | 'io' | 'discard' | 'detectZeroes' | 'readonly' | 'shareable' | 'serial' | 'bootOrder'>;
  /** Default: both when the VM runs, persistent when it does not. */
  mode?: ChangeMode;
}

const refuse = (message: string, hint: string): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint);

function modeFlags(mode: ChangeMode): string[] {
  return mode === 'live' ? ['--live'] : mode === 'persistent' ? ['--config'] : ['--live', '--config'];
}

function resolveMode(dom: Domain, requested: ChangeMode | undefined, bus: DiskBus, verb: string): ChangeMode {
  const running = dom.state === 'running' || dom.state === 'paused';
  const mode = requested ?? (running ? 'both' : 'persistent');
  if (mode !== 'persistent' && !running) throw refuse(`VM "${dom.name}" is not running, so nothing can be ${verb} live.`, 'Choose "persistent": the change applies at its next start.');
  if (mode !== 'persistent' && !canHotplug(bus)) {
    throw refuse(`${bus.toUpperCase()} disks cannot be hot-plugged: a running VM cannot have them ${verb}.`, `Choose "persistent" (applies after the next shutdown and start), or the virtio or SCSI bus.`);
  }
  return mode;
}

function describeUse(u: DiskUse): string {
  switch (u.relation) {
    case 'same-image':
      return `VM "${u.domain}" uses it as ${u.target}${u.writes ? ' (read-write)' : ' (read-only)'}`;
    case 'our-image-is-its-backing-file':
      return `it is the backing file under disk ${u.target} of VM "${u.domain}"`;
    default:
      return `its backing chain includes the image VM "${u.domain}" writes as ${u.target}`;
  }
}

export function planAttachDisk(inv: Inventory, uri: string, req: AttachRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const isIso = req.source.kind === 'iso';
  const device: DiskDevice = req.device ?? (isIso ? 'cdrom' : 'disk');
  const bus: DiskBus = req.bus ?? (device === 'cdrom' ? 'sata' : device === 'lun' ? 'scsi' : 'virtio');
  const mode = resolveMode(dom, req.mode, bus, 'attached');
  const used = dom.disks.map((d) => d.target);
  const target = req.target ?? nextFreeTarget(bus, used);
  if (used.includes(target)) throw refuse(`VM "${dom.name}" already has a disk ${target}.`, `Choose another target, e.g. ${nextFreeTarget(bus, used)}.`);
  if (!targetMatchesBus(target, bus)) throw refuse(`Target "${target}" does not fit the ${bus} bus.`, `Use ${nextFreeTarget(bus, used)}.`);

  // Where the data lives, its format and its backing chain.
  let source: DiskSourceSpec;
  let path: string;
  let format = req.format;
  let vol: Volume | undefined;
  switch (req.source.kind) {
    case 'volume': {
      const src = req.source;
      const pool = inv.pools.find((p) => p.name === src.pool);
      vol = pool?.volumes.find((v) => v.name === src.volume);
      if (!pool || !vol) throw new SpindleError('UNKNOWN_VOLUME', `There is no volume "${src.volume}" in pool "${src.pool}".`, 'Pick an existing volume, or create one first.');
      source = { type: 'volume', pool: pool.name, volume: vol.name };
      path = vol.path;
      format ??= (vol.format as DiskSpec['format']) ?? 'raw';
      break;
    }
    case 'file':
    case 'iso':
      source = { type: 'file', path: req.source.path };
      path = req.source.path;
      vol = inv.pools.flatMap((p) => p.volumes).find((v) => v.path === path);
      format ??= isIso ? 'raw' : (vol?.format as DiskSpec['format'] | undefined);
      break;
    case 'block':
      source = { type: 'block', dev: req.source.dev };
      path = req.source.dev;
      format ??= 'raw';
      break;
  }
  const options = { ...req.options };
  const writes = device !== 'cdrom' && !options.readonly;
  const uses = conflictingUses(inv.domains, dom.name, path, (vol?.backingChain ?? []).map((b) => b.path ?? '').filter(Boolean));
  const warnings: string[] = [];
  if (uses.length && writes && !options.shareable) {
    throw new SpindleError(
      'INVALID_ARGUMENT',
      `${path} is in use: ${uses.map(describeUse).join('; ')}. Attaching it read-write would corrupt data.`,
      'Attach it read-only, or mark it shareable if the guests run a cluster filesystem, or give this VM its own qcow2 overlay on top of it.',
      { usedBy: [...new Set(uses.map((u) => u.domain))].join(',') },
    );
  }
  if (uses.some((u) => u.writes)) warnings.push(`${path} is written by another VM; this VM may see its data change underneath it.`);

  const spec: DiskSpec = { source, device, bus, target, ...(format ? { format } : {}), ...options };
  const xml = buildDiskXml(spec);
  return {
    title: `Attach ${path} to ${dom.name} as ${target} (${bus}, ${mode})`,
    steps: [
      {
        description: `Attach ${path} to VM "${dom.name}" as ${target} on the ${bus} bus (${mode === 'both' ? 'now and after restarts' : mode === 'live' ? 'until the VM stops' : 'from its next start'})`,
        argv: ['virsh', '--connect', uri, 'attach-device', '--domain', dom.name, '--file', '/dev/stdin', ...modeFlags(mode)],
        stdin: xml,
      },
    ],
    warnings,
  };
}

export interface DetachRequest {
  domain: string;
  target: string;
  mode?: ChangeMode;
  /** Also delete the volume behind the disk (pool volumes only). */
  deleteVolume?: boolean;
}

export function planDetachDisk(inv: Inventory, uri: string, req: DetachRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const pending = dom.pendingDisks;
  if (pending?.configOnly.includes(req.target)) {
    // Saved for the next start but not in the running VM: only the saved config can lose it.
    if (req.mode && req.mode !== 'persistent') throw refuse(`${req.target} is not in the running VM yet; it is only in the saved configuration.`, 'Detach it with mode "persistent".');
    return {
      title: `Remove ${req.target} from the saved configuration of ${dom.name}`,
      steps: [{ description: `Remove ${req.target} from VM "${dom.name}" (saved configuration)`, argv: ['virsh', '--connect', uri, 'detach-disk', '--domain', dom.name, '--target', req.target, '--config'] }],
      warnings: req.deleteVolume ? ['--delete-volume is ignored for a disk that is not in the running VM; delete the volume separately.'] : [],
    };
  }
  const disk = findDisk(dom, req.target);
  const bus = (disk.bus ?? 'virtio') as DiskBus;
  const liveOnly = pending?.liveOnly.includes(disk.target) ?? false;
  if (liveOnly && req.mode && req.mode !== 'live') {
    throw refuse(`${disk.target} was attached to the running VM only; it is not in the saved configuration.`, 'Detach it with mode "live" (or leave the mode out).');
  }
  const mode = resolveMode(dom, req.mode ?? (liveOnly ? 'live' : undefined), bus, 'detached');
  const steps: Plan['steps'] = [
    {
      description: `Detach ${disk.target} (${disk.sourceLabel}) from VM "${dom.name}"`,
      argv: ['virsh', '--connect', uri, 'detach-disk', '--domain', dom.name, '--target', disk.target, ...modeFlags(mode)],
    },
  ];
  const warnings: string[] = [];
  if (req.deleteVolume) {
    const vol = volumeOfDisk(inv, disk);
    if (!vol) throw refuse(`${disk.sourceLabel} is not a volume of any pool, so Spindle will not delete it.`, 'Delete files outside pools by hand if you are sure.');
    // Deleting an image that others are built on destroys them (virt-manager #811).
    const children = inv.pools.flatMap((p) => p.volumes).filter((v) => v.backingChain.some((b) => b.path === vol.path));
    const users = inv.domains.filter((d) => d.name !== dom.name && d.disks.some((k) => (k.source.file ?? k.source.dev) === vol.path || k.backingChain.some((b) => b.path === vol.path)));
    if (children.length || users.length) {
      throw refuse(
        `${vol.path} cannot be deleted: ${[...children.map((c) => `volume "${c.name}" is built on it`), ...users.map((u) => `VM "${u.name}" uses it`)].join('; ')}.`,
        'Detach without deleting; delete the dependent images first if they are no longer needed.',
      );
    }
    warnings.push(`This deletes exactly one file: ${vol.path} (${vol.format ?? 'raw'}, volume "${vol.name}" of pool "${vol.pool}").`);
    steps.push({ description: `Delete volume "${vol.name}" (${vol.path})`, argv: ['virsh', '--connect', uri, 'vol-delete', '--pool', vol.pool, '--vol', vol.name], destructive: true });
  }
  return { title: `Detach ${disk.target} from ${dom.name}${req.deleteVolume ? ' and delete its volume' : ''}`, steps, warnings };
}
