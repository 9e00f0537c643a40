// Finding what a new pool can be made of. pool.devices: the host's block
// devices (`lsblk -J -b -O`, signatures from `wipefs -n -J` where lsblk has
// no udev to ask) with what already uses each one: a mount,
// partitions, an LVM volume group (`pvs`), another holder (dm, md), an
// existing libvirt pool's source, a VM's disk. pool.sources: what libvirt
// finds for a type (`virsh find-storage-pool-sources-as`), read into the
// request's source shape. Parsers are pure (tested on recorded output); the
// readers run argument arrays through the session's runner (sudo where the
// host is set up for it).
import { classifyFailure } from '../../transport/command-errors.ts';
import { parseZpoolNames, ZPOOL_NAMES_ARGV } from './zpool-list.ts';
import type { BlockDevice, PoolSource, PoolSourcesRequest } from '../../../../shared/contract/features/pools.ts';
import { SpindleError, isSpindleError } from '../../../../shared/core/errors.ts';
import type { MessageKey, MsgParam } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { checkResult } from '../../transport/command-errors.ts';
import { virsh } from '../../libvirt/commands.ts';
import { parsePoolSources } from '../../libvirt/model/pool-sources.ts';
import { parsePoolSpec, POOL_CAPS, POOL_TYPES, type PoolType } from '../../libvirt/model/pool-xml.ts';
import type { HostSession } from '../../session/host-session.ts';

export const LSBLK_ARGV = ['lsblk', '--json', '--bytes', '--output-all'] as const;
export const PVS_ARGV = ['pvs', '--noheadings', '--separator', '|', '--options', 'pv_name,vg_name'] as const;
/** Every signature on the devices, read-only (lsblk takes FSTYPE, PTTYPE and LABEL from udev, which a host may not run). */
export const wipefsArgv = (devices: readonly string[]): string[] => ['wipefs', '--no-act', '--json', '--', ...devices];

/** What blkid calls partition tables (PMBR is gpt's protective MBR). */
const PARTITION_TABLES = new Set(['gpt', 'dos', 'PMBR', 'sun', 'sgi', 'bsd', 'mac', 'atari', 'aix', 'solaris', 'unixware', 'minix']);

/** `wipefs --no-act --json DEV...` -> per device: its filesystem (or other signature), partition table and label. */
export function parseWipefs(json: string): Map<string, { fstype?: string; pttype?: string; label?: string }> {
  const out = new Map<string, { fstype?: string; pttype?: string; label?: string }>();
  const doc = JSON.parse(json) as { signatures?: Array<{ device?: unknown; type?: unknown; label?: unknown }> };
  for (const sig of doc.signatures ?? []) {
    const dev = str(sig.device);
    const type = str(sig.type);
    if (!dev || !type) continue;
    const path = dev.startsWith('/') ? dev : `/dev/${dev}`;
    const e = out.get(path) ?? {};
    if (PARTITION_TABLES.has(type)) {
      if (type !== 'PMBR' || e.pttype === undefined) e.pttype = type === 'PMBR' ? 'gpt' : type;
    } else if (e.fstype === undefined) {
      e.fstype = type;
      const label = str(sig.label);
      if (label !== undefined) e.label = label;
    }
    out.set(path, e);
  }
  return out;
}

/** Fills in what lsblk could not tell (no udev) from wipefs's signatures, and the LVM/swap reasons that follow. */
export function withSignatures(devices: BlockDevice[], sigs: Map<string, { fstype?: string; pttype?: string; label?: string }>): BlockDevice[] {
  return devices.map((d) => {
    const sig = sigs.get(d.path);
    if (!sig) return d;
    const out: BlockDevice = { ...d, inUse: [...d.inUse] };
    for (const k of ['fstype', 'pttype', 'label'] as const) if (out[k] === undefined && sig[k] !== undefined) out[k] = sig[k];
    if (out.fstype === 'LVM2_member' && !out.inUse.some((u) => u.reason === 'lvm')) out.inUse.push({ reason: 'lvm' });
    if (out.fstype === 'swap' && !out.inUse.some((u) => u.reason === 'swap')) out.inUse.push({ reason: 'swap' });
    return out;
  });
}

