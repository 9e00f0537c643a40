// Mounting an image or volume on the host, for inspection or repair. A raw
// image is mounted through a loop device (mount -o loop, with offset and
// sizelimit for a partition); any other format (qcow2, vmdk, ...) is first
// exported as a raw file by qemu-storage-daemon over FUSE, then loop-mounted
// (the host here has no nbd module, so qemu-nbd -c is not an option).
// Read-only by default; read-write is refused while a running VM uses the
// image or an image backed by it. Mounts are tracked (HostMountRegistry) and
// unmounted on request or when Spindle exits.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { checkMountpoint, checkResolvedMountpoint, type HostMountRequest, type HostMountSource, type HostUmountRequest, type ImagePartitions } from '../../../../shared/contract/features/mounts.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { checkHostPath, imageInfo, resolveHostPath } from '../files/index.ts';
import { mountedPaths, type HostMountRegistry, type TrackedMount } from './mounts.ts';
import { parsePartitionTable, TABLE_BYTES } from './partition-table.ts';
import type { HostSession } from '../../session/host-session.ts';
import { checkResult } from '../../transport/command-errors.ts';
import { volumeOfDisk } from '../../plan/lookup.ts';
import { joinTexts } from '../../plan/plan-errors.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { refuse, refuseCheck } from './refusals.ts';
import { poolNamed, volumeIn } from '../../../../shared/contract/inventory-lookup.ts';

export const MOUNT_ROOT = '/run/spindle/mnt';
export const EXPORT_ROOT = '/run/spindle/exports';

interface ResolvedImage {
  path: string;
  format: string;
  virtualSize: number;
  encrypted: boolean;
}

/** The image behind a source: a pool volume (from the inventory) or a file (qemu-img info). */
export async function resolveImage(session: HostSession, inv: Inventory, source: HostMountSource): Promise<ResolvedImage> {
  if (source.kind === 'volume') {
    const pool = poolNamed(inv.pools, source.pool);
    const vol = volumeIn(inv.pools, source.pool, source.volume);
    if (!vol) throw refuse('plan.lookup.noVolume', { volume: source.volume, pool: source.pool }, 'source');
    if (pool?.type !== 'dir' && pool?.type !== 'fs' && pool?.type !== 'netfs') throw refuse('mounts.host.poolType', { type: pool?.type ?? '' }, 'source');
    const info = await imageInfo(session.runner, session.config.sudo, vol.path);
    return { path: vol.path, format: info.format, virtualSize: info.virtualSize, encrypted: info.encrypted || !!vol.encryption };
  }
  const p = checkHostPath(source.path);
  const info = await imageInfo(session.runner, session.config.sudo, p);
  return { path: p, format: info.format, virtualSize: info.virtualSize, encrypted: info.encrypted };
}

/** VMs whose disks are this image or are built on it (it is in their backing chain). */
export function imageUsers(inv: Inventory, image: string): { running: string[]; stopped: string[] } {
  // A disk names its image by path, or as pool/volume (then the volume's path counts).
  const uses = (k: Inventory['domains'][number]['disks'][number]) => (k.source.file ?? k.source.dev ?? volumeOfDisk(inv, k)?.path) === image || k.backingChain.some((b) => b.path === image);
  const users = inv.domains.filter((d) => d.disks.some(uses));
  return {
    running: users.filter((d) => isActive(d.state)).map((d) => d.name),
    stopped: users.filter((d) => !isActive(d.state)).map((d) => d.name),
  };
}

/** `qemu-io -c 'read -v'` output: "00000000:  eb 63 90 ...  .c.." lines. */
export function parseQemuIoHex(text: string): Buffer {
  const bytes: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]{8}:\s+((?:[0-9a-f]{2} ){1,16})/.exec(line);
    if (!m?.[1]) continue;
    for (const h of m[1].trim().split(' ')) bytes.push(Number.parseInt(h, 16));
  }
  return Buffer.from(bytes);
}

/** Several `read -v` outputs of one qemu-io run, one buffer each (each read ends with its "read N/N bytes" line). */
export function splitQemuIoReads(text: string): Buffer[] {
  const out: Buffer[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (/^read \d+\/\d+ bytes at offset/.test(line)) {
      out.push(parseQemuIoHex(cur.join('\n')));
      cur = [];
    } else cur.push(line);
  }
  return out;
}

