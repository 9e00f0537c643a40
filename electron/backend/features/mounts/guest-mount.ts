// Mounting inside a running guest, through the guest agent: optionally create
// a filesystem (only on a device with no signature at all, after the wizard's
// confirmation naming it), create the mountpoint (noting inside it that
// Spindle made it), mount, and optionally add an /etc/fstab line by UUID
// (with nofail for a disk that is gone at the next shutdown): the old file is
// backed up, the line appended, then tested by unmounting and mounting
// through it. Any failure undoes what was done, newest first (fstab restored,
// the mount undone, the folder removed). Unmounting may also remove the
// mountpoint's fstab lines (backup first), and then the folder Spindle made.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ChangeMode } from '../../../../shared/core/domain-rules.ts';
import { msg, type Msg, type Text } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import {
  agentChannelModes,
  checkLabel,
  checkMountOptions,
  checkMountpoint,
  checkMountpointSyntax,
  checkResolvedMountpoint,
  goneAtShutdown,
  notFilesystem,
  type GuestBlockDevs,
  type GuestMountRequest,
  type GuestUmountRequest,
  type MkfsType,
} from '../../../../shared/contract/features/mounts.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildChannelXml, GUEST_AGENT_CHANNEL } from '../../libvirt/model/channel-xml.ts';
import { agentArgv, guestExecArgs } from './agent.ts';
import { findDomain } from '../../plan/lookup.ts';
import { joinTexts } from '../../plan/plan-errors.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { refuse, refuseCheck, requireRunning } from './refusals.ts';

/**
 * The file Spindle leaves in a mountpoint it created (hidden under the
 * mount): the unmount removes the folder again only when this note is all
 * it holds, so a folder that was there before, or that has gained files, stays.
 */
export const MADE_BY_SPINDLE = '.spindle-mountpoint';

/** Packages with each mkfs program (the hint when the guest lacks it). */
const MKFS_PACKAGES: Record<MkfsType, string> = { ext4: 'e2fsprogs', xfs: 'xfsprogs', btrfs: 'btrfs-progs', vfat: 'dosfstools' };

export function guestStep(uri: string, domain: string, description: Text, guestArgv: string[], extra: Partial<PlanStep> = {}, input?: string): PlanStep {
  return {
    description,
    argv: agentArgv(uri, domain, 'guest-exec', guestExecArgs(guestArgv, input)),
    guestExec: { domain, guestArgv, ...(input !== undefined ? { input } : {}) },
    ...extra,
  };
}

/** mkfs with a UUID chosen here, so the fstab line is known before anything runs. */
export function mkfsArgv(type: MkfsType, device: string, uuid: string, label?: string): string[] {
  switch (type) {
    case 'ext4':
      return ['mkfs.ext4', '-q', '-U', uuid, ...(label ? ['-L', label] : []), device];
    case 'xfs':
      return ['mkfs.xfs', '-q', '-m', `uuid=${uuid}`, ...(label ? ['-L', label] : []), device];
    case 'btrfs':
      return ['mkfs.btrfs', '-q', '-U', uuid, ...(label ? ['-L', label] : []), device];
    case 'vfat':
      // vfat has a 32-bit volume id, shown as XXXX-XXXX.
      return ['mkfs.vfat', '-i', uuid.replace('-', ''), ...(label ? ['-n', label] : []), device];
  }
}

export function newFsUuid(type: MkfsType): string {
  if (type !== 'vfat') return randomUUID();
  const h = randomBytes(4).toString('hex').toUpperCase();
  return `${h.slice(0, 4)}-${h.slice(4)}`;
}

