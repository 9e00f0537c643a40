// The create snapshot wizard's form: each disk's default choice and the
// request it becomes. Defaults follow what libvirt 9.0 can do: internal needs
// qcow2, so a raw disk defaults to excluded (with the reason shown), CD-ROMs,
// read-only and shareable disks are excluded (nothing of theirs changes, or
// another VM writes them).
import type { CreateSnapshotRequest, SnapshotKind } from '../../../shared/contract/features/snapshots.ts';
import type { Disk } from '../../../shared/contract/models.ts';

export type DiskMode = 'internal' | 'external' | 'exclude';
export interface DiskChoice {
  target: string;
  mode: DiskMode;
  /** external: the overlay path; '' = the backend's default beside the current file. */
  file: string;
  /** Why the default is exclude (a catalog key), shown beside the disk. */
  noteKey?: string;
}

export function defaultDiskChoice(d: Pick<Disk, 'target' | 'device' | 'format' | 'readonly' | 'shareable'>, kind: SnapshotKind): DiskChoice {
  const base = { target: d.target, file: '' };
  if (d.device === 'cdrom' || d.device === 'floppy') return { ...base, mode: 'exclude', noteKey: 'snapshots.create.noteRemovable' };
  if (d.readonly) return { ...base, mode: 'exclude', noteKey: 'snapshots.create.noteReadonly' };
  if (d.shareable) return { ...base, mode: 'exclude', noteKey: 'snapshots.create.noteShareable' };
  if (kind === 'internal' && d.format !== 'qcow2') return { ...base, mode: 'exclude', noteKey: 'snapshots.create.noteRaw' };
  return { ...base, mode: kind === 'internal' ? 'internal' : 'external' };
}

export interface CreateForm {
  name: string;
  description: string;
  kind: SnapshotKind;
  disks: DiskChoice[];
  memoryFile: string;
  quiesce: boolean;
}

export function createRequest(domain: string, f: CreateForm): CreateSnapshotRequest {
  const req: CreateSnapshotRequest = { domain, name: f.name.trim() };
  if (f.description.trim() !== '') req.description = f.description;
  if (f.kind === 'external-disk') req.diskOnly = true;
  if (f.kind === 'external-memory' && f.memoryFile.trim() !== '') req.memoryFile = f.memoryFile.trim();
  req.disks = f.disks.map((c) => (c.mode === 'external' && c.file.trim() !== '' ? { target: c.target, mode: c.mode, file: c.file.trim(), format: 'qcow2' as const } : { target: c.target, mode: c.mode }));
  // Quiesce only means something for an external snapshot of a running VM; the backend refuses it otherwise.
  if (f.quiesce && f.kind !== 'internal') req.quiesce = true;
  return req;
}
