// What a running guest holds: its block devices (lsblk), their filesystem
// signatures (blkid, which also works where the guest has no udev), the
// mounted filesystems with used/total bytes (guest-get-fsinfo), which VM disk
// each device is (guest-get-disks addresses matched to the domain XML), the
// mkfs programs it has and its /etc/fstab. All through the guest agent, each
// program run directly by guest-exec (no shell around anything we pass in).
import { toSpindleError } from '../../../../shared/core/errors.ts';
import { english, msg, type Msg } from '../../../../shared/core/messages.ts';
import { MKFS_TYPES, type FstabEntry, type GuestBlockDevice, type GuestBlockDevs, type MkfsType } from '../../../../shared/contract/features/mounts.ts';
import { virsh } from '../../libvirt/commands.ts';
import type { HostSession } from '../../session/host-session.ts';
import { unescapeOctal } from './mounts.ts';
import { agentCommand, guestFsInfo, matchAgentDisk, parseDiskAddresses, runInGuest, type DiskAddress } from './agent.ts';

export const LSBLK_ARGV = ['lsblk', '--json', '--bytes', '--list', '--output', 'NAME,PATH,TYPE,SIZE,RO,FSTYPE,UUID,LABEL,MOUNTPOINTS,PKNAME'];
// -c /dev/null: probe the devices now instead of trusting a cache file.
export const BLKID_ARGV = ['blkid', '-c', '/dev/null', '-o', 'export'];
// A fixed script (nothing of ours in it): which mkfs programs are on PATH.
export const MKFS_PROBE_ARGV = ['sh', '-c', 'for p in mkfs.ext4 mkfs.xfs mkfs.btrfs mkfs.vfat mkfs.fat; do command -v "$p"; done; exit 0'];

interface LsblkRow {
  name: string;
  path?: string;
  type: string;
  size: number | string | null;
  ro: boolean | string | number;
  fstype: string | null;
  uuid: string | null;
  label: string | null;
  mountpoints?: (string | null)[];
  mountpoint?: string | null;
  pkname: string | null;
}

const KIND: Record<string, GuestBlockDevice['kind']> = { disk: 'disk', part: 'part', lvm: 'lvm', crypt: 'crypt', rom: 'rom', loop: 'loop' };

export function parseLsblk(json: string): GuestBlockDevice[] {
  const rows = (JSON.parse(json) as { blockdevices?: LsblkRow[] }).blockdevices ?? [];
  const parents = new Set(rows.map((r) => r.pkname).filter((p): p is string => !!p));
  return rows.map((r) => {
    const mps = (r.mountpoints ?? [r.mountpoint ?? null]).filter((m): m is string => !!m);
    const dev: GuestBlockDevice = {
      path: r.path ?? `/dev/${r.name}`,
      name: r.name,
      kind: KIND[r.type] ?? (r.type.startsWith('raid') ? 'raid' : 'other'),
      sizeBytes: Number(r.size ?? 0),
      readOnly: r.ro === true || r.ro === '1' || r.ro === 1,
      mountpoints: mps,
      hasChildren: parents.has(r.name),
    };
    if (r.pkname) dev.parent = `/dev/${r.pkname}`;
    if (r.fstype) dev.fsType = r.fstype;
    if (r.uuid) dev.uuid = r.uuid;
    if (r.label) dev.label = r.label;
    return dev;
  });
}

/** `blkid -o export`: blocks of KEY=value lines (values shell-escaped), one block per device. */
export function parseBlkidExport(text: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const block of text.split(/\n\s*\n/)) {
    const rec: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      rec[line.slice(0, eq)] = line.slice(eq + 1).replace(/\\(.)/g, '$1');
    }
    if (rec.DEVNAME) out.set(rec.DEVNAME, rec);
  }
  return out;
}


export function parseFstab(text: string): FstabEntry[] {
  const out: FstabEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [spec, file, vfstype, options] = line.split(/\s+/);
    if (!spec || !file) return;
    out.push({ spec: unescapeOctal(spec), file: unescapeOctal(file), vfstype: vfstype ?? '', options: options ?? 'defaults', line: i + 1 });
  });
  return out;
}

export function parseMkfsProbe(text: string): MkfsType[] {
  const found = new Set(text.split('\n').map((l) => l.trim().split('/').pop() ?? ''));
  return MKFS_TYPES.filter((t) => found.has(`mkfs.${t}`) || (t === 'vfat' && found.has('mkfs.fat')));
}

interface AgentDiskInfo {
  name: string;
  partition?: boolean;
  dependencies?: string[];
  address?: Parameters<typeof matchAgentDisk>[0];
}

