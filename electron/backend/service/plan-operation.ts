// One entry point from an API operation to its plan, against the host's
// inventory (and, for guest operations, what the guest agent reports now).
import { SpindleError } from '../../../shared/core/errors.ts';
import type { Inventory } from '../../../shared/contract/models.ts';
import type { AttachSource, GrowFsRequest, GuestFs, Operation } from '../../../shared/contract/ops.ts';
import { hostPathFacts, type HostPathFacts } from '../features/files/index.ts';
import { attachChoices } from '../libvirt/domcaps.ts';
import { checkMountpoint } from '../../../shared/contract/mount.ts';
import { guestFsInfo, runInGuest } from '../features/mounts/index.ts';
import { guestBlockDevs } from '../features/mounts/index.ts';
import { guestStep, planAgentChannel, planGuestMount, planGuestUmountFs } from '../features/mounts/index.ts';
import { planHostMount, planHostUmount } from '../features/mounts/index.ts';
import type { HostMountRegistry } from '../features/mounts/index.ts';
import type { HostSession } from '../session/host-session.ts';
import { planCdrom } from '../features/disks/index.ts';
import { planAttachDisk, planDetachDisk } from '../features/disks/index.ts';
import { planResizeDisk } from '../features/disks/index.ts';
import { findDisk, findDomain } from '../plan/lookup.ts';
import type { Plan, PlanStep } from '../plan/plan.ts';
import { planCreateVolume } from '../features/volumes/index.ts';
import { planIoTune } from '../features/stats/index.ts';

const refuse = (message: string, hint: string): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint);

export interface PlanContext {
  /** Images mounted on hosts (host.mount / host.umount need it). */
  mounts?: HostMountRegistry;
}

export async function planOperation(session: HostSession, inv: Inventory, op: Operation, ctx: PlanContext = {}): Promise<Plan> {
  const uri = session.config.uri;
  switch (op.kind) {
    case 'volume.create':
      return planCreateVolume(inv, uri, op.request);
    case 'disk.attach': {
      const dom = findDomain(inv, op.request.domain);
      const [choices, sourceFacts] = await Promise.all([attachChoices(session.virsh, dom.name, dom.state === 'running' || dom.state === 'paused'), attachSourceFacts(session, op.request.source)]);
      return planAttachDisk(inv, uri, op.request, { choices, ...(sourceFacts ? { sourceFacts } : {}) });
    }
    case 'disk.detach':
      return planDetachDisk(inv, uri, op.request);
    case 'disk.resize':
      return planResizeDisk(inv, uri, op.request);
    case 'cdrom':
      return planCdrom(inv, uri, op.request);
    case 'guest.growfs':
      return planGrowFs(session, inv, op.request);
    case 'guest.umount': {
      const dom = findDomain(inv, op.request.domain);
      const guest = await agentBlockDevs(session, dom.name, dom.state);
      const fstabText = op.request.fstab ? await readGuestFstab(session, dom.name) : null;
      return planGuestUmountFs(inv, op.request, { uri, guest, fstabText });
    }
    case 'guest.mount': {
      const dom = findDomain(inv, op.request.domain);
      const guest = await agentBlockDevs(session, dom.name, dom.state);
      const resolvedMountpoint = checkMountpoint(op.request.mountpoint) ? null : await resolveInGuest(session, dom.name, op.request.mountpoint);
      return planGuestMount(inv, op.request, { uri, guest, resolvedMountpoint });
    }
    case 'guest.agentChannel': {
      const dom = findDomain(inv, op.request.domain);
      const xml = await session.virsh.exec(['dumpxml', '--domain', dom.name, '--inactive']);
      return planAgentChannel(inv, uri, op.request, /org\.qemu\.guest_agent\.0/.test(xml));
    }
    case 'host.mount':
      return planHostMount(session, inv, op.request, { mounts: needMounts(ctx) });
    case 'host.umount':
      return planHostUmount(session, op.request, needMounts(ctx));
    case 'iotune.set':
      return planIoTune(inv, uri, op.request);
  }
}

/**
 * A file, ISO or block source as the host sees it: one stat through the
 * host's own runner (SSH and sudo included). Not for libvirt's test driver,
 * whose disks exist only inside it, nor for a URI naming another machine
 * (qemu+ssh://other/...), whose files the runner cannot see.
 */