const fstabEscape = (s: string): string => s.replace(/[ \t\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

export function fstabLine(uuid: string, mountpoint: string, type: string, options: readonly string[]): string {
  const pass = type.startsWith('ext') ? '2' : '0';
  return `UUID=${uuid} ${fstabEscape(mountpoint)} ${type} ${options.length ? options.join(',') : 'defaults'} 0 ${pass}\n`;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The fstab backup: named by the request (the same in the review and the run), else by the time. */
const backupName = (requestId: string | undefined, now?: Date): string => `/etc/fstab.spindle-${requestId ?? stamp(now ?? new Date())}`;

// Fixed scripts (nothing of ours in their text; the mountpoint comes in as "$1").
/** Removes the mountpoint when Spindle's note is all it holds (then it made it, and nothing was added since). */
const RMDIR_IF_MADE = `m="$1/${MADE_BY_SPINDLE}"; [ -f "$m" ] || exit 0; [ "$(ls -A -- "$1")" = "${MADE_BY_SPINDLE}" ] || exit 0; rm -f -- "$m" && rmdir -- "$1"`;

export interface GuestMountContext {
  uri: string;
  /** guest.blockdevs, read now. */
  guest: GuestBlockDevs;
  /** The mountpoint with its symbolic links resolved in the guest (readlink -f), when it could be. */
  resolvedMountpoint?: string | null;
  /** Whether the mountpoint exists in the guest now (false: Spindle creates it and notes that; undefined: not known, mkdir -p). */
  mountpointExists?: boolean;
  /** Whether the folder it goes in exists (false: created first, with any missing parents). */
  parentExists?: boolean;
  now?: Date;
  newUuid?: (type: MkfsType) => string;
}

/** "ext4" or "ext4 labelled "data"". */
const fsWithLabel = (type: string, label: string | undefined): Text => (label ? msg('mounts.guest.fsLabelled', { type, label }) : type);

export function planGuestMount(inv: Inventory, req: GuestMountRequest, ctx: GuestMountContext): Plan {
  const dom = findDomain(inv, req.domain);
  requireRunning(dom.name, dom.state);
  const mpProblem = checkMountpoint(req.mountpoint) ?? (ctx.resolvedMountpoint ? checkResolvedMountpoint(req.mountpoint, ctx.resolvedMountpoint) : null);
  if (mpProblem) throw refuseCheck('mounts.guest.mountpoint', mpProblem, 'mountpoint');
  const optProblem = checkMountOptions(req.options);
  if (optProblem) throw refuseCheck('mounts.guest.options', optProblem, 'options');

  const { guest } = ctx;
  const dev = guest.devices.find((d) => d.path === req.device);
  if (!dev) throw refuse('mounts.guest.noDevice', { device: req.device, devices: joinTexts(guest.devices.map((d) => d.path)) }, 'device');
  if (dev.kind === 'rom') throw refuse('mounts.guest.rom', { device: dev.path }, 'device');
  if (dev.hasChildren) {
    const kids = guest.devices.filter((d) => d.parent === dev.path).map((d) => d.path);
    throw refuse('mounts.guest.partitioned', { device: dev.path, partitions: kids.join(', ') }, 'device');
  }
  if (dev.mountpoints.length) throw refuse('mounts.guest.mounted', { device: dev.path, where: dev.mountpoints.join(', ') }, 'device');
  const taken = guest.devices.find((d) => d.mountpoints.includes(req.mountpoint));
  if (taken) throw refuse('mounts.guest.taken', { mountpoint: req.mountpoint, device: taken.path }, 'mountpoint');
  const ro = req.options.includes('ro');
  if (dev.readOnly && !ro) throw refuse('mounts.guest.readOnly', { device: dev.path }, 'options');

  const steps: PlanStep[] = [];
  const warnings: Text[] = [];
  const size = formatBytes(dev.sizeBytes);
  let fsType: string;
  let uuid: string;
  if (req.mkfs) {
    if (dev.fsType) throw refuse('mounts.guest.hasFs', { device: dev.path, fs: fsWithLabel(dev.fsType, dev.label) }, 'mkfs');
    if (req.mkfs.confirm !== dev.path) throw refuse('mounts.guest.confirm', { device: dev.path, confirm: JSON.stringify(req.mkfs.confirm) }, 'mkfs');
    if (!guest.mkfs.includes(req.mkfs.type)) {
      throw refuse('mounts.guest.noMkfs', { type: req.mkfs.type, package: MKFS_PACKAGES[req.mkfs.type], others: joinTexts(guest.mkfs) }, 'mkfs');
    }
    if (req.mkfs.label) {
      const lp = checkLabel(req.mkfs.type, req.mkfs.label);
      if (lp) throw refuseCheck('mounts.guest.label', lp, 'label');
    }
    fsType = req.mkfs.type;
    const vfat = req.mkfs.type === 'vfat';
    if (req.mkfs.uuid !== undefined && vfat !== /^[0-9A-F]{4}-[0-9A-F]{4}$/.test(req.mkfs.uuid)) {
      throw refuse(vfat ? 'mounts.guest.badVfatId' : 'mounts.guest.badUuid', { uuid: req.mkfs.uuid, type: req.mkfs.type }, 'mkfs');
    }
    uuid = req.mkfs.uuid ?? (ctx.newUuid ?? newFsUuid)(req.mkfs.type);
    steps.push(
      guestStep(ctx.uri, dom.name, msg('mounts.guest.stepMkfs', { device: dev.path, size, fs: fsWithLabel(fsType, req.mkfs.label), uuid }), mkfsArgv(req.mkfs.type, dev.path, uuid, req.mkfs.label), { destructive: true }),
    );
    warnings.push(dev.target ? msg('mounts.guest.erasedDisk', { device: dev.path, size, target: dev.target }) : msg('mounts.guest.erased', { device: dev.path, size }));
  } else {
    if (!dev.fsType) throw refuse('mounts.guest.noFs', { device: dev.path }, 'mkfs');
    const not = notFilesystem(dev.fsType);
    if (not) throw refuse('mounts.guest.notFs', { device: dev.path, type: dev.fsType, why: msg(`mounts.guest.why.${not}`) }, 'device');
    fsType = dev.fsType;
    uuid = dev.uuid ?? '';
    if (req.fstab && !uuid) throw refuse('mounts.guest.noUuid', { device: dev.path }, 'fstab');
  }

  // A disk that is gone after the next shutdown gets nofail in fstab, or the guest would stop at boot without it.
  const addNofail = req.fstab && !req.options.includes('nofail') && goneAtShutdown(dom, dev.target);
  const options = addNofail ? [...req.options, 'nofail'] : req.options;
  if (addNofail) warnings.push(msg('mounts.guest.nofailAdded', { device: dev.path, target: dev.target ?? '' }));

  const mountArgv = ['mount', '-t', fsType, ...(options.length ? ['-o', options.join(',')] : []), dev.path, req.mountpoint];
  steps.push(...mountpointSteps(ctx, dom.name, req.mountpoint));
  const mountDesc = options.length
    ? msg('mounts.guest.stepMountWith', { device: dev.path, type: fsType, mountpoint: req.mountpoint, options: options.join(',') })
    : msg('mounts.guest.stepMount', { device: dev.path, type: fsType, mountpoint: req.mountpoint });
  steps.push(guestStep(ctx.uri, dom.name, mountDesc, mountArgv, { undo: guestStep(ctx.uri, dom.name, msg('mounts.guest.stepUnmountAgain', { mountpoint: req.mountpoint }), ['umount', req.mountpoint]) }));

  if (req.fstab) {
    const fstab = guest.fstab;
    const dup = fstab?.find((e) => e.file === req.mountpoint || e.spec === `UUID=${uuid}`);
    if (dup) throw refuse('mounts.guest.fstabDup', { file: dup.file, line: dup.line, spec: dup.spec }, 'fstab');
    const line = fstabLine(uuid, req.mountpoint, fsType, options);
    const backup = backupName(req.requestId, ctx.now);
    if (fstab) steps.push(guestStep(ctx.uri, dom.name, msg('mounts.guest.stepBackup', { backup }), ['cp', '-p', '/etc/fstab', backup]));
    else warnings.push(msg('mounts.guest.newFstab'));
    const restore = fstab
      ? guestStep(ctx.uri, dom.name, msg('mounts.guest.stepRestore', { backup }), ['cp', '-p', backup, '/etc/fstab'])
      : guestStep(ctx.uri, dom.name, msg('mounts.guest.stepRemoveNewFstab'), ['rm', '-f', '/etc/fstab']);
    steps.push(guestStep(ctx.uri, dom.name, msg('mounts.guest.stepAddLine', { line: line.trim() }), ['tee', '-a', '/etc/fstab'], { undo: restore }, line));
    steps.push(
      guestStep(ctx.uri, dom.name, msg('mounts.guest.stepTestUmount', { mountpoint: req.mountpoint }), ['umount', req.mountpoint], {
        undo: guestStep(ctx.uri, dom.name, msg('mounts.guest.stepMountAgain', { device: dev.path, mountpoint: req.mountpoint }), mountArgv),
      }),
    );
    steps.push(guestStep(ctx.uri, dom.name, msg('mounts.guest.stepTestMount'), ['mount', req.mountpoint]));
    warnings.push(fstab ? msg('mounts.guest.fstabLine', { line: line.trim(), backup }) : msg('mounts.guest.fstabLineNew', { line: line.trim() }));
    if (!options.includes('nofail')) warnings.push(msg('mounts.guest.noNofail'));
  }
  return { title: msg('mounts.guest.title', { device: dev.path, mountpoint: req.mountpoint, domain: dom.name }), steps, warnings };
}

/**
 * The mountpoint made ready: an existing one is used as it is; a missing one
 * is created, with Spindle's note in it (hidden once mounted) so the unmount
 * can remove it again. When the planner could not tell, mkdir -p as before.
 */
function mountpointSteps(ctx: GuestMountContext, domain: string, mountpoint: string): PlanStep[] {
  if (ctx.mountpointExists === true) return [];
  const mkdir = (argv: string[], undo?: PlanStep) => guestStep(ctx.uri, domain, msg('mounts.guest.stepMkdir', { mountpoint }), argv, undo ? { undo } : {});
  if (ctx.mountpointExists === undefined) return [mkdir(['mkdir', '-p', mountpoint])];
  const note = path.posix.join(mountpoint, MADE_BY_SPINDLE);
  const parent = path.posix.dirname(mountpoint);
  return [
    // Missing parents are made with -p; the folder itself must be new (mkdir fails if it appeared since), so only it gets the note.
    ...(ctx.parentExists === false ? [guestStep(ctx.uri, domain, msg('mounts.guest.stepMkdir', { mountpoint: parent }), ['mkdir', '-p', parent])] : []),
    mkdir(['mkdir', mountpoint], guestStep(ctx.uri, domain, msg('mounts.guest.stepMkdirUndo', { mountpoint }), ['rmdir', mountpoint])),
    guestStep(ctx.uri, domain, msg('mounts.guest.stepMark', { mountpoint }), ['touch', note], { undo: guestStep(ctx.uri, domain, msg('mounts.guest.stepMarkUndo', { mountpoint }), ['rm', '-f', note]) }),
  ];
}

export interface GuestUmountContext {
  uri: string;
  guest: GuestBlockDevs;
  /** The guest's /etc/fstab as it is now (needed to remove lines). */
  fstabText: string | null;
  now?: Date;
}

export function planGuestUmountFs(inv: Inventory, req: GuestUmountRequest, ctx: GuestUmountContext): Plan {
  // Only how it is written: what is mounted in a system folder may still be unmounted.
  const mp = checkMountpointSyntax(req.mountpoint);
  if (mp) throw refuseCheck('mounts.umount.mountpoint', mp, 'mountpoint');
  const dom = findDomain(inv, req.domain);
  if (req.mountpoint === '/') throw refuse('mounts.umount.root', undefined, 'mountpoint');
  const dev = ctx.guest.devices.find((d) => d.mountpoints.includes(req.mountpoint));
  const entries = (ctx.guest.fstab ?? []).filter((e) => e.file === req.mountpoint);
  if (!dev && !(req.fstab && entries.length)) throw refuse('mounts.umount.nothing', { mountpoint: req.mountpoint, domain: dom.name }, 'mountpoint');
  const steps: PlanStep[] = [];
  const warnings: Text[] = [msg('mounts.umount.busy')];
  if (dev) steps.push(guestStep(ctx.uri, dom.name, msg('mounts.umount.stepUmount', { device: dev.path, mountpoint: req.mountpoint }), ['umount', req.mountpoint]));
  let linesLeft = entries.length > 0;
  if (req.fstab) {
    if (!entries.length || ctx.fstabText === null) {
      warnings.push(msg('mounts.umount.noLine', { mountpoint: req.mountpoint }));
    } else {
      const drop = new Set(entries.map((e) => e.line));
      const kept = ctx.fstabText.split('\n').filter((_, i) => !drop.has(i + 1)).join('\n');
      const backup = backupName(req.requestId, ctx.now);
      const lines: Msg[] = entries.map((e) => msg('mounts.umount.fstabEntry', { line: e.line, spec: e.spec, file: e.file }));
      steps.push(guestStep(ctx.uri, dom.name, msg('mounts.guest.stepBackup', { backup }), ['cp', '-p', '/etc/fstab', backup]));
      steps.push(
        guestStep(ctx.uri, dom.name, msg('mounts.umount.stepRemoveLines', { lines: joinTexts(lines) }), ['tee', '/etc/fstab'], {
          undo: guestStep(ctx.uri, dom.name, msg('mounts.guest.stepRestore', { backup }), ['cp', '-p', backup, '/etc/fstab']),
        }, kept),
      );
      linesLeft = false;
    }
  }
  // The folder Spindle made for the mount goes too, unless fstab still mounts there at boot
  // (Spindle makes folders only where it mounts: never in a system tree).
  if (!checkMountpoint(req.mountpoint)) {
    if (!linesLeft) steps.push(guestStep(ctx.uri, dom.name, msg('mounts.umount.stepRmdir', { mountpoint: req.mountpoint }), ['sh', '-c', RMDIR_IF_MADE, 'sh', req.mountpoint]));
    else warnings.push(msg('mounts.umount.keptDir', { mountpoint: req.mountpoint }));
  }
  return { title: msg('mounts.umount.title', { mountpoint: req.mountpoint, domain: dom.name }), steps, warnings };
}

/** The saved and live sides a mode touches, saved first (the live side's failure then leaves the saved one as a partial result). */
const sides = (mode: ChangeMode): ('persistent' | 'live')[] => (mode === 'both' ? ['persistent', 'live'] : [mode]);

/** Gives a VM the virtio channel the QEMU guest agent talks through. */
export function planAgentChannel(inv: Inventory, uri: string, req: { domain: string; mode?: ChangeMode | undefined }, hasChannel: boolean): Plan {
  const dom = findDomain(inv, req.domain);
  if (hasChannel) throw refuse('mounts.channel.present', { domain: dom.name }, 'domain');
  const modes = agentChannelModes(dom);
  const mode = req.mode ?? modes[0] ?? 'persistent';
  if (!modes.includes(mode)) {
    throw refuse(!dom.persistent ? 'mounts.channel.transient' : 'mounts.channel.notLive', { domain: dom.name }, 'mode');
  }
  const xml = buildChannelXml(GUEST_AGENT_CHANNEL);
  const steps: PlanStep[] = sides(mode).map((side) =>
    side === 'persistent'
      ? { description: msg('mounts.channel.stepSaved', { domain: dom.name }), argv: virshArgv(uri, virsh.attachDevice(dom.name, 'persistent')), stdin: xml }
      : {
          description: msg('mounts.channel.stepLive', { domain: dom.name }),
          argv: virshArgv(uri, virsh.attachDevice(dom.name, 'live')),
          stdin: xml,
          ...(mode === 'both' ? { partialNote: msg('mounts.channel.partial') } : {}),
        },
  );
  return { title: msg('mounts.channel.title', { domain: dom.name }), steps, warnings: [msg('mounts.channel.needsAgent')] };
}