interface LsblkNode {
  name?: unknown;
  path?: unknown;
  size?: unknown;
  type?: unknown;
  model?: unknown;
  fstype?: unknown;
  pttype?: unknown;
  label?: unknown;
  ro?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  children?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
/** lsblk 2.33+ prints numbers and booleans in JSON; older ones print strings. */
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);
const bool = (v: unknown): boolean => v === true || v === '1' || v === 1;

/**
 * `lsblk --json --bytes --output-all` -> every device of the tree, parents
 * first. inUse holds what lsblk alone tells: mounts, swap, partitions,
 * holders, an LVM signature (the VG is added from pvs by markInUse).
 * Devices of size 0 (an unattached loop, an empty drive) are left out.
 */
export function parseLsblk(json: string): BlockDevice[] {
  const doc = JSON.parse(json) as { blockdevices?: unknown };
  const out: BlockDevice[] = [];
  const walk = (node: LsblkNode, parent: string | undefined) => {
    const name = str(node.name) ?? '';
    const path = str(node.path) ?? (name ? `/dev/${name}` : '');
    const kids = Array.isArray(node.children) ? (node.children as LsblkNode[]) : [];
    const mounts = (Array.isArray(node.mountpoints) ? node.mountpoints : [node.mountpoint]).map(str).filter((m): m is string => m !== undefined);
    const dev: BlockDevice = {
      path,
      ...(parent !== undefined ? { parent } : {}),
      sizeBytes: num(node.size),
      type: str(node.type) ?? 'unknown',
      mountpoints: mounts.filter((m) => m !== '[SWAP]'),
      readOnly: bool(node.ro),
      inUse: [],
    };
    for (const [k, v] of [['model', node.model], ['fstype', node.fstype], ['pttype', node.pttype], ['label', node.label]] as const) {
      const s = str(v);
      if (s !== undefined) dev[k] = s;
    }
    for (const m of dev.mountpoints) dev.inUse.push({ reason: 'mounted', name: m });
    if (mounts.includes('[SWAP]') || dev.fstype === 'swap') dev.inUse.push({ reason: 'swap' });
    if (dev.fstype === 'LVM2_member') dev.inUse.push({ reason: 'lvm' });
    const parts = kids.filter((k) => str(k.type) === 'part');
    if (parts.length) dev.inUse.push({ reason: 'partitions', name: parts.map((k) => str(k.path) ?? `/dev/${str(k.name) ?? ''}`).join(', ') });
    for (const k of kids) if (str(k.type) !== 'part') dev.inUse.push({ reason: 'holders', name: str(k.name) ?? '' });
    if (dev.sizeBytes > 0 && path) out.push(dev);
    for (const k of kids) walk(k, path || undefined);
  };
  for (const d of Array.isArray(doc.blockdevices) ? (doc.blockdevices as LsblkNode[]) : []) walk(d, undefined);
  return out;
}

/** `pvs --noheadings --separator '|' -o pv_name,vg_name` -> PV path -> VG ('' when the PV is in none). */
export function parsePvs(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [pv, vg] = line.trim().split('|');
    if (pv) m.set(pv.trim(), (vg ?? '').trim());
  }
  return m;
}

/** What else uses the devices: pools (by their source devices) and VMs (by their block disks). */
export interface DeviceUsers {
  /** PV path -> VG name. */
  pvs: Map<string, string>;
  pools: Array<{ pool: string; devices: string[] }>;
  vms: Array<{ vm: string; devices: string[] }>;
  /** A path as given -> the device it names (readlink -f), for /dev/disk/by-* names. */
  canonical?: Map<string, string>;
}

export function markInUse(devices: BlockDevice[], users: DeviceUsers): BlockDevice[] {
  const canon = (p: string) => users.canonical?.get(p) ?? p;
  return devices.map((d) => {
    const inUse = d.inUse.map((u) => (u.reason === 'lvm' && users.pvs.get(d.path) ? { reason: 'lvm' as const, name: users.pvs.get(d.path) ?? '' } : u));
    if (!inUse.some((u) => u.reason === 'lvm') && users.pvs.has(d.path)) inUse.push({ reason: 'lvm', ...(users.pvs.get(d.path) ? { name: users.pvs.get(d.path) ?? '' } : {}) });
    for (const p of users.pools) if (p.devices.some((x) => canon(x) === d.path)) inUse.push({ reason: 'pool', name: p.pool });
    for (const v of users.vms) if (v.devices.some((x) => canon(x) === d.path)) inUse.push({ reason: 'vm', name: v.vm });
    return { ...d, inUse };
  });
}

