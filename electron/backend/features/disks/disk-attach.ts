// Planning disk attach and detach: the safety checks operators learnt the hard
// way (an image in use elsewhere, SATA/IDE hot-plug, deleting an image other
// images are built on), then the exact virsh commands with the disk XML.
import { english } from '../../../../shared/core/messages.ts';
import { randomUUID } from 'node:crypto';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Domain, Inventory, Volume } from '../../../../shared/contract/models.ts';
import { conflictingUses, type DiskUse } from './disk-usage.ts';
import { buildDiskXml, canHotplug, nextFreeTarget, targetMatchesBus, type DiskBus, type DiskDevice, type DiskSourceSpec, type DiskSpec } from '../../libvirt/model/disk-xml.ts';
import type { HostPathFacts, HostPathKind } from '../files/index.ts';
import { findDisk, findDomain, volumeOfDisk } from '../../plan/lookup.ts';
import type { AttachChoices, AttachRequest, AttachSource, ChangeMode, DetachRequest } from '../../../../shared/contract/ops.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { planCreateVolume, type VolumePlanOptions } from '../volumes/index.ts';

export type { AttachRequest, AttachSource, ChangeMode, DetachRequest };

/** A plan for each side of a change. "both" is two steps, saved config first, so a live failure leaves a known state. */
function sides(mode: ChangeMode): Array<{ flag: '--config' | '--live'; live: boolean }> {
  if (mode === 'live') return [{ flag: '--live', live: true }];
  if (mode === 'persistent') return [{ flag: '--config', live: false }];
  return [
    { flag: '--config', live: false },
    { flag: '--live', live: true },
  ];
}

const refuse = (message: string, hint: string, details?: Record<string, string>): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, details);

