// Planning disk attach and detach: the safety checks operators learnt the hard
// way (an image in use elsewhere, SATA/IDE hot-plug, deleting an image other
// images are built on), then the exact virsh commands with the disk XML.
// Every refusal, step and warning is a message (shared/i18n/<lang>/disks.json).
import { randomUUID } from 'node:crypto';
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { msg, type MessageKey, type Msg, type MsgParam, type Text } from '../../../../shared/core/messages.ts';
import { hotpluggable, isActive, modesForAttach, type ChangeMode, type DiskBus, type DiskDevice } from '../../../../shared/core/domain-rules.ts';
import { busOf, defaultAttachBus, diskModes, networkProtocolOfPool, volumeOfDisk, type DiskModeLimit } from '../../../../shared/contract/disk-facts.ts';
import type { Domain, Inventory, Volume } from '../../../../shared/contract/models.ts';
import type { AttachChoices, AttachField, AttachRequest, AttachSource, DetachField, DetachRequest } from '../../../../shared/contract/features/disks.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildDiskXml, nextFreeTarget, targetMatchesBus, type DiskSourceSpec, type DiskSpec } from '../../libvirt/model/disk-xml.ts';
import { networkDiskSource } from '../../libvirt/model/network-disk.ts';
import type { PoolSpec } from '../../libvirt/model/pool-xml.ts';
import { findDisk, findDomain, findVolume } from '../../plan/lookup.ts';
import { joinTexts } from '../../plan/plan-errors.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import type { HostPathFacts, HostPathKind } from '../files/index.ts';
import { planCreateVolume, type VolumePlanOptions } from '../volumes/index.ts';
import { conflictingUses, type DiskUse } from './disk-usage.ts';
import { volumeDeleteSteps } from '../pools/index.ts';
import { poolNamed } from '../../../../shared/contract/inventory-lookup.ts';

export type { AttachRequest, AttachSource, ChangeMode, DetachRequest };

/** A plan for each side of a change. "both" is two steps, saved config first, so a live failure leaves a known state. */
function sides(mode: ChangeMode): Array<'persistent' | 'live'> {
  return mode === 'both' ? ['persistent', 'live'] : [mode];
}

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: AttachField | DetachField | undefined, code: ErrorCode = 'INVALID_ARGUMENT', details?: Record<string, string>): SpindleError {
  return SpindleError.of(code, key, params, field, details);
}

/** The mode names as the plan title shows them. */
const modeName = (m: ChangeMode): Msg => msg(`disks.modeName.${m}`);

/**
 * The mode of an attach: the one asked for, or the fullest change the VM can
 * take (both sides of a running persistent VM), refused with the reason when
 * the VM or the bus cannot take it (a SATA disk is not hot-plugged behind the
 * user's back: they choose "persistent").
 */
function attachMode(dom: Domain, requested: ChangeMode | undefined, bus: DiskBus): ChangeMode {
  const active = isActive(dom.state);
  const mode = requested ?? modesForAttach(active, dom.persistent, 'virtio')[0] ?? 'persistent';
  if (modesForAttach(active, dom.persistent, bus).includes(mode)) return mode;
  const params = { domain: dom.name, bus: bus.toUpperCase() };
  if (!active) throw refuse('disks.mode.notRunningAttach', params, 'mode');
  if (mode !== 'persistent' && !hotpluggable(bus)) throw refuse('disks.mode.noHotplugAttach', params, 'mode');
  throw refuse('disks.mode.transientAttach', params, 'mode');
}

/** Why a detach cannot take a mode, by what limits the disk's modes. */
const DETACH_LIMIT_KEYS: Record<DiskModeLimit, MessageKey> = {
  liveOnly: 'disks.detach.liveOnlyMode',
  configOnly: 'disks.detach.configOnlyMode',
  notRunning: 'disks.mode.notRunningDetach',
  transient: 'disks.mode.transientDetach',
  noHotplug: 'disks.mode.noHotplugDetach',
};

function describeUse(u: DiskUse): Msg {
  const params = { domain: u.domain, target: u.target };
  switch (u.relation) {
    case 'same-image':
      return msg(u.writes ? 'disks.use.sameImageRw' : 'disks.use.sameImageRo', params);
    case 'our-image-is-its-backing-file':
      return msg('disks.use.backingOf', params);
    default:
      return msg('disks.use.inChain', params);
  }
}