/** Pool types whose <source><device> is a local block device. */
const BLOCK_SOURCE_TYPES: readonly string[] = ['fs', 'disk', 'logical', 'zfs'];

/** The block devices of VMs' disks (type block) from the inventory. */
export function vmDevices(inv: Inventory): DeviceUsers['vms'] {
  return inv.domains
    .map((d) => ({ vm: d.name, devices: d.disks.map((k) => (k.source.type === 'block' ? k.source.dev : undefined)).filter((p): p is string => p !== undefined) }))
    .filter((v) => v.devices.length > 0);
}

export async function readBlockDevices(session: HostSession, inv: Inventory): Promise<BlockDevice[]> {
  const sudo = session.config.sudo;
  const blockPools = inv.pools.filter((p) => BLOCK_SOURCE_TYPES.includes(p.type));
  // Three reads that do not depend on each other, at once (over SSH each is a round trip):
  // the devices (then their signatures), the LVM PVs, and the sources of the pools that sit on devices.
  const [devices, pvsRun, xmls] = await Promise.all([
    (async () => {
      const lsblk = await session.runner.run([...LSBLK_ARGV], { sudo, timeoutMs: 30_000 });
      checkResult(lsblk, 'lsblk', session.runner.label);
      let devices = parseLsblk(lsblk.stdout);
      // Mounted devices are busy for wipefs (it stops at the first it cannot open): they are in use anyway.
      const probe = devices.filter((d) => d.mountpoints.length === 0 && !d.inUse.some((u) => u.reason === 'swap' || u.reason === 'holders')).map((d) => d.path);
      if (probe.length) {
        const w = await session.runner.run(wipefsArgv(probe), { sudo, timeoutMs: 30_000 }).catch(() => null);
        if (w?.code === 0 && w.stdout.trim()) devices = withSignatures(devices, parseWipefs(w.stdout));
      }
      return devices;
    })(),
    // Without LVM tools (or rights) the VG names are unknown; lsblk still marks LVM2_member devices.
    session.runner.run([...PVS_ARGV], { sudo, timeoutMs: 30_000 }).catch(() => null),
    blockPools.length ? session.virsh.batch(blockPools.map((p) => virsh.poolDumpxml(p.name, { inactive: true }))).then((b) => b.outputs) : Promise.resolve([] as string[]),
  ]);
  const pvs = pvsRun?.code === 0 ? parsePvs(pvsRun.stdout) : new Map<string, string>();
  const pools = blockPools
    .map((p, i) => {
      try {
        return { pool: p.name, devices: (parsePoolSpec(xmls[i] ?? '').source?.devices ?? []).map((d) => d.path) };
      } catch {
        return { pool: p.name, devices: [] };
      }
    })
    .filter((p) => p.devices.length);
  const vms = vmDevices(inv);
  const named = [...new Set([...pools, ...vms].flatMap((x) => x.devices))].filter((p) => !devices.some((d) => d.path === p));
  const canonical = new Map<string, string>();
  if (named.length) {
    // Links (/dev/disk/by-id/...) to the devices lsblk names; a path that is gone stays as it is.
    const r = await session.runner.run(['readlink', '-f', '--', ...named], { sudo, timeoutMs: 10_000 }).catch(() => null);
    const lines = r?.stdout.split('\n') ?? [];
    if (r?.code === 0 && lines.length >= named.length) named.forEach((p, i) => canonical.set(p, lines[i] ?? p));
  }
  return markInUse(devices, { pvs, pools, vms, canonical });
}

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: string): SpindleError {
  return SpindleError.of('INVALID_ARGUMENT', key, params, field);
}

/** HOST or HOST:PORT ([v6]:PORT) -> the parts find-storage-pool-sources-as takes. */
export function splitHostPort(s: string): { host: string; port?: string } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) return { host: s };
  return { host: m[1] ?? s, ...(m[2] !== undefined ? { port: m[2] } : {}) };
}

