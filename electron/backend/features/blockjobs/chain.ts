// A disk's backing chain as qemu-img reads it (-U: the running VM holds the
// write lock), each layer named by the pool volume it is, and the block job
// running on the disk now. Over the session's runner, so it works over SSH.
import type { ChainLayer, DiskChain } from '../../../../shared/contract/features/blockjobs.ts';
import type { Disk, Domain, Inventory } from '../../../../shared/contract/models.ts';
import { volumeOfDisk } from '../../../../shared/contract/disk-facts.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { checkResult } from '../../transport/command-errors.ts';
import { virsh } from '../../libvirt/commands.ts';
import { parseBlockJobInfo } from '../../libvirt/blockjob-info.ts';
import type { HostSession } from '../../session/host-session.ts';

/** What the chain readers need of a session (a HostSession, or a test's). */
export type ChainSession = Pick<HostSession, 'runner' | 'virsh' | 'config'>;

interface QemuImgLayer {
  filename?: string;
  format?: string;
  'virtual-size'?: number;
  'actual-size'?: number;
}

/** `qemu-img info --backing-chain --output=json`: one object per layer, top first. */
export function parseQemuImgChain(json: string): Array<{ path: string; format: string; virtualBytes: number | null; sizeBytes: number | null }> {
  const arr = JSON.parse(json) as QemuImgLayer[] | QemuImgLayer;
  return (Array.isArray(arr) ? arr : [arr]).map((l) => ({
    path: l.filename ?? '',
    format: l.format ?? 'raw',
    virtualBytes: typeof l['virtual-size'] === 'number' ? l['virtual-size'] : null,
    sizeBytes: typeof l['actual-size'] === 'number' ? l['actual-size'] : null,
  }));
}

/** The domain and its disk at `target`, or the refusal naming what is missing. */
export function findDisk(inv: Inventory, domain: string, target: string): { dom: Domain; disk: Disk } {
  const dom = inv.domains.find((d) => d.name === domain);
  if (!dom) throw SpindleError.of('UNKNOWN_DOMAIN', 'blockjobs.noDomain', { domain }, 'domain');
  const disk = dom.disks.find((d) => d.target === target);
  if (!disk) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.noDisk', { domain, target, targets: dom.disks.map((d) => d.target).join(', ') || '-' }, 'target');
  return { dom, disk };
}

/** The file of a disk; network and block disks are refused (qemu-img and these jobs are written for files here). */
export function diskFile(domain: string, disk: Disk): string {
  if (disk.source.type === 'network') throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.networkDisk', { domain, target: disk.target, source: disk.sourceLabel }, 'target');
  const file = disk.source.file ?? disk.source.dev;
  if (!file) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.noFile', { domain, target: disk.target }, 'target');
  return file;
}

export async function readDiskChain(session: ChainSession, inv: Inventory, domain: string, target: string): Promise<DiskChain> {
  const { disk } = findDisk(inv, domain, target);
  const file = diskFile(domain, disk);
  const r = await session.runner.run(['qemu-img', 'info', '-U', '--backing-chain', '--output=json', file], { sudo: session.config.sudo, timeoutMs: 60_000 });
  const layers: ChainLayer[] = parseQemuImgChain(checkResult(r, 'qemu-img', session.runner.label).stdout).map((l) => {
    const vol = volumeOfDisk(inv, { source: { type: 'file', file: l.path } });
    return { ...l, ...(vol ? { pool: vol.pool, volume: vol.name } : {}) };
  });
  const info = await session.virsh.exec(virsh.blockjobInfo(domain, target)).catch(() => '');
  return { domain, target, layers, job: parseBlockJobInfo(info) };
}