export interface AttachPlanOptions extends VolumePlanOptions {
  /** What the VM supports (domain capabilities, controllers, <os><boot>); checked when given. */
  choices?: Pick<AttachChoices, 'buses' | 'devices' | 'usbController' | 'osBootOrder'>;
  /** A file, ISO or block source as the host sees it now (hostPathFacts); checked when given. */
  sourceFacts?: HostPathFacts;
  /** The source volume's pool as pool-dumpxml defines it: needed for rbd and iscsi-direct pools (see needsPoolSpec), whose volumes attach as network disks. */
  poolSpec?: PoolSpec;
}

/** The pool whose XML an attach needs (networkDiskSource), or null. */
export function needsPoolSpec(inv: Inventory, source: AttachSource): string | null {
  const name = source.kind === 'volume' ? source.pool : source.kind === 'new-volume' ? source.volume.pool : null;
  const pool = name === null ? undefined : poolNamed(inv.pools, name);
  return pool && networkProtocolOfPool(pool.type) ? pool.name : null;
}

/**
 * A volume's disk source: <source pool volume> where libvirt translates it,
 * the network disk QEMU opens itself for rbd and iscsi-direct pools (libvirt
 * 9.0 refuses rbd volumes as volume disks).
 */
function volumeSource(inv: Inventory, pool: string, volume: string, spec: PoolSpec | undefined): DiskSourceSpec {
  const p = poolNamed(inv.pools, pool);
  if (!p || !networkProtocolOfPool(p.type)) return { type: 'volume', pool, volume };
  if (!spec || spec.name !== p.name) throw refuse('disks.attach.networkPool', { pool, volume, what: '<pool>' }, 'source');
  return networkDiskSource(spec, volume) ?? { type: 'volume', pool, volume };
}

/** How a source reads in steps and refusals: a network disk as protocol:name (as the inventory labels it). */
function sourceText(source: DiskSourceSpec, path: string): string {
  return source.type === 'network' ? `${source.protocol}:${source.name}` : path;
}

/**
 * The source exists and is the right kind: an image or ISO a regular file, a
 * block source a block device. libvirt itself would only notice at the next
 * start for a saved change, so the VM would keep a disk pointing at nothing.
 * Returns warnings about what the host could not prove.
 */
function checkSourceFacts(kind: 'file' | 'iso' | 'block', f: HostPathFacts, host: string): Text[] {
  if (f.kind === 'missing') {
    const where = f.firstMissing && f.firstMissing !== f.path ? msg('disks.source.whereMissing', { missing: f.firstMissing }) : '';
    throw refuse('disks.source.missing', { path: f.path, host, where, advice: msg(kind === 'block' ? 'disks.source.adviceDevice' : 'disks.source.adviceFile') }, 'source');
  }
  if (f.kind === 'unknown') return [msg('disks.source.unknown', { path: f.path })];
  const want: HostPathKind = kind === 'block' ? 'block' : 'file';
  if (f.kind !== want) {
    const advice: MessageKey =
      want === 'block' ? (f.kind === 'file' ? 'disks.source.adviceAsFile' : 'disks.source.advicePickDevice') : f.kind === 'block' ? 'disks.source.adviceAsBlock' : f.kind === 'dir' ? 'disks.source.adviceInside' : 'disks.source.advicePickImage';
    throw refuse('disks.source.wrongKind', { path: f.path, is: msg(`disks.source.kind.${f.kind}`), want: msg(want === 'block' ? 'disks.source.want.block' : 'disks.source.want.image'), advice: msg(advice) }, 'source');
  }
  // libvirt's dynamic_ownership gives the image itself to QEMU's user at start, but not the folders above it.
  return f.closedDirs.map((d) => msg('disks.source.closedDir', { dir: d.dir, mode: d.mode, owner: d.owner, group: d.group, path: f.path }));
}