/** What sniffFsType needs at a filesystem's start: its first 4 KiB, and the btrfs magic at 64 KiB. */
const headReads = (offset: number, size: number): string[] => [
  `read -v ${offset} ${Math.min(4096, size)}`,
  ...(size > 0x10048 ? [`read -v ${offset + 0x10040} 8`] : []),
];

function sniffHead(reads: Buffer[]): string | undefined {
  const [head, btrfs] = reads;
  if (!head) return undefined;
  if (btrfs && btrfs.toString('latin1') === '_BHRfS_M') return 'btrfs';
  return sniffFsType(head);
}

/** The partition table of an image and the filesystems in it, read through qemu-io (any format, read-only, shared with a running VM). */
export async function imagePartitions(session: HostSession, inv: Inventory, source: HostMountSource): Promise<ImagePartitions> {
  return readPartitions(session, await resolveImage(session, inv, source));
}

async function readPartitions(session: HostSession, img: ResolvedImage): Promise<ImagePartitions> {
  if (img.encrypted) return { image: img.path, format: img.format, table: null, partitions: [] };
  const io = (cmds: string[]) => session.runner.run(['qemu-io', '-r', '-U', '-f', img.format, ...cmds.flatMap((c) => ['-c', c]), img.path], { sudo: session.config.sudo, timeoutMs: 30_000 });
  const r = await io([`read -v 0 ${Math.min(TABLE_BYTES, img.virtualSize)}`, ...(img.virtualSize > 0x10048 ? [`read -v ${0x10040} 8`] : [])]);
  checkResult(r, 'qemu-io', session.runner.label);
  const first = splitQemuIoReads(r.stdout);
  const table = parsePartitionTable(first[0] ?? Buffer.alloc(0));
  if (!table.table) {
    const fsType = sniffHead(first);
    return { image: img.path, format: img.format, ...table, ...(fsType ? { fsType } : {}) };
  }
  // One more qemu-io run reads the start of every partition.
  const plan = table.partitions.map((p) => headReads(p.startBytes, p.sizeBytes));
  const heads = await io(plan.flat());
  const reads = heads.code === 0 ? splitQemuIoReads(heads.stdout) : [];
  let k = 0;
  const partitions = table.partitions.map((p, i) => {
    const mine = reads.slice(k, k + (plan[i]?.length ?? 0));
    k += plan[i]?.length ?? 0;
    const fsType = sniffHead(mine);
    return fsType ? { ...p, fsType } : p;
  });
  return { image: img.path, format: img.format, table: table.table, partitions };
}

/** The filesystem at the start of these bytes (its superblock magic): ext2/3/4, xfs, vfat, or undefined (btrfs: see sniffHead). */
export function sniffFsType(b: Buffer): string | undefined {
  if (b.length >= 1084 && b.readUInt16LE(1080) === 0xef53) return 'ext4';
  if (b.length >= 4 && b.subarray(0, 4).toString('latin1') === 'XFSB') return 'xfs';
  if (b.length >= 90 && (b.subarray(82, 87).toString('latin1') === 'FAT32' || b.subarray(54, 57).toString('latin1') === 'FAT')) return 'vfat';
  return undefined;
}

/**
 * Options that let a read-only mount show a filesystem whose journal is
 * dirty (a VM has it mounted): without them ext4 and xfs refuse ("cannot
 * mount read-only"), since replaying the journal would write.
 */
const NO_REPLAY: Record<string, string> = { ext4: 'noload', xfs: 'norecovery', btrfs: 'rescue=nologreplay' };

const safeBase = (p: string): string =>
  path
    .basename(p)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 48) || 'image';

export interface HostMountContext {
  mounts: HostMountRegistry;
  newId?: () => string;
  now?: Date;
}

/**
 * The mountpoint checked where it really leads: a symbolic link into a
 * system tree is refused, one elsewhere is mounted at its target (that is
 * the path /proc/mounts shows, which the mounts list compares with).
 */
async function checkedHostMountpoint(session: HostSession, mp: string, warnings: Text[]): Promise<string> {
  const p = checkMountpoint(mp);
  if (p) throw refuseCheck('mounts.host.mountpoint', p, 'mountpoint');
  const real = await resolveHostPath(session.runner, session.config.sudo, mp);
  if (!real || real === mp) return mp;
  const via = checkResolvedMountpoint(mp, real);
  if (via) throw refuseCheck('mounts.host.mountpoint', via, 'mountpoint');
  warnings.push(msg('mounts.host.viaLink', { mountpoint: mp, real }));
  return real;
}

