// Planning the guest operations: what the agent reports now (block devices,
// filesystems, fstab, where a path leads), the refusals when the VM is not
// running or its agent does not answer, and growing a filesystem.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { checkMountpoint, type GuestMountRequest } from '../../../../shared/contract/mount.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { GrowFsRequest, GuestFs, GuestUmountRequest } from '../../../../shared/contract/ops.ts';
import { virsh } from '../../libvirt/commands.ts';
import { findDisk, findDomain } from '../../plan/lookup.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';
import { guestFsInfo, runInGuest } from './agent.ts';
import { guestBlockDevs } from './blockdevs.ts';
import { guestStep, planAgentChannel, planGuestMount, planGuestUmountFs } from './guest-mount.ts';

const refuse = (message: string, hint: string): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint);

export async function planGuestUmount(session: HostSession, inv: Inventory, req: GuestUmountRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const guest = await agentBlockDevs(session, dom.name, dom.state);
  const fstabText = req.fstab ? await readGuestFstab(session, dom.name) : null;
  return planGuestUmountFs(inv, req, { uri: session.config.uri, guest, fstabText });
}

export async function planGuestMountOp(session: HostSession, inv: Inventory, req: GuestMountRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const guest = await agentBlockDevs(session, dom.name, dom.state);
  const resolvedMountpoint = checkMountpoint(req.mountpoint) ? null : await resolveInGuest(session, dom.name, req.mountpoint);
  return planGuestMount(inv, req, { uri: session.config.uri, guest, resolvedMountpoint });
}

export async function planAgentChannelOp(session: HostSession, inv: Inventory, req: Parameters<typeof planAgentChannel>[2]): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const xml = await session.virsh.exec(virsh.dumpxml(dom.name, { inactive: true }));
  return planAgentChannel(inv, session.config.uri, req, /org\.qemu\.guest_agent\.0/.test(xml));
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
