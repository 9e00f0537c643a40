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
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { checkMountpoint, checkResolvedMountpoint, type HostMountRequest, type HostMountSource, type HostUmountRequest, type ImagePartitions } from '../../../../shared/contract/mount.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { checkHostPath, imageInfo, resolveHostPath } from '../files/index.ts';
import type { HostMountRegistry, TrackedMount } from './mounts.ts';
import { parsePartitionTable, TABLE_BYTES } from './partition-table.ts';
import type { HostSession } from '../../session/host-session.ts';
import { checkResult } from '../../transport/command-errors.ts';
import { volumeOfDisk } from '../../plan/lookup.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

const refuse = (message: string, hint: string, field: string): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, { field });

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
    const pool = inv.pools.find((p) => p.name === source.pool);
    const vol = pool?.volumes.find((v) => v.name === source.volume);
    if (!vol) throw refuse(`There is no volume "${source.volume}" in pool "${source.pool}".`, 'Pick a volume the pool lists (refresh the pool if it is new).', 'source');
    if (pool?.type !== 'dir' && pool?.type !== 'fs' && pool?.type !== 'netfs') {
      throw refuse(`Volumes of ${pool?.type ?? 'this'} pools are not image files Spindle can mount on the host.`, 'Mount volumes of directory, filesystem or NFS pools.', 'source');
    }
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
    running: users.filter((d) => d.state === 'running' || d.state === 'paused').map((d) => d.name),
    stopped: users.filter((d) => d.state !== 'running' && d.state !== 'paused').map((d) => d.name),
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

const MOUNTPOINT_HINT = 'Choose an absolute directory such as /mnt/image, or leave it empty for one under /run/spindle/mnt.';

/**
 * The mountpoint checked where it really leads: a symbolic link into a
 * system tree is refused, one elsewhere is mounted at its target (that is
 * the path /proc/mounts shows, which the mounts list compares with).
 */
async function checkedHostMountpoint(session: HostSession, mp: string, warnings: string[]): Promise<string> {
  const p = checkMountpoint(mp);
  if (p) throw refuse(p.message, MOUNTPOINT_HINT, 'mountpoint');
  const real = await resolveHostPath(session.runner, session.config.sudo, mp);
  if (!real || real === mp) return mp;
  const via = checkResolvedMountpoint(mp, real);
  if (via) throw refuse(via.message, MOUNTPOINT_HINT, 'mountpoint');
  warnings.push(`${mp} is a symbolic link: the image is mounted at ${real}, where it leads.`);
  return real;
}

