// Planning the guest operations: what the agent reports now (block devices,
// filesystems, fstab, where a path leads and whether it exists), the
// refusals when the VM is not running or its agent does not answer, and
// growing a filesystem.
import { msg } from '../../../../shared/core/messages.ts';
import { checkMountpoint, type GrowFsRequest, type GuestMountRequest, type GuestUmountRequest } from '../../../../shared/contract/features/mounts.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { virsh } from '../../libvirt/commands.ts';
import { hasGuestAgentChannel } from '../../libvirt/model/channel-xml.ts';
import { findDisk, findDomain } from '../../plan/lookup.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import type { HostSession } from '../../session/host-session.ts';
import path from 'node:path';
import { guestFsInfo, runInGuest } from './agent.ts';
import { guestBlockDevs } from './blockdevs.ts';
import { guestStep, planAgentChannel, planGuestMount, planGuestUmountFs } from './guest-mount.ts';
import { refuse, requireAgent, requireRunning } from './refusals.ts';

export async function planGuestUmount(session: HostSession, inv: Inventory, req: GuestUmountRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const guest = await agentBlockDevs(session, dom.name, dom.state);
  const fstabText = req.fstab ? await readGuestFstab(session, dom.name) : null;
  return planGuestUmountFs(inv, req, { uri: session.config.uri, guest, fstabText });
}

export async function planGuestMountOp(session: HostSession, inv: Inventory, req: GuestMountRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const guest = await agentBlockDevs(session, dom.name, dom.state);
  if (checkMountpoint(req.mountpoint)) return planGuestMount(inv, req, { uri: session.config.uri, guest, resolvedMountpoint: null });
  const [resolvedMountpoint, exists] = await Promise.all([resolveInGuest(session, dom.name, req.mountpoint), existInGuest(session, dom.name, [req.mountpoint, path.posix.dirname(req.mountpoint)])]);
  return planGuestMount(inv, req, {
    uri: session.config.uri,
    guest,
    resolvedMountpoint,
    ...(exists ? { mountpointExists: exists[0] ?? false, parentExists: exists[1] ?? false } : {}),
  });
}

export async function planAgentChannelOp(session: HostSession, inv: Inventory, req: Parameters<typeof planAgentChannel>[2]): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const xml = await session.virsh.exec(virsh.dumpxml(dom.name, { inactive: true }));
  return planAgentChannel(inv, session.config.uri, req, hasGuestAgentChannel(xml));
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

// A fixed script; the paths come in as arguments: one "y" or "n" line each.
const EXISTS_SCRIPT = 'for p; do if [ -e "$p" ] || [ -L "$p" ]; then echo y; else echo n; fi; done';

/** Whether each path exists in the guest, or null when the guest could not say. */
async function existInGuest(session: HostSession, domain: string, paths: string[]): Promise<boolean[] | null> {
  const r = await runInGuest(session, domain, ['sh', '-c', EXISTS_SCRIPT, 'sh', ...paths]).catch(() => null);
  const answers = r?.exitCode === 0 ? r.stdout.trim().split('\n') : [];
  return answers.length === paths.length && answers.every((a) => a === 'y' || a === 'n') ? answers.map((a) => a === 'y') : null;
}

async function readGuestFstab(session: HostSession, domain: string): Promise<string | null> {
  const r = await runInGuest(session, domain, ['cat', '/etc/fstab']);
  return r.exitCode === 0 ? r.stdout : null;
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
  if (!mine.length) throw refuse('mounts.growfs.noFs', { target: disk.target }, 'target');
  const steps: PlanStep[] = [];
  const uri = session.config.uri;
  for (const f of mine) {
    if (f.parentDevice) {
      const part = f.device.startsWith(f.parentDevice) ? /(\d+)$/.exec(f.device)?.[1] : undefined;
      const how = part ? msg('mounts.growfs.growpart', { disk: f.parentDevice, partition: part }) : msg('mounts.growfs.growLayer');
      throw refuse('mounts.growfs.layered', { mountpoint: f.mountpoint, device: f.device, disk: f.parentDevice, how }, 'target');
    }
    const t = f.type;
    if (t === 'ext2' || t === 'ext3' || t === 'ext4') steps.push(guestStep(uri, dom.name, msg('mounts.growfs.stepExt', { type: t, device: f.device, mountpoint: f.mountpoint }), ['resize2fs', f.device]));
    else if (t === 'xfs') steps.push(guestStep(uri, dom.name, msg('mounts.growfs.stepXfs', { mountpoint: f.mountpoint }), ['xfs_growfs', f.mountpoint]));
    else if (t === 'btrfs') steps.push(guestStep(uri, dom.name, msg('mounts.growfs.stepBtrfs', { mountpoint: f.mountpoint }), ['btrfs', 'filesystem', 'resize', 'max', f.mountpoint]));
    else throw refuse('mounts.growfs.unsupported', { type: t, mountpoint: f.mountpoint }, 'target');
  }
  return { title: msg('mounts.growfs.title', { domain: dom.name, target: disk.target }), steps, warnings: [] };
}