async function attachSourceFacts(session: HostSession, source: AttachSource): Promise<HostPathFacts | null> {
  if (source.kind !== 'file' && source.kind !== 'iso' && source.kind !== 'block') return null;
  if (!/^[a-z0-9+]+:\/\/\//i.test(session.config.uri) || session.config.uri.startsWith('test:')) return null;
  return hostPathFacts(session.runner, session.config.sudo, source.kind === 'block' ? source.dev : source.path);
}

function needMounts(ctx: PlanContext): HostMountRegistry {
  if (!ctx.mounts) throw new SpindleError('INVALID_ARGUMENT', 'Host mounts are managed by the Spindle service (the app or the CLI), not here.');
  return ctx.mounts;
}

/** guest.blockdevs for planning: refuses when the VM is not running or its agent does not answer. */
async function agentBlockDevs(session: HostSession, domain: string, state: string) {
  requireRunning(domain, state);
  const guest = await guestBlockDevs(session, domain);
  requireAgent(domain, guest.agent);
  return guest;
}

/**
 * Where a path leads in the guest, its symbolic links followed (readlink -f,
 * GNU and busybox alike), or null. It fails when more than the last folder is
 * missing: mkdir -p then creates them, empty, so nothing existing is hidden.
 */
async function resolveInGuest(session: HostSession, domain: string, p: string): Promise<string | null> {
  // A guest without readlink keeps the check of the path as written.
  const r = await runInGuest(session, domain, ['readlink', '-f', '--', p]).catch(() => null);
  const out = r?.stdout.replace(/\n$/, '') ?? '';
  return r?.exitCode === 0 && out.startsWith('/') ? out : null;
}

async function readGuestFstab(session: HostSession, domain: string): Promise<string | null> {
  const r = await runInGuest(session, domain, ['cat', '/etc/fstab']);
  return r.exitCode === 0 ? r.stdout : null;
}

function requireRunning(domain: string, state: string): void {
  if (state !== 'running') throw refuse(`VM "${domain}" is not running.`, 'Start it: the guest agent answers only in a running guest.');
}

/** The refusal every guest operation gives when the agent cannot be reached. */
function requireAgent(domain: string, agent: GuestFs['agent']): void {
  if (agent === 'ok') return;
  throw new SpindleError(
    'AGENT_UNAVAILABLE',
    agent === 'missing' ? `VM "${domain}" has no guest agent channel.` : agent === 'not-running' ? `VM "${domain}" is not running.` : `The guest agent of "${domain}" does not answer.`,
    'Install and start qemu-guest-agent in the guest, and give the VM an org.qemu.guest_agent.0 virtio channel.',
  );
}

async function agentFilesystems(session: HostSession, inv: Inventory, domain: string) {
  const dom = findDomain(inv, domain);
  requireRunning(dom.name, dom.state);
  const fs = await guestFsInfo(session, dom.name);
  requireAgent(dom.name, fs.agent);
  return { dom, filesystems: fs.filesystems };
}

/** Grows the filesystem on a (just grown) disk from inside the guest. */
export async function planGrowFs(session: HostSession, inv: Inventory, req: GrowFsRequest): Promise<Plan> {
  const { dom, filesystems } = await agentFilesystems(session, inv, req.domain);
  const disk = findDisk(dom, req.target);
  const mine = filesystems.filter((f) => f.targets.includes(disk.target));
  if (!mine.length) {
    throw refuse(
      `The guest agent reports no mounted filesystem on ${disk.target}.`,
      'Mount it in the guest first (an unmounted ext4 can be grown there with "e2fsck -f" then "resize2fs").',
    );
  }
  const steps: PlanStep[] = [];
  const warnings: string[] = [];
  for (const f of mine) {
    if (f.parentDevice) {
      const part = f.device.startsWith(f.parentDevice) ? /(\d+)$/.exec(f.device)?.[1] : undefined;
      throw refuse(
        `The filesystem at ${f.mountpoint} sits on ${f.device}, not on the whole disk ${f.parentDevice}: that layer has to grow before the filesystem.`,
        part
          ? `In the guest run "growpart ${f.parentDevice} ${part}" (cloud-guest-utils), then grow the filesystem again.`
          : 'Grow the layer in the guest first (pvresize and lvextend for LVM, mdadm --grow for RAID), then the filesystem.',
      );
    }
    const t = f.type;
    if (t === 'ext2' || t === 'ext3' || t === 'ext4') steps.push(guestStep(session.config.uri, dom.name, `Grow the ${t} filesystem on ${f.device} (mounted at ${f.mountpoint}) to fill the disk`, ['resize2fs', f.device]));
    else if (t === 'xfs') steps.push(guestStep(session.config.uri, dom.name, `Grow the XFS filesystem mounted at ${f.mountpoint} to fill the disk`, ['xfs_growfs', f.mountpoint]));
    else if (t === 'btrfs') steps.push(guestStep(session.config.uri, dom.name, `Grow the btrfs filesystem mounted at ${f.mountpoint} to fill the disk`, ['btrfs', 'filesystem', 'resize', 'max', f.mountpoint]));
    else throw refuse(`Spindle cannot grow a ${t} filesystem (at ${f.mountpoint}).`, 'Grow it with that filesystem\'s own tool in the guest.');
  }
  return { title: `Grow the filesystem on ${dom.name}:${disk.target} in the guest`, steps, warnings };
}
