// Mounting inside a running guest, through the guest agent: optionally create
// a filesystem (only on a device with no signature at all, after the wizard's
// confirmation naming it), create the mountpoint, mount, and optionally add an
// /etc/fstab line by UUID: the old file is backed up, the line appended, then
// tested by unmounting and mounting through it. Any failure undoes what was
// done, newest first (fstab restored, the mount undone). Unmounting may also
// remove the mountpoint's fstab lines (backup first).
import { randomBytes, randomUUID } from 'node:crypto';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { checkLabel, checkMountOptions, checkMountpoint, checkMountpointSyntax, checkResolvedMountpoint, type GuestBlockDevs, type GuestMountRequest, type MkfsType } from '../../../../shared/contract/mount.ts';
import type { GuestUmountRequest } from '../../../../shared/contract/ops.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { agentArgv, guestExecArgs } from './agent.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

const refuse = (message: string, hint: string, field: string): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, { field });

/** Signatures that are not filesystems one mounts directly. */
const NOT_MOUNTABLE: Record<string, string> = {
  LVM2_member: 'It is an LVM physical volume: activate its volume group in the guest (vgchange -ay) and mount a logical volume.',
  crypto_LUKS: 'It is LUKS-encrypted: open it in the guest (cryptsetup open) and mount the opened device.',
  linux_raid_member: 'It is part of a software RAID: assemble it in the guest (mdadm --assemble) and mount the md device.',
  swap: 'It is swap space, not a filesystem.',
  zfs_member: 'It belongs to a ZFS pool: import the pool in the guest (zpool import).',
};