export function planAttachDisk(inv: Inventory, uri: string, req: AttachRequest, opts: AttachPlanOptions = {}): Plan {
  const dom = findDomain(inv, req.domain);
  const isIso = req.source.kind === 'iso';
  const device: DiskDevice = req.device ?? (isIso ? 'cdrom' : 'disk');
  const bus: DiskBus = req.bus ?? defaultAttachBus(device, opts.choices, isActive(dom.state));
  const c = opts.choices;
  const vm = { domain: dom.name };
  if (c && !c.buses.includes(bus)) throw refuse('disks.attach.busUnsupported', { ...vm, bus, buses: c.buses.join(', ') }, 'bus');
  if (c && !c.devices.includes(device)) throw refuse('disks.attach.deviceUnsupported', { ...vm, device, devices: c.devices.join(', ') }, 'device');
  if (c && bus === 'usb' && !c.usbController) throw refuse('disks.attach.noUsbController', vm, 'bus');
  if (c && req.options?.bootOrder !== undefined && c.osBootOrder) throw refuse('disks.attach.osBootOrder', vm, 'bootOrder');
  const mode = attachMode(dom, req.mode, bus);
  // A disk only in the saved configuration (not in the running VM's list) holds its target name too.
  const used = [...dom.disks.map((d) => d.target), ...(dom.pendingDisks?.configOnly ?? [])];
  const target = req.target ?? nextFreeTarget(bus, used);
  if (used.includes(target)) throw refuse('disks.attach.targetTaken', { ...vm, target, free: nextFreeTarget(bus, used) }, 'target');
  if (!targetMatchesBus(target, bus)) throw refuse('disks.attach.targetBus', { target, bus, free: nextFreeTarget(bus, used) }, 'target');

  // Where the data lives, its format and its backing chain.
  let source: DiskSourceSpec;
  let path: string;
  let format = req.format;
  let vol: Volume | undefined;
  let secretUuid: string | undefined;
  const pre: PlanStep[] = [];
  const warnings: Text[] = [];
  switch (req.source.kind) {
    case 'new-volume': {
      // The volume is created by this job first; its plan brings the checks.
      let uuid: string | undefined;
      const create = planCreateVolume(inv, uri, req.source.volume, { newUuid: () => (uuid = (opts.newUuid ?? randomUUID)()) });
      pre.push(...create.steps);
      warnings.push(...create.warnings);
      secretUuid = uuid;
      const nv = req.source.volume;
      const pool = poolNamed(inv.pools, nv.pool);
      source = volumeSource(inv, nv.pool, nv.name, opts.poolSpec);
      path = pool?.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${nv.name}` : `${nv.pool}/${nv.name}`;
      format ??= nv.format;
      break;
    }
    case 'volume': {
      vol = findVolume(inv, req.source.pool, req.source.volume, 'source');
      source = volumeSource(inv, vol.pool, vol.name, opts.poolSpec);
      path = vol.path;
      if (vol.encryption) {
        if (!vol.encryption.secretUuid) throw refuse('disks.attach.noSecret', { volume: vol.name }, 'source');
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
  if (opts.sourceFacts && (req.source.kind === 'file' || req.source.kind === 'iso' || req.source.kind === 'block')) warnings.push(...checkSourceFacts(req.source.kind, opts.sourceFacts, inv.host));
  const options = { ...req.options };
  const writes = device !== 'cdrom' && !options.readonly;
  const uses = conflictingUses(inv.domains, dom.name, path, (vol?.backingChain ?? []).map((b) => b.path ?? '').filter(Boolean), inv.pools);
  const label = sourceText(source, path);
  if (uses.length && writes && !options.shareable) {
    throw refuse('disks.attach.inUse', { path: label, uses: joinTexts(uses.map(describeUse)) }, 'source', 'INVALID_ARGUMENT', { usedBy: [...new Set(uses.map((u) => u.domain))].join(',') });
  }
  if (uses.some((u) => u.writes)) warnings.push(msg('disks.attach.writtenElsewhere', { path: label }));

  const spec: DiskSpec = { source, device, bus, target, ...(format ? { format } : {}), ...options, ...(secretUuid ? { encryption: { format: 'luks', secretUuid } } : {}) };
  const xml = buildDiskXml(spec);
  const at = { path: label, domain: dom.name, target, bus };
  const steps: PlanStep[] = [...pre];
  for (const side of sides(mode)) {
    steps.push({
      description: msg(side === 'live' ? 'disks.attach.stepLive' : 'disks.attach.stepConfig', at),
      argv: virshArgv(uri, virsh.attachDevice(dom.name, side)),
      stdin: xml,
      ...(side === 'live' && mode === 'both' ? { partialNote: msg('disks.attach.partialLive', { target, domain: dom.name }) } : {}),
      ...(side === 'persistent' && mode === 'both'
        ? { undo: { description: msg('disks.attach.undoConfig', { target }), argv: virshArgv(uri, virsh.detachDisk(dom.name, target, 'persistent')) } }
        : {}),
    });
  }
  return { title: msg('disks.attach.title', { ...at, mode: modeName(mode) }), steps, warnings };
}

export function planDetachDisk(inv: Inventory, uri: string, req: DetachRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const at = { target: req.target, domain: dom.name };
  if (dom.pendingDisks?.configOnly.includes(req.target)) {
    // Saved for the next start but not in the running VM: only the saved config can lose it.
    if (req.mode && req.mode !== 'persistent') throw refuse('disks.detach.configOnlyMode', at, 'mode');
    return {
      title: msg('disks.detach.titleConfigOnly', at),
      steps: [{ description: msg('disks.detach.stepConfigOnly', at), argv: virshArgv(uri, virsh.detachDisk(dom.name, req.target, 'persistent')) }],
      warnings: req.deleteVolume ? [msg('disks.detach.deleteIgnored')] : [],
    };
  }
  const disk = findDisk(dom, req.target);
  // Default: every side the disk is on; a bus that cannot unplug is refused, not quietly narrowed.
  const mode = req.mode ?? diskModes(dom, disk).modes[0];
  const allowed = diskModes(dom, disk, { hotplug: true });
  if (!mode || !allowed.modes.includes(mode)) {
    throw refuse(DETACH_LIMIT_KEYS[allowed.limit ?? 'notRunning'], { ...at, bus: busOf(disk).toUpperCase() }, 'mode');
  }
  const src = { target: disk.target, source: disk.sourceLabel, domain: dom.name };
  const steps: PlanStep[] = [];
  for (const side of sides(mode)) {
    if (side === 'persistent') {
      steps.push({ description: msg('disks.detach.stepConfig', src), argv: virshArgv(uri, virsh.detachDisk(dom.name, disk.target, 'persistent')) });
      continue;
    }
    const partialNote = mode === 'both' ? msg('disks.detach.partialLive', src) : undefined;
    steps.push(
      { description: msg('disks.detach.stepLive', src), argv: virshArgv(uri, virsh.detachDisk(dom.name, disk.target, 'live')), ...(partialNote ? { partialNote } : {}) },
      {
        // libvirt returns once it has asked; the guest must still release the device.
        description: msg('disks.detach.stepWait', src),
        argv: virshArgv(uri, virsh.domblklist(dom.name)),
        verify: {
          check: (out) => (domblklistTargets(out).includes(disk.target) ? msg('disks.detach.notReleased', src) : null),
          retryForMs: 15_000,
          code: 'GUEST_BUSY',
          hint: msg('disks.detach.notReleasedHint'),
        },
        ...(partialNote ? { partialNote } : {}),
      },
    );
  }
  const warnings: Text[] = [];
  if (req.deleteVolume) {
    const vol = volumeOfDisk(inv.pools, disk);
    if (!vol) throw refuse('disks.detach.notVolume', { source: disk.sourceLabel }, 'deleteVolume');
    // Deleting an image that others are built on destroys them (virt-manager #811).
    const children = inv.pools.flatMap((p) => p.volumes).filter((v) => v.backingChain.some((b) => b.path === vol.path));
    // A user is any disk that is this volume (by path, by pool/volume, over the network) or is built on it.
    const users = inv.domains.filter((d) => d.name !== dom.name && d.disks.some((k) => volumeOfDisk(inv.pools, k)?.path === vol.path || (k.source.file ?? k.source.dev) === vol.path || k.backingChain.some((b) => b.path === vol.path)));
    if (children.length || users.length) {
      const reasons = [...children.map((c) => msg('disks.detach.builtOn', { volume: c.name })), ...users.map((u) => msg('disks.detach.usedBy', { domain: u.name }))];
      throw refuse('disks.detach.dependents', { path: vol.path, reasons: joinTexts(reasons) }, 'deleteVolume');
    }
    const v = { path: vol.path, format: vol.format ?? 'raw', volume: vol.name, pool: vol.pool };
    warnings.push(msg('disks.detach.deletesOne', v));
    // A disk pool's p-named partition (nvme, loop) is removed with parted: libvirt 9.0's vol-delete fails there.
    const pool = poolNamed(inv.pools, vol.pool);
    if (pool) steps.push(...volumeDeleteSteps(uri, pool, vol, msg('disks.detach.stepDelete', v)));
    else steps.push({ description: msg('disks.detach.stepDelete', v), argv: virshArgv(uri, virsh.volDelete(vol.pool, vol.name)), destructive: true });
  }
  return { title: msg(req.deleteVolume ? 'disks.detach.titleDelete' : 'disks.detach.title', at), steps, warnings };
}

/** Targets listed by `virsh domblklist` (a table: Target, Source). */
export function domblklistTargets(out: string): string[] {
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}