function resolveMode(dom: Domain, requested: ChangeMode | undefined, bus: DiskBus, verb: string): ChangeMode {
  const running = dom.state === 'running' || dom.state === 'paused';
  const mode = requested ?? (running ? 'both' : 'persistent');
  if (mode !== 'persistent' && !running) throw refuse(`VM "${dom.name}" is not running, so nothing can be ${verb} live.`, 'Choose "persistent": the change applies at its next start.', { field: 'mode' });
  if (mode !== 'persistent' && !canHotplug(bus)) {
    throw refuse(`${bus.toUpperCase()} disks cannot be hot-plugged: a running VM cannot have them ${verb}.`, `Choose "persistent" (applies after the next shutdown and start), or the virtio or SCSI bus.`, { field: 'mode' });
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

export interface AttachPlanOptions extends VolumePlanOptions {
  /** What the VM supports (domain capabilities, controllers, <os><boot>); checked when given. */
  choices?: Pick<AttachChoices, 'buses' | 'devices' | 'usbController' | 'osBootOrder'>;
  /** A file, ISO or block source as the host sees it now (hostPathFacts); checked when given. */
  sourceFacts?: HostPathFacts;
}

const WRONG_KIND: Record<HostPathKind, string> = {
  file: 'a regular file',
  dir: 'a folder',
  block: 'a block device',
  char: 'a character device',
  other: 'neither a file nor a block device',
};

/**
 * The source exists and is the right kind: an image or ISO a regular file, a
 * block source a block device. libvirt itself would only notice at the next
 * start for a saved change, so the VM would keep a disk pointing at nothing.
 * Returns warnings about what the host could not prove.
 */
function checkSourceFacts(kind: 'file' | 'iso' | 'block', f: HostPathFacts, host: string): string[] {
  const field = { field: 'source' };
  if (f.kind === 'missing') {
    const where = f.firstMissing && f.firstMissing !== f.path ? ` (${f.firstMissing} is missing)` : '';
    throw refuse(
      `${f.path} does not exist on ${host}${where}.`,
      kind === 'block' ? 'Check the device name on the host (lsblk lists them).' : 'Check the path (the file browser lists what is there), or create the image first (a new volume, or qemu-img create).',
      field,
    );
  }
  if (f.kind === 'unknown') return [`Spindle could not look at ${f.path} (this user may not enter a folder above it; "use sudo" lets it): libvirt will find out whether it exists when it uses it.`];
  const want: HostPathKind = kind === 'block' ? 'block' : 'file';
  if (f.kind !== want) {
    const hint = want === 'block' ? (f.kind === 'file' ? 'Attach it as a disk image file (--file) with its format.' : 'Pick a block device (lsblk lists them).') : f.kind === 'block' ? 'Attach it as a block device (--block).' : f.kind === 'dir' ? 'Pick the image file inside it.' : 'Pick a disk image or ISO file.';
    throw refuse(`${f.path} is ${WRONG_KIND[f.kind]}, not ${want === 'block' ? 'a block device' : 'an image file'}.`, hint, field);
  }
  // libvirt's dynamic_ownership gives the image itself to QEMU's user at start, but not the folders above it.
  return f.closedDirs.map(
    (d) =>
      `${d.dir} (mode ${d.mode}, ${d.owner}:${d.group}) does not let other users in: QEMU runs as an unprivileged user (libvirt-qemu on Debian/Ubuntu, qemu on Fedora/RHEL) and may not reach ${f.path} through it, so the VM would fail with "Permission denied". Fix: chmod o+x ${d.dir}, or keep the image in a pool folder such as /var/lib/libvirt/images.`,
  );
}

export function planAttachDisk(inv: Inventory, uri: string, req: AttachRequest, opts: AttachPlanOptions = {}): Plan {
  const dom = findDomain(inv, req.domain);
  const isIso = req.source.kind === 'iso';
  const device: DiskDevice = req.device ?? (isIso ? 'cdrom' : 'disk');
  const bus: DiskBus = req.bus ?? (device === 'cdrom' ? 'sata' : device === 'lun' ? 'scsi' : 'virtio');
  const c = opts.choices;
  if (c && !c.buses.includes(bus)) {
    throw refuse(`VM "${dom.name}" cannot have ${bus} disks: its emulator and machine type offer ${c.buses.join(', ')}.`, `Choose one of: ${c.buses.join(', ')}.`, { field: 'bus' });
  }
  if (c && !c.devices.includes(device)) throw refuse(`VM "${dom.name}" cannot have a ${device} device.`, `Choose one of: ${c.devices.join(', ')}.`, { field: 'device' });
  if (c && bus === 'usb' && !c.usbController) {
    throw refuse(`VM "${dom.name}" has no USB controller, so a USB disk has nowhere to plug in.`, 'Choose virtio or SCSI, or add a USB controller to the VM (virt-manager: Add Hardware > Controller) first.', { field: 'bus' });
  }
  if (c && req.options?.bootOrder !== undefined && c.osBootOrder) {
    throw refuse(
      `VM "${dom.name}" chooses its boot device in <os> (<boot dev=...>); libvirt refuses a per-disk boot order beside it.`,
      'Leave the boot order empty, or first replace <boot dev=...> in the VM\'s <os> with a boot order on each device (virsh edit).',
      { field: 'bootOrder' },
    );
  }
  const mode = resolveMode(dom, req.mode, bus, 'attached');
  const used = dom.disks.map((d) => d.target);
  const target = req.target ?? nextFreeTarget(bus, used);
  if (used.includes(target)) throw refuse(`VM "${dom.name}" already has a disk ${target}.`, `Choose another target, e.g. ${nextFreeTarget(bus, used)}.`, { field: 'target' });
  if (!targetMatchesBus(target, bus)) throw refuse(`Target "${target}" does not fit the ${bus} bus.`, `Use ${nextFreeTarget(bus, used)}.`, { field: 'target' });

  // Where the data lives, its format and its backing chain.
  let source: DiskSourceSpec;
  let path: string;
  let format = req.format;
  let vol: Volume | undefined;
  let secretUuid: string | undefined;
  const pre: PlanStep[] = [];
  const preWarnings: string[] = [];
  switch (req.source.kind) {
    case 'new-volume': {
      // The volume is created by this job first; its plan brings the checks.
      let uuid: string | undefined;
      const create = planCreateVolume(inv, uri, req.source.volume, { newUuid: () => (uuid = (opts.newUuid ?? randomUUID)()) });
      pre.push(...create.steps);
      preWarnings.push(...create.warnings.map(english));
      secretUuid = uuid;
      const nv = req.source.volume;
      const pool = inv.pools.find((p) => p.name === nv.pool);
      source = { type: 'volume', pool: nv.pool, volume: nv.name };
      path = pool?.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${nv.name}` : `${nv.pool}/${nv.name}`;
      format ??= nv.format;
      break;
    }
    case 'volume': {
      const src = req.source;
      const pool = inv.pools.find((p) => p.name === src.pool);
      vol = pool?.volumes.find((v) => v.name === src.volume);
      if (!pool || !vol) throw new SpindleError('UNKNOWN_VOLUME', `There is no volume "${src.volume}" in pool "${src.pool}".`, 'Pick an existing volume, or create one first.', { field: 'source' });
      source = { type: 'volume', pool: pool.name, volume: vol.name };
      path = vol.path;
      if (vol.encryption) {
        if (!vol.encryption.secretUuid) throw refuse(`Volume "${vol.name}" is encrypted but names no libvirt secret.`, 'Define the secret holding its passphrase (virsh secret-define), then attach it.', { field: 'source' });
        secretUuid = vol.encryption.secretUuid;
      }
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
  if (opts.sourceFacts && (req.source.kind === 'file' || req.source.kind === 'iso' || req.source.kind === 'block')) preWarnings.push(...checkSourceFacts(req.source.kind, opts.sourceFacts, inv.host));
  const options = { ...req.options };
  const writes = device !== 'cdrom' && !options.readonly;
  const uses = conflictingUses(inv.domains, dom.name, path, (vol?.backingChain ?? []).map((b) => b.path ?? '').filter(Boolean));
  const warnings: string[] = [...preWarnings];
  if (uses.length && writes && !options.shareable) {
    throw new SpindleError(
      'INVALID_ARGUMENT',
      `${path} is in use: ${uses.map(describeUse).join('; ')}. Attaching it read-write would corrupt data.`,
      'Attach it read-only, or mark it shareable if the guests run a cluster filesystem, or give this VM its own qcow2 overlay on top of it.',
      { usedBy: [...new Set(uses.map((u) => u.domain))].join(','), field: 'source' },
    );
  }
  if (uses.some((u) => u.writes)) warnings.push(`${path} is written by another VM; this VM may see its data change underneath it.`);

  const spec: DiskSpec = { source, device, bus, target, ...(format ? { format } : {}), ...options, ...(secretUuid ? { encryption: { format: 'luks', secretUuid } } : {}) };
  const xml = buildDiskXml(spec);
  const steps: PlanStep[] = [...pre];
  for (const side of sides(mode)) {
    steps.push({
      description: side.live
        ? `Attach ${path} to running VM "${dom.name}" as ${target} on the ${bus} bus (until it stops)`
        : `Add ${path} to the saved configuration of VM "${dom.name}" as ${target} on the ${bus} bus (from its next start)`,
      argv: ['virsh', '--connect', uri, 'attach-device', '--domain', dom.name, '--file', '/dev/stdin', side.flag],
      stdin: xml,
      ...(side.live && mode === 'both'
        ? { partialNote: `${target} is in the saved configuration of "${dom.name}" but the running VM did not take it: it appears after the next shutdown and start (the VM now has a pending change).` }
        : {}),
      ...(!side.live && mode === 'both'
        ? { undo: { description: `Remove ${target} from the saved configuration again`, argv: ['virsh', '--connect', uri, 'detach-disk', '--domain', dom.name, '--target', target, '--config'] } }
        : {}),
    });
  }
  return { title: `Attach ${path} to ${dom.name} as ${target} (${bus}, ${mode})`, steps, warnings };
}

export function planDetachDisk(inv: Inventory, uri: string, req: DetachRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const pending = dom.pendingDisks;
  if (pending?.configOnly.includes(req.target)) {
    // Saved for the next start but not in the running VM: only the saved config can lose it.
    if (req.mode && req.mode !== 'persistent') throw refuse(`${req.target} is not in the running VM yet; it is only in the saved configuration.`, 'Detach it with mode "persistent".', { field: 'mode' });
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
    throw refuse(`${disk.target} was attached to the running VM only; it is not in the saved configuration.`, 'Detach it with mode "live" (or leave the mode out).', { field: 'mode' });
  }
  const mode = resolveMode(dom, req.mode ?? (liveOnly ? 'live' : undefined), bus, 'detached');
  const steps: PlanStep[] = [];
  for (const side of sides(mode)) {
    if (!side.live) {
      steps.push({
        description: `Remove ${disk.target} (${disk.sourceLabel}) from the saved configuration of VM "${dom.name}"`,
        argv: ['virsh', '--connect', uri, 'detach-disk', '--domain', dom.name, '--target', disk.target, '--config'],
      });
      continue;
    }
    const partialNote =
      mode === 'both'
        ? `${disk.target} is gone from the saved configuration of "${dom.name}", but the running VM still has it: it goes away at the next shutdown (the VM now has a pending change). Retry the live detach once the guest lets go of it.`
        : undefined;
    steps.push(
      {
        description: `Unplug ${disk.target} (${disk.sourceLabel}) from running VM "${dom.name}"`,
        argv: ['virsh', '--connect', uri, 'detach-disk', '--domain', dom.name, '--target', disk.target, '--live'],
        ...(partialNote ? { partialNote } : {}),
      },
      {
        // libvirt returns once it has asked; the guest must still release the device.
        description: `Wait until the guest has released ${disk.target} (up to 15 s)`,
        argv: ['virsh', '--connect', uri, 'domblklist', '--domain', dom.name],
        verify: {
          check: (out) => (domblklistTargets(out).includes(disk.target) ? `The guest in "${dom.name}" has not released ${disk.target} yet.` : null),
          retryForMs: 15_000,
          code: 'GUEST_BUSY',
          hint: 'The guest may still use it (a mounted filesystem, a running program), or its OS may not support hot-unplug. Unmount it in the guest and retry.',
        },
        ...(partialNote ? { partialNote } : {}),
      },
    );
  }
  const warnings: string[] = [];
  if (req.deleteVolume) {
    const vol = volumeOfDisk(inv, disk);
    if (!vol) throw refuse(`${disk.sourceLabel} is not a volume of any pool, so Spindle will not delete it.`, 'Delete files outside pools by hand if you are sure.', { field: 'deleteVolume' });
    // Deleting an image that others are built on destroys them (virt-manager #811).
    const children = inv.pools.flatMap((p) => p.volumes).filter((v) => v.backingChain.some((b) => b.path === vol.path));
    const users = inv.domains.filter((d) => d.name !== dom.name && d.disks.some((k) => (k.source.file ?? k.source.dev) === vol.path || k.backingChain.some((b) => b.path === vol.path)));
    if (children.length || users.length) {
      throw refuse(
        `${vol.path} cannot be deleted: ${[...children.map((c) => `volume "${c.name}" is built on it`), ...users.map((u) => `VM "${u.name}" uses it`)].join('; ')}.`,
        'Detach without deleting; delete the dependent images first if they are no longer needed.',
        { field: 'deleteVolume' },
      );
    }
    warnings.push(`This deletes exactly one file: ${vol.path} (${vol.format ?? 'raw'}, volume "${vol.name}" of pool "${vol.pool}").`);
    steps.push({ description: `Delete volume "${vol.name}" (${vol.path})`, argv: ['virsh', '--connect', uri, 'vol-delete', '--pool', vol.pool, '--vol', vol.name], destructive: true });
  }
  return { title: `Detach ${disk.target} from ${dom.name}${req.deleteVolume ? ' and delete its volume' : ''}`, steps, warnings };
}

/** Targets listed by `virsh domblklist` (a table: Target, Source). */
export function domblklistTargets(out: string): string[] {
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}