export async function planHostMount(session: HostSession, inv: Inventory, req: HostMountRequest, ctx: HostMountContext): Promise<Plan> {
  const img = await resolveImage(session, inv, req.source);
  if (img.encrypted) throw refuse('mounts.host.encrypted', { image: img.path }, 'source');
  const users = imageUsers(inv, img.path);
  const warnings: Text[] = [];
  if (!req.readOnly && users.running.length) {
    throw refuse('mounts.host.inUse', { image: img.path, vms: users.running.map((u) => `"${u}"`).join(', '), count: users.running.length }, 'readOnly');
  }
  if (users.running.length) warnings.push(msg('mounts.host.runningWrites', { vms: users.running.join(', ') }));
  if (!req.readOnly && users.stopped.length) warnings.push(msg('mounts.host.stoppedUse', { vms: users.stopped.join(', '), count: users.stopped.length }));
  const rwOther = ctx.mounts.list(session.name).find((m) => m.image === img.path && (!m.readOnly || !req.readOnly));
  if (rwOther) throw refuse('mounts.host.mountedAlready', { image: img.path, mountpoint: rwOther.mountpoint, access: msg(rwOther.readOnly ? 'mounts.host.access.ro' : 'mounts.host.access.rw') }, 'source');

  // The request's id keeps the mount id and default mountpoint the same in the review and the run.
  const id = req.requestId ?? (ctx.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 8)))();
  if (ctx.mounts.get(id)) throw refuse('mounts.host.idTaken', { id }, 'source');
  const own = !req.mountpoint;
  const mountpoint = req.mountpoint ? await checkedHostMountpoint(session, req.mountpoint, warnings) : `${MOUNT_ROOT}/${safeBase(img.path)}-${id}`;
  const mounted = await session.runner.run(['cat', '/proc/mounts'], { timeoutMs: 10_000 });
  if (mountedPaths(mounted.stdout).has(mountpoint)) throw refuse('mounts.host.busyMountpoint', { mountpoint, host: session.name }, 'mountpoint');

  // One read of the image's first sectors (and of each partition's start) gives the partitions and the filesystem types.
  const table = await readPartitions(session, img);
  let offset: { start: number; size: number; type: string } | undefined;
  let fsType = table.table ? undefined : table.fsType;
  if (req.partition !== undefined) {
    const part = table.partitions.find((p) => p.number === req.partition);
    if (!part) {
      if (!table.table) throw refuse('mounts.host.noTable', { image: img.path }, 'partition');
      throw refuse('mounts.host.noPartition', { image: img.path, partition: req.partition, numbers: joinTexts(table.partitions.map((p) => String(p.number))) }, 'partition');
    }
    offset = { start: part.startBytes, size: part.sizeBytes, type: part.type };
    fsType = part.fsType;
  }

  const mode = req.readOnly ? 'ro' : 'rw';
  const noReplay = req.readOnly && fsType ? NO_REPLAY[fsType] : undefined;
  if (noReplay && fsType) warnings.push(msg('mounts.host.noReplay', { type: fsType, option: noReplay }));
  const loopOpts = [mode, 'loop', ...(noReplay ? [noReplay] : []), ...(offset ? [`offset=${offset.start}`, `sizelimit=${offset.size}`] : [])].join(',');
  const what: Text = offset ? msg('mounts.host.partitionDetail', { image: img.path, partition: req.partition ?? 0, size: formatBytes(offset.size), type: offset.type }) : img.path;
  const steps: PlanStep[] = [];
  let exportDir: string | undefined;
  let loopSource = img.path;
  if (img.format !== 'raw') {
    exportDir = `${EXPORT_ROOT}/${id}`;
    loopSource = `${exportDir}/disk.raw`;
    const pidFile = `${exportDir}/qsd.pid`;
    // Read-only may share the image with a running VM (force-share, no lock); read-write takes the lock, so a VM cannot start on it meanwhile.
    const fileNode = { driver: 'file', filename: img.path, 'node-name': 'file0', 'read-only': req.readOnly, ...(req.readOnly ? { locking: 'off' } : {}) };
    const fmtNode = { driver: img.format, 'node-name': 'fmt0', file: 'file0', 'read-only': req.readOnly, ...(req.readOnly ? { 'force-share': true } : {}) };
    const exp = { type: 'fuse', id: 'exp0', 'node-name': 'fmt0', mountpoint: loopSource, writable: !req.readOnly };
    steps.push({ description: msg('mounts.host.stepExportDir', { dir: exportDir }), argv: ['mkdir', '-p', '--', exportDir] });
    steps.push({ description: msg('mounts.host.stepExportFile'), argv: ['touch', '--', loopSource] });
    steps.push({
      description: msg('mounts.host.stepExport', { format: img.format, mode }),
      argv: ['qemu-storage-daemon', '--blockdev', JSON.stringify(fileNode), '--blockdev', JSON.stringify(fmtNode), '--export', JSON.stringify(exp), '--daemonize', '--pidfile', pidFile],
      undo: { description: msg('mounts.host.stepStopExport'), argv: ['pkill', '-F', pidFile] },
    });
  }
  steps.push({ description: msg('mounts.host.stepMkdir', { mountpoint }), argv: ['mkdir', '-p', '--', mountpoint] });
  steps.push({
    description: msg('mounts.host.stepMount', { what, mountpoint, mode }),
    argv: ['mount', ...(fsType ? ['-t', fsType] : []), '-o', loopOpts, '--', loopSource, mountpoint],
    undo: { description: msg('mounts.host.stepUmount', { mountpoint }), argv: ['umount', '--', mountpoint] },
  });
  if (!req.readOnly) warnings.push(msg('mounts.host.readWrite'));
  const record: TrackedMount = {
    id,
    host: session.name,
    image: img.path,
    format: img.format,
    ...(req.partition !== undefined ? { partition: req.partition } : {}),
    mountpoint,
    readOnly: req.readOnly,
    via: exportDir ? 'fuse' : 'loop',
    ...(fsType ? { fsType } : {}),
    mountedAt: (ctx.now ?? new Date()).toISOString(),
    ...(exportDir ? { exportDir } : {}),
    ownMountpoint: own,
  };
  return {
    title: msg('mounts.host.title', {
      what: offset ? msg('mounts.host.partitionOf', { image: path.basename(img.path), partition: req.partition ?? 0 }) : path.basename(img.path),
      host: session.name,
      access: msg(req.readOnly ? 'mounts.host.access.ro' : 'mounts.host.access.rw'),
    }),
    steps,
    warnings,
    result: { id, mountpoint },
    onSucceeded: () => ctx.mounts.add(record),
  };
}