/** The argv (after virsh --connect) that lists a type's sources, or the refusal of a request that cannot. */
export function sourcesArgs(req: Omit<PoolSourcesRequest, 'host'>): string[] {
  if (!(POOL_TYPES as readonly string[]).includes(req.type)) throw refuse('pools.sources.unknownType', { type: req.type, types: POOL_TYPES.join(', ') }, 'type');
  const type = req.type as PoolType;
  const asks = POOL_CAPS[type].discovery;
  if (asks !== 'find-sources' && asks !== 'find-sources-host' && asks !== 'iscsi-ls') throw refuse('pools.sources.noDiscovery', { type }, 'type');
  const needsHost = asks !== 'find-sources';
  if (needsHost && req.sourceHost === undefined) throw refuse('pools.sources.needsHost', { type }, 'sourceHost');
  if (!needsHost && req.sourceHost !== undefined) throw refuse('pools.sources.noHost', { type }, 'sourceHost');
  if (type === 'iscsi-direct' && req.initiatorIqn === undefined) throw refuse('pools.sources.needsInitiator', { type }, 'initiatorIqn');
  if (type !== 'iscsi-direct' && type !== 'iscsi' && req.initiatorIqn !== undefined) throw refuse('pools.sources.noInitiator', { type }, 'initiatorIqn');
  const hp = req.sourceHost !== undefined ? splitHostPort(req.sourceHost) : undefined;
  if (hp && !/^[A-Za-z0-9._:-]+$/.test(hp.host)) throw refuse('pools.create.hostName', { host: JSON.stringify(req.sourceHost ?? '') }, 'sourceHost');
  return virsh.findPoolSourcesAs(type, {
    ...(hp ? { host: hp.host, ...(hp.port !== undefined ? { port: hp.port } : {}) } : {}),
    ...(req.initiatorIqn !== undefined ? { initiator: req.initiatorIqn } : {}),
  });
}

/**
 * What a failed find-storage-pool-sources-as means for the user: a tool
 * libvirt runs is missing (iscsiadm: open-iscsi), the type's driver is not
 * installed, or the server has nothing (an empty answer, not an error).
 */
export function sourcesFailure(type: string, e: unknown): PoolSource[] | SpindleError {
  const err = isSpindleError(e) ? e : null;
  const text = `${err?.details?.stderr ?? ''}\n${err?.message ?? String(e)}`;
  if (/iscsiadm: No such file/.test(text)) return SpindleError.of('COMMAND_NOT_FOUND', 'pools.sources.needsOpenIscsi', { type }, 'type');
  if (/missing backend for pool type/.test(text)) {
    const pkg = (POOL_CAPS as Record<string, (typeof POOL_CAPS)[PoolType] | undefined>)[type]?.packages.debian ?? '';
    return SpindleError.of('INVALID_ARGUMENT', 'pools.sources.noDriver', { type, package: pkg }, 'type');
  }
  const tool = /cannot execute binary (\S+?):? No such file/.exec(text)?.[1];
  if (tool !== undefined) return SpindleError.of('COMMAND_NOT_FOUND', 'pools.sources.needsTool', { type, tool }, 'type');
  // netfs: showmount answered, with no exports.
  if (/no storage pools were found on host/.test(text)) return [];
  return err ?? SpindleError.of('COMMAND_FAILED', 'pools.sources.failed', { type, error: String(e) }, 'type');
}

export async function readPoolSources(session: HostSession, req: Omit<PoolSourcesRequest, 'host'>): Promise<PoolSource[]> {
  // libvirt's zfs backend finds no sources: the host's zpools are what a zfs pool can take.
  if (req.type === 'zfs') {
    const r = await session.runner.run([...ZPOOL_NAMES_ARGV], { sudo: session.config.sudo, timeoutMs: 30_000 });
    if (r.code !== 0) throw classifyFailure(r, 'zpool', session.runner.label);
    return parseZpoolNames(r.stdout).map((name) => ({ name }));
  }
  const args = sourcesArgs(req);
  let xml: string;
  try {
    xml = await session.virsh.exec(args, { timeoutMs: 60_000 });
  } catch (e) {
    const r = sourcesFailure(req.type, e);
    if (Array.isArray(r)) return r;
    throw r;
  }
  return parsePoolSources(xml, req.type);
}