/** guest-get-disks (QEMU agent 5.2+): every disk with its address, partitions with their disk. */
export function targetsFromAgentDisks(disks: AgentDiskInfo[], addresses: DiskAddress[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const d of disks) {
    if (!d.partition && d.address) {
      const t = matchAgentDisk(d.address, addresses);
      if (t) byName.set(d.name, t);
    }
  }
  for (const d of disks) {
    if (!byName.has(d.name)) {
      const dep = d.dependencies?.map((x) => byName.get(x)).find((x) => x);
      if (dep) byName.set(d.name, dep);
    }
  }
  return byName;
}

/** Everything the filesystems view and the mount planner need, in parallel guest-execs. */
export async function guestBlockDevs(session: HostSession, domain: string): Promise<GuestBlockDevs> {
  // One read of the domain XML serves both the fsinfo matching and the guest-get-disks matching.
  const xml = await session.virsh.exec(virsh.dumpxml(domain));
  const fs = await guestFsInfo(session, domain, xml);
  if (fs.agent !== 'ok') return { agent: fs.agent, devices: [], mkfs: [], fstab: null, notes: [] };
  const notes: Msg[] = [];
  const addresses = parseDiskAddresses(xml);
  const [lsblk, blkid, mkfs, fstab, agentDisks] = await Promise.all([
    runInGuest(session, domain, LSBLK_ARGV).catch((e: unknown) => toSpindleError(e)),
    runInGuest(session, domain, BLKID_ARGV).catch((e: unknown) => toSpindleError(e)),
    runInGuest(session, domain, MKFS_PROBE_ARGV).catch((e: unknown) => toSpindleError(e)),
    runInGuest(session, domain, ['cat', '/etc/fstab']).catch((e: unknown) => toSpindleError(e)),
    agentCommand<AgentDiskInfo[]>(session, domain, 'guest-get-disks').catch(() => null),
  ]);

  let devices: GuestBlockDevice[] = [];
  if ('exitCode' in lsblk && lsblk.exitCode === 0) devices = parseLsblk(lsblk.stdout);
  else notes.push(msg('mounts.notes.noLsblk'));

  // blkid finds signatures lsblk cannot see without udev.
  if ('exitCode' in blkid && (blkid.exitCode === 0 || blkid.exitCode === 2)) {
    const sig = parseBlkidExport(blkid.stdout);
    for (const d of devices) {
      const s = sig.get(d.path);
      if (!s) continue;
      d.fsType ??= s.TYPE;
      d.uuid ??= s.UUID;
      d.label ??= s.LABEL;
      if (!d.fsType) delete d.fsType;
      if (!d.uuid) delete d.uuid;
      if (!d.label) delete d.label;
    }
  } else {
    notes.push(msg('mounts.notes.noBlkid'));
  }

  // Which VM disk each device is: the agent's disk addresses, else the mounted filesystems' matches.
  const targets = Array.isArray(agentDisks) ? targetsFromAgentDisks(agentDisks, addresses) : new Map<string, string>();
  for (const f of fs.filesystems) {
    const t = f.targets[0];
    if (t && !targets.has(f.device)) targets.set(f.device, t);
    if (t && f.parentDevice && !targets.has(f.parentDevice)) targets.set(f.parentDevice, t);
  }
  for (const d of devices) {
    const t = targets.get(d.path) ?? (d.parent ? targets.get(d.parent) : undefined);
    if (t) d.target = t;
    const mounted = fs.filesystems.find((f) => f.device === d.path || d.mountpoints.includes(f.mountpoint));
    if (mounted) {
      if (mounted.usedBytes !== undefined) d.usedBytes = mounted.usedBytes;
      if (mounted.totalBytes !== undefined) d.totalBytes = mounted.totalBytes;
      if (!d.mountpoints.length) d.mountpoints = fs.filesystems.filter((f) => f.device === d.path).map((f) => f.mountpoint);
      d.fsType ??= mounted.type;
    }
  }
  if (!devices.length) {
    // No lsblk: what the agent knows about mounted filesystems.
    devices = fs.filesystems.map((f) => ({
      path: f.device,
      name: f.device.replace(/^\/dev\//, ''),
      kind: f.parentDevice ? 'part' : 'other',
      sizeBytes: f.totalBytes ?? 0,
      readOnly: false,
      fsType: f.type,
      mountpoints: [f.mountpoint],
      hasChildren: false,
      ...(f.parentDevice ? { parent: f.parentDevice } : {}),
      ...(f.targets[0] ? { target: f.targets[0] } : {}),
      ...(f.usedBytes !== undefined ? { usedBytes: f.usedBytes } : {}),
      ...(f.totalBytes !== undefined ? { totalBytes: f.totalBytes } : {}),
    }));
  }

  const mkfsTypes = 'exitCode' in mkfs ? parseMkfsProbe(mkfs.stdout) : [];
  const fstabEntries = 'exitCode' in fstab && fstab.exitCode === 0 ? parseFstab(fstab.stdout) : null;
  return { agent: 'ok', devices, mkfs: mkfsTypes, fstab: fstabEntries, notes: notes.map(english), ...(notes.length ? { noteMsgs: notes } : {}) };
}
