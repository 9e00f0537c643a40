// "Mount on host" answers and the host.mount request (no DOM): the image (a
// pool volume or a file), which partition (or the whole image when it has no
// partition table), read-only, and an optional mountpoint.
import { checkMountpoint, type HostMountRequest, type HostMountSource, type ImagePartitions, type MountCheck } from '../../../shared/contract/features/mounts.ts';

export type HostSourceKind = 'volume' | 'file';

export interface HostMountForm {
  sourceKind: HostSourceKind;
  pool: string;
  volume: string;
  file: string;
  /** 0: the whole image; else the 1-based partition number. */
  partition: number;
  readOnly: boolean;
  mountpoint: string;
  /** Chosen once per wizard: the mount id and directory in the review are the ones used. */
  requestId: string;
}

export function hostMountSource(f: HostMountForm): HostMountSource | null {
  if (f.sourceKind === 'volume') return f.pool && f.volume ? { kind: 'volume', pool: f.pool, volume: f.volume } : null;
  return f.file.startsWith('/') ? { kind: 'file', path: f.file } : null;
}

export const sourceKey = (s: HostMountSource | null): string => (s ? JSON.stringify(s) : '');

/** The partition to choose first: the only one, else the largest (the data, not the boot or swap partition). */
export function defaultPartition(p: ImagePartitions | null): number {
  if (!p || p.table === null || p.partitions.length === 0) return 0;
  return [...p.partitions].sort((a, b) => b.sizeBytes - a.sizeBytes)[0]?.number ?? 0;
}

export interface HostMountProblems {
  source: string | null;
  options: string | null;
  mountpoint: MountCheck | null;
}

export function hostMountProblems(f: HostMountForm, parts: ImagePartitions | null, partsFor: string, partsError: boolean): HostMountProblems {
  const src = hostMountSource(f);
  let source: string | null = null;
  if (!src) source = f.sourceKind === 'volume' ? 'mount.host.needVolume' : 'mount.host.needFile';
  else if (partsError) source = 'mount.host.partitionsFailed';
  else if (!parts || partsFor !== sourceKey(src)) source = 'mount.host.readingPartitions';
  else if (parts.table !== null && !parts.partitions.some((p) => p.number === f.partition)) source = parts.partitions.length ? 'mount.host.needPartition' : 'mount.host.noPartitions';
  const mountpoint = f.mountpoint.trim() === '' ? null : checkMountpoint(f.mountpoint.trim());
  return { source, options: mountpoint ? 'mount.wizard.fixMountpoint' : null, mountpoint };
}

export function hostMountRequest(f: HostMountForm, parts: ImagePartitions | null, partsFor: string, partsError = false): HostMountRequest | null {
  const p = hostMountProblems(f, parts, partsFor, partsError);
  const source = hostMountSource(f);
  if (p.source || p.options || !source) return null;
  const mp = f.mountpoint.trim();
  return { source, ...(parts?.table !== null && f.partition > 0 ? { partition: f.partition } : {}), readOnly: f.readOnly, ...(mp ? { mountpoint: mp } : {}), requestId: f.requestId };
}