export async function planHostMount(session: HostSession, inv: Inventory, req: HostMountRequest, ctx: HostMountContext): Promise<Plan> {
  const img = await resolveImage(session, inv, req.source);
  if (img.encrypted) throw refuse(`${img.path} is encrypted (LUKS): Spindle does not mount encrypted images on the host.`, 'Attach it to a VM, which opens it with its libvirt secret.', 'source');
  const users = imageUsers(inv, img.path);
  const warnings: string[] = [];
  if (!req.readOnly && users.running.length) {
    throw refuse(
      `${img.path} is in use by the running VM${users.running.length > 1 ? 's' : ''} ${users.running.map((u) => `"${u}"`).join(', ')} (as its disk or under one in a backing chain): mounting it read-write now would corrupt it.`,
      'Mount it read-only, or shut those VMs down first.',
      'readOnly',
    );
  }
  if (users.running.length) warnings.push(`The running VM ${users.running.join(', ')} writes to this image: what you see read-only may be a moment behind or inconsistent. A snapshot or a shut-down VM gives a clean view.`);
  if (!req.readOnly && users.stopped.length) warnings.push(`${users.stopped.join(', ')} use${users.stopped.length === 1 ? 's' : ''} this image: do not start ${users.stopped.length === 1 ? 'it' : 'them'} until it is unmounted.`);
  const rwOther = ctx.mounts.list(session.name).find((m) => m.image === img.path && (!m.readOnly || !req.readOnly));
  if (rwOther) throw refuse(`${img.path} is already mounted at ${rwOther.mountpoint}${rwOther.readOnly ? ' (read-only)' : ' read-write'}.`, 'Use that mount, or unmount it first.', 'source');

  // The request's id keeps the mount id and default mountpoint the same in the review and the run.
  const id = req.requestId ?? (ctx.newId ?? (() => randomUUID().replace(/-/g, '').slice(0, 8)))();
  if (ctx.mounts.get(id)) throw refuse(`A mount with id ${id} exists already.`, 'Start the wizard again (it picks a new id).', 'source');
  const own = !req.mountpoint;
  const mountpoint = req.mountpoint ? await checkedHostMountpoint(session, req.mountpoint, warnings) : `${MOUNT_ROOT}/${safeBase(img.path)}-${id}`;
  const mounted = await session.runner.run(['cat', '/proc/mounts'], { timeoutMs: 10_000 });
  if (mounted.stdout.split('\n').some((l) => l.split(' ')[1] === mountpoint.replace(/ /g, '\\040'))) {
    throw refuse(`Something is already mounted at ${mountpoint} on ${session.name}.`, 'Choose another mountpoint.', 'mountpoint');
  }

  // One read of the image's first sectors (and of each partition's start) gives the partitions and the filesystem types.
  const table = await readPartitions(session, img);
  let offset: { start: number; size: number; type: string } | undefined;
  let fsType = table.table ? undefined : table.fsType;
  if (req.partition !== undefined) {
    const part = table.partitions.find((p) => p.number === req.partition);
    if (!part) {
      throw refuse(
        table.table ? `${img.path} has no partition ${req.partition} (it has ${table.partitions.map((p) => p.number).join(', ') || 'none'}).` : `${img.path} has no partition table.`,
        table.table ? 'Pick one of its partitions.' : 'Mount the whole image (no partition).',
        'partition',
      );
    }
    offset = { start: part.startBytes, size: part.sizeBytes, type: part.type };
    fsType = part.fsType;
  }

  const mode = req.readOnly ? 'ro' : 'rw';
  const noReplay = req.readOnly && fsType ? NO_REPLAY[fsType] : undefined;
  if (noReplay) warnings.push(`The ${fsType} journal is not replayed (${noReplay}): a filesystem a VM has mounted is shown as of its last write to disk.`);
  const loopOpts = [mode, 'loop', ...(noReplay ? [noReplay] : []), ...(offset ? [`offset=${offset.start}`, `sizelimit=${offset.size}`] : [])].join(',');
  const what = `${img.path}${offset ? ` partition ${req.partition} (${formatBytes(offset.size)}, ${offset.type})` : ''}`;
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
    steps.push({ description: `Create the export directory ${exportDir}`, argv: ['mkdir', '-p', '--', exportDir] });
    steps.push({ description: `Create the file the raw export appears on`, argv: ['touch', '--', loopSource] });
    steps.push({
      description: `Export the ${img.format} image as a raw file through FUSE (qemu-storage-daemon, ${mode})`,
      argv: ['qemu-storage-daemon', '--blockdev', JSON.stringify(fileNode), '--blockdev', JSON.stringify(fmtNode), '--export', JSON.stringify(exp), '--daemonize', '--pidfile', pidFile],
      undo: { description: 'Stop the export', argv: ['pkill', '-F', pidFile] },
    });
  }
  steps.push({ description: `Create the mountpoint ${mountpoint}`, argv: ['mkdir', '-p', '--', mountpoint] });
  steps.push({
    description: `Mount ${what} at ${mountpoint} (${mode}, loop)`,
    argv: ['mount', ...(fsType ? ['-t', fsType] : []), '-o', loopOpts, '--', loopSource, mountpoint],
    undo: { description: `Unmount ${mountpoint}`, argv: ['umount', '--', mountpoint] },
  });
  if (!req.readOnly) warnings.push('Read-write: changes are written into the image itself.');
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
    title: `Mount ${path.basename(img.path)}${offset ? ` partition ${req.partition}` : ''} on ${session.name} (${req.readOnly ? 'read-only' : 'read-write'})`,
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
      description: `Unmount ${m.mountpoint}`,
      argv: ['umount', '--', m.mountpoint],
      failure: { message: `${m.mountpoint} could not be unmounted (still in use?).`, hint: `Close what uses files there (see "fuser -vm ${m.mountpoint}"), then retry.` },
    },
  ];
  if (m.exportDir) {
    const raw = `${m.exportDir}/disk.raw`;
    const pid = `${m.exportDir}/qsd.pid`;
    steps.push({ description: 'Stop the qemu-storage-daemon export', argv: ['pkill', '-F', pid] });
    steps.push({
      description: 'Wait until the FUSE export is gone',
      argv: ['cat', '/proc/mounts'],
      verify: { check: (out) => (out.split('\n').some((l) => l.split(' ')[1] === raw) ? `${raw} is still exported.` : null), retryForMs: 15_000, hint: 'qemu-storage-daemon did not stop: check its process.' },
    });
    steps.push({ description: 'Remove the export files', argv: ['rm', '-f', '--', raw, pid] });
    steps.push({ description: `Remove ${m.exportDir}`, argv: ['rmdir', '--', m.exportDir] });
  }
  if (m.ownMountpoint) steps.push({ description: `Remove the mountpoint ${m.mountpoint}`, argv: ['rmdir', '--', m.mountpoint] });
  return { title: `Unmount ${path.basename(m.image)} from ${m.mountpoint}`, steps, warnings: [], result: { id: m.id, mountpoint: m.mountpoint }, onSucceeded: () => mounts.remove(m.id) };
}

export function planHostUmount(session: HostSession, req: HostUmountRequest, mounts: HostMountRegistry): Plan {
  const m = mounts.get(req.id);
  if (!m || m.host !== session.name) throw refuse(`There is no Spindle mount ${req.id} on ${session.name}.`, 'See the host mounts list: it may be unmounted already.', 'id');
  return umountPlanFor(m, mounts);
}