/** Unmounts a tracked mount: the filesystem, then the export (waiting for FUSE to let go), then what Spindle created. */
export function umountPlanFor(m: TrackedMount, mounts: HostMountRegistry): Plan {
  const steps: PlanStep[] = [
    {
      description: msg('mounts.host.stepUmount', { mountpoint: m.mountpoint }),
      argv: ['umount', '--', m.mountpoint],
      failure: { message: msg('mounts.host.umountFailed', { mountpoint: m.mountpoint }), hint: msg('mounts.host.umountFailedHint', { mountpoint: m.mountpoint }) },
    },
  ];
  if (m.exportDir) {
    const raw = `${m.exportDir}/disk.raw`;
    const pid = `${m.exportDir}/qsd.pid`;
    steps.push({ description: msg('mounts.host.stepStopDaemon'), argv: ['pkill', '-F', pid] });
    steps.push({
      description: msg('mounts.host.stepWaitExport'),
      argv: ['cat', '/proc/mounts'],
      verify: { check: (out) => (mountedPaths(out).has(raw) ? msg('mounts.host.stillExported', { file: raw }) : null), retryForMs: 15_000, hint: msg('mounts.host.stillExportedHint') },
    });
    steps.push({ description: msg('mounts.host.stepRemoveExportFiles'), argv: ['rm', '-f', '--', raw, pid] });
    steps.push({ description: msg('mounts.host.stepRemoveDir', { dir: m.exportDir }), argv: ['rmdir', '--', m.exportDir] });
  }
  if (m.ownMountpoint) steps.push({ description: msg('mounts.host.stepRemoveMountpoint', { mountpoint: m.mountpoint }), argv: ['rmdir', '--', m.mountpoint] });
  return { title: msg('mounts.host.umountTitle', { image: path.basename(m.image), mountpoint: m.mountpoint }), steps, warnings: [], result: { id: m.id, mountpoint: m.mountpoint }, onSucceeded: () => mounts.remove(m.id) };
}

export function planHostUmount(session: HostSession, req: HostUmountRequest, mounts: HostMountRegistry): Plan {
  const m = mounts.get(req.id);
  if (!m || m.host !== session.name) throw refuse('mounts.host.noMount', { id: req.id, host: session.name }, 'id');
  return umountPlanFor(m, mounts);
}