export function guestStep(uri: string, domain: string, description: string, guestArgv: string[], extra: Partial<PlanStep> = {}, input?: string): PlanStep {
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

export interface GuestMountContext {
  uri: string;
  /** guest.blockdevs, read now. */
  guest: GuestBlockDevs;
  /** The mountpoint with its symbolic links resolved in the guest (readlink -f), when it could be. */
  resolvedMountpoint?: string | null;
  now?: Date;
  newUuid?: (type: MkfsType) => string;
}

export function planGuestMount(inv: Inventory, req: GuestMountRequest, ctx: GuestMountContext): Plan {
  const dom = findDomain(inv, req.domain);
  if (dom.state !== 'running') throw refuse(`VM "${dom.name}" is not running.`, 'Start it: mounting happens inside the running guest.', 'domain');
  const mpProblem = checkMountpoint(req.mountpoint) ?? (ctx.resolvedMountpoint ? checkResolvedMountpoint(req.mountpoint, ctx.resolvedMountpoint) : null);
  if (mpProblem) throw refuse(mpProblem.message, 'Choose an absolute directory such as /mnt/data.', 'mountpoint');
  const optProblem = checkMountOptions(req.options);
  if (optProblem) throw refuse(optProblem.message, 'Remove or correct that option.', 'options');

  const { guest } = ctx;
  const dev = guest.devices.find((d) => d.path === req.device);
  if (!dev) throw refuse(`The guest has no device ${req.device}.`, `Its devices: ${guest.devices.map((d) => d.path).join(', ') || 'none listed'}. Refresh the guest's filesystems.`, 'device');
  if (dev.kind === 'rom') throw refuse(`${dev.path} is a CD/DVD drive.`, 'Mount a disk or a partition.', 'device');
  if (dev.hasChildren) {
    const kids = guest.devices.filter((d) => d.parent === dev.path).map((d) => d.path);
    throw refuse(`${dev.path} has partitions (${kids.join(', ')}): a filesystem belongs on one of them.`, 'Choose a partition.', 'device');
  }
  if (dev.mountpoints.length) throw refuse(`${dev.path} is already mounted at ${dev.mountpoints.join(', ')}.`, 'Unmount it first, or use it where it is.', 'device');
  const taken = guest.devices.find((d) => d.mountpoints.includes(req.mountpoint));
  if (taken) throw refuse(`${req.mountpoint} is already the mountpoint of ${taken.path}.`, 'Choose another directory, or unmount that one first.', 'mountpoint');
  const ro = req.options.includes('ro');
  if (dev.readOnly && !ro) throw refuse(`${dev.path} is read-only in the guest.`, 'Add the option "ro", or attach the disk read-write.', 'options');

  const steps: PlanStep[] = [];
  const warnings: string[] = [];
  const size = formatBytes(dev.sizeBytes);
  let fsType: string;
  let uuid: string;
  if (req.mkfs) {
    if (dev.fsType) {
      throw refuse(
        `${dev.path} already holds ${dev.fsType}${dev.label ? ` labelled "${dev.label}"` : ''}: Spindle does not create a filesystem over an existing one.`,
        'Mount it as it is, or, if its data is really not needed, erase it in the guest first (wipefs -a DEVICE).',
        'mkfs',
      );
    }
    if (req.mkfs.confirm !== dev.path) throw refuse(`Creating a filesystem erases ${dev.path}, and the confirmation names ${JSON.stringify(req.mkfs.confirm)}.`, `Confirm with the device name ${dev.path}.`, 'mkfs');
    if (!guest.mkfs.includes(req.mkfs.type)) {
      throw refuse(`The guest has no mkfs.${req.mkfs.type}.`, `Install it in the guest (${{ ext4: 'e2fsprogs', xfs: 'xfsprogs', btrfs: 'btrfs-progs', vfat: 'dosfstools' }[req.mkfs.type]}), or choose ${guest.mkfs.join(' or ') || 'another type'}.`, 'mkfs');
    }
    if (req.mkfs.label) {
      const lp = checkLabel(req.mkfs.type, req.mkfs.label);
      if (lp) throw refuse(lp.message, 'Shorten or correct the label.', 'label');
    }
    fsType = req.mkfs.type;
    if (req.mkfs.uuid !== undefined && (req.mkfs.type === 'vfat') !== /^[0-9A-F]{4}-[0-9A-F]{4}$/.test(req.mkfs.uuid)) {
      throw refuse(`${req.mkfs.uuid} is not a ${req.mkfs.type} filesystem id.`, req.mkfs.type === 'vfat' ? 'vfat takes XXXX-XXXX (hex, upper case).' : 'Give a UUID such as 0b5e7a43-8c1d-4c55-9a0e-2f6a1e7d9c01, or none.', 'mkfs');
    }
    uuid = req.mkfs.uuid ?? (ctx.newUuid ?? newFsUuid)(req.mkfs.type);
    steps.push(
      guestStep(ctx.uri, dom.name, `Erase ${dev.path} (${size}) and create ${fsType}${req.mkfs.label ? ` labelled "${req.mkfs.label}"` : ''} with UUID ${uuid}`, mkfsArgv(req.mkfs.type, dev.path, uuid, req.mkfs.label), { destructive: true }),
    );
    warnings.push(`Everything on ${dev.path} (${size}${dev.target ? `, VM disk ${dev.target}` : ''}) is erased.`);
  } else {
    if (!dev.fsType) throw refuse(`${dev.path} holds no filesystem that the guest recognises.`, 'Create one (choose a filesystem type), or pick another device.', 'mkfs');
    const why = NOT_MOUNTABLE[dev.fsType];
    if (why) throw refuse(`${dev.path} holds ${dev.fsType}, not a filesystem to mount.`, why, 'device');
    fsType = dev.fsType;
    uuid = dev.uuid ?? '';
    if (req.fstab && !uuid) throw refuse(`${dev.path} has no filesystem UUID, so it cannot be put in fstab by UUID.`, 'Mount it without adding it to fstab.', 'fstab');
  }

  const mountArgv = ['mount', '-t', fsType, ...(req.options.length ? ['-o', req.options.join(',')] : []), dev.path, req.mountpoint];
  steps.push(guestStep(ctx.uri, dom.name, `Create the directory ${req.mountpoint} in the guest (if missing)`, ['mkdir', '-p', req.mountpoint]));
  steps.push(
    guestStep(ctx.uri, dom.name, `Mount ${dev.path} (${fsType}) at ${req.mountpoint}${req.options.length ? ` with ${req.options.join(',')}` : ''}`, mountArgv, {
      undo: guestStep(ctx.uri, dom.name, `Unmount ${req.mountpoint} again`, ['umount', req.mountpoint]),
    }),
  );

  if (req.fstab) {
    const fstab = guest.fstab;
    const dup = fstab?.find((e) => e.file === req.mountpoint || e.spec === `UUID=${uuid}`);
    if (dup) throw refuse(`/etc/fstab already has a line for ${dup.file} (line ${dup.line}: ${dup.spec}).`, 'Remove that line first (unmount with "remove from fstab"), or mount without adding to fstab.', 'fstab');
    const line = fstabLine(uuid, req.mountpoint, fsType, req.options);
    const backup = backupName(req.requestId, ctx.now);
    if (fstab) {
      steps.push(guestStep(ctx.uri, dom.name, `Back up /etc/fstab to ${backup}`, ['cp', '-p', '/etc/fstab', backup]));
    } else {
      warnings.push('The guest has no /etc/fstab yet: it is created with this one line.');
    }
    const restore = fstab
      ? guestStep(ctx.uri, dom.name, `Restore /etc/fstab from ${backup}`, ['cp', '-p', backup, '/etc/fstab'])
      : guestStep(ctx.uri, dom.name, 'Remove the /etc/fstab that was created', ['rm', '-f', '/etc/fstab']);
    steps.push(guestStep(ctx.uri, dom.name, `Add to /etc/fstab: ${line.trim()}`, ['tee', '-a', '/etc/fstab'], { undo: restore }, line));
    steps.push(
      guestStep(ctx.uri, dom.name, `Test the fstab line: unmount ${req.mountpoint}…`, ['umount', req.mountpoint], {
        undo: guestStep(ctx.uri, dom.name, `Mount ${dev.path} at ${req.mountpoint} again`, mountArgv),
      }),
    );
    steps.push(guestStep(ctx.uri, dom.name, `…and mount it again through /etc/fstab alone`, ['mount', req.mountpoint]));
    warnings.push(`This line is added to the guest's /etc/fstab: ${line.trim()}${fstab ? ` (the old file is kept as ${backup})` : ''}. If mounting through it fails, the old fstab is restored and the mount undone.`);
    if (!req.options.includes('nofail')) warnings.push('Without "nofail", the guest stops at boot (emergency mode) if this disk is missing; add nofail for disks that may be detached.');
  }
  return { title: `Mount ${dev.path} at ${req.mountpoint} in ${dom.name}`, steps, warnings };
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
  if (mp) throw refuse(mp.message, 'Give the absolute path the guest shows, e.g. /mnt/data.', 'mountpoint');
  const dom = findDomain(inv, req.domain);
  if (req.mountpoint === '/') throw refuse('The root filesystem of the guest cannot be unmounted.', 'Shut the VM down instead.', 'mountpoint');
  const dev = ctx.guest.devices.find((d) => d.mountpoints.includes(req.mountpoint));
  const entries = (ctx.guest.fstab ?? []).filter((e) => e.file === req.mountpoint);
  if (!dev && !(req.fstab && entries.length)) throw refuse(`Nothing is mounted at ${req.mountpoint} in "${dom.name}".`, 'Refresh the guest filesystems; it may be unmounted already.', 'mountpoint');
  const steps: PlanStep[] = [];
  const warnings = ['Programs in the guest that still use files there make the unmount fail; nothing is forced.'];
  if (dev) steps.push(guestStep(ctx.uri, dom.name, `Unmount ${dev.path} from ${req.mountpoint} in the guest`, ['umount', req.mountpoint]));
  if (req.fstab) {
    if (!entries.length || ctx.fstabText === null) {
      warnings.push(`/etc/fstab has no line for ${req.mountpoint}: nothing to remove there.`);
    } else {
      const drop = new Set(entries.map((e) => e.line));
      const kept = ctx.fstabText.split('\n').filter((_, i) => !drop.has(i + 1)).join('\n');
      const backup = backupName(req.requestId, ctx.now);
      steps.push(guestStep(ctx.uri, dom.name, `Back up /etc/fstab to ${backup}`, ['cp', '-p', '/etc/fstab', backup]));
      steps.push(
        guestStep(ctx.uri, dom.name, `Remove from /etc/fstab: ${entries.map((e) => `line ${e.line} (${e.spec} ${e.file})`).join(', ')}`, ['tee', '/etc/fstab'], {
          undo: guestStep(ctx.uri, dom.name, `Restore /etc/fstab from ${backup}`, ['cp', '-p', backup, '/etc/fstab']),
        }, kept),
      );
    }
  }
  return { title: `Unmount ${req.mountpoint} in ${dom.name}`, steps, warnings };
}

const AGENT_CHANNEL_XML = "<channel type='unix'>\n  <target type='virtio' name='org.qemu.guest_agent.0'/>\n</channel>\n";

/** Gives a VM the virtio channel the QEMU guest agent talks through. */
export function planAgentChannel(inv: Inventory, uri: string, req: { domain: string; mode?: 'live' | 'persistent' | 'both' | undefined }, hasChannel: boolean): Plan {
  const dom = findDomain(inv, req.domain);
  if (hasChannel) throw refuse(`VM "${dom.name}" already has the guest agent channel.`, 'Install and start qemu-guest-agent inside the guest (systemctl enable --now qemu-guest-agent).', 'domain');
  const running = dom.state === 'running' || dom.state === 'paused';
  const mode = req.mode ?? (!dom.persistent ? 'live' : running ? 'both' : 'persistent');
  if (!dom.persistent && mode !== 'live') throw refuse(`VM "${dom.name}" is transient (it has no saved configuration).`, 'Choose "live": the channel lasts until the VM stops.', 'mode');
  if (mode !== 'persistent' && !running) throw refuse(`VM "${dom.name}" is not running, so nothing can be added live.`, 'Choose "persistent": the channel appears at its next start.', 'mode');
  const base = ['virsh', '--connect', uri, 'attach-device', '--domain', dom.name, '--file', '/dev/stdin'];
  const steps: PlanStep[] = [];
  if (mode !== 'live') steps.push({ description: `Add the guest agent channel to the saved configuration of ${dom.name}`, argv: [...base, '--config'], stdin: AGENT_CHANNEL_XML });
  if (mode !== 'persistent') {
    steps.push({
      description: `Add the guest agent channel to the running ${dom.name}`,
      argv: [...base, '--live'],
      stdin: AGENT_CHANNEL_XML,
      ...(mode === 'both' ? { partialNote: 'The channel is in the saved configuration: it appears after the next shutdown and start.' } : {}),
    });
  }
  return {
    title: `Add the QEMU guest agent channel to ${dom.name}`,
    steps,
    warnings: ['The guest also needs the agent itself: install qemu-guest-agent (Debian/Ubuntu/Fedora/RHEL/SUSE/Alpine) and start it; Windows guests get it from the virtio-win guest tools.'],
  };
}
