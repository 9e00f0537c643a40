// The snapshots feature's contract: a VM's snapshot tree (with the "now" node
// and the overlay files nothing references any more), and the operations on
// it: create (internal, external disk-only, external with memory), revert
// (internal by libvirt; external by libvirt >= 9.9, else by Spindle itself),
// delete (internal by libvirt; external by block commit, never deleting a file
// some chain still uses) and a new description.
import { z } from 'zod';
import { MsgSchema } from '../../core/messages.ts';
import { name, operation, path, type Methods } from '../feature-contract.ts';
import type { SnapshotsMethod } from './snapshots.names.ts';

const target = z.string().min(1).max(32);

/** internal: inside each qcow2 disk; external: new overlay files (disk-only, or with a memory file). */
export const SNAPSHOT_KINDS = ['internal', 'external-disk', 'external-memory'] as const;
export const SnapshotKindSchema = z.enum(SNAPSHOT_KINDS);
export type SnapshotKind = z.infer<typeof SnapshotKindSchema>;

/** What happened to one disk in a snapshot (libvirt's <disk snapshot='...'>). */
export const SnapshotDiskSchema = z.object({
  target,
  mode: z.enum(['internal', 'external', 'no']),
  /** external: the overlay libvirt created at snapshot time (it holds the changes made after it). */
  overlay: path.optional(),
  /** external: the file the disk used when the snapshot was taken (frozen since: the snapshot's data). */
  base: path.optional(),
  format: z.string().max(32).optional(),
  /** Allocated bytes on disk of the overlay (external) or null when it cannot be read. */
  sizeBytes: z.number().int().nonnegative().nullable().optional(),
});
export type SnapshotDisk = z.infer<typeof SnapshotDiskSchema>;

export const SnapshotInfoSchema = z.object({
  name,
  description: z.string().max(65536),
  /** Parent snapshot's name, null for a root. */
  parent: name.nullable(),
  /** Seconds since the epoch (libvirt's <creationTime>). */
  createdAt: z.number().int().nonnegative(),
  /** The VM's state when it was taken: running, paused, shutoff, disk-snapshot (libvirt's <state>). */
  state: z.string().max(32),
  kind: SnapshotKindSchema,
  /** libvirt's current snapshot (the "now" node's parent). */
  current: z.boolean(),
  disks: z.array(SnapshotDiskSchema),
  /** external-memory: the saved memory state file. */
  memoryFile: path.optional(),
  /** Bytes on disk of what this snapshot holds (internal: null, qemu-img cannot tell per snapshot without reading every disk). */
  sizeBytes: z.number().int().nonnegative().nullable(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfoSchema>;

/** An overlay file in a pool that no domain's chain and no snapshot references (left by a deleted VM or an old chain). */
export const OrphanOverlaySchema = z.object({
  path,
  pool: name.optional(),
  volume: name.optional(),
  /** Its backing file, as qemu-img reports it. */
  backing: path.nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
});
export type OrphanOverlay = z.infer<typeof OrphanOverlaySchema>;

export const SnapshotTreeSchema = z.object({
  domain: name,
  /** In time order, parents before children. */
  snapshots: z.array(SnapshotInfoSchema),
  /** Where the VM is now: after this snapshot (libvirt's current), or null when there is none. */
  nowAfter: name.nullable(),
  /** What this host's libvirt can do. */
  capabilities: z.object({
    /** libvirt reverts external snapshots itself (>= 9.9); otherwise Spindle does. */
    externalRevert: z.boolean(),
    /** Internal snapshots possible: every included disk is qcow2, and no pflash firmware on libvirt < 10.9. */
    internal: z.boolean(),
    /** Why internal snapshots are refused, in English and as the message the UI translates, when they are. */
    internalRefusal: z.string().optional(),
    internalRefusalMsg: MsgSchema.optional(),
    /** The guest agent answers (quiesce possible). */
    agent: z.boolean(),
  }),
});
export type SnapshotTree = z.infer<typeof SnapshotTreeSchema>;

/** One disk's choice in a new snapshot. */
export const SnapshotDiskChoiceSchema = z
  .object({
    target,
    mode: z.enum(['internal', 'external', 'exclude']),
    /** external: the overlay's path (default: beside the current file, `<name>.<snapshot>.qcow2`). */
    file: path.optional(),
    /** external: the overlay's format (qcow2 only today; libvirt's default). */
    format: z.literal('qcow2').optional(),
  })
  .strict();

export const CreateSnapshotRequestSchema = z
  .object({
    domain: name,
    name,
    description: z.string().max(65536).optional(),
    /** External overlays for every disk, no memory (a running VM keeps running). */
    diskOnly: z.boolean().optional(),
    /** External with memory state: the file the VM's memory is saved to (running VM only). */
    memoryFile: path.optional(),
    /** Per-disk choices; a disk not listed takes the snapshot's kind (raw disks: refused unless excluded or external). */
    disks: z.array(SnapshotDiskChoiceSchema).max(64).optional(),
    /** fsfreeze/thaw through the guest agent around the snapshot (external, running VM, agent answering). */
    quiesce: z.boolean().optional(),
  })
  .strict();
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequestSchema>;
export const CREATE_SNAPSHOT_FIELDS = ['name', 'description', 'diskOnly', 'memoryFile', 'disks', 'quiesce'] as const satisfies readonly (keyof CreateSnapshotRequest)[];
export type CreateSnapshotField = (typeof CREATE_SNAPSHOT_FIELDS)[number];

export const RevertSnapshotRequestSchema = z
  .object({
    domain: name,
    name,
    /** The VM's state after the revert; default: the state the snapshot was taken in. */
    after: z.enum(['running', 'paused', 'shutoff']).optional(),
  })
  .strict();
export type RevertSnapshotRequest = z.infer<typeof RevertSnapshotRequestSchema>;

export const DeleteSnapshotRequestSchema = z.object({ domain: name, name }).strict();
export type DeleteSnapshotRequest = z.infer<typeof DeleteSnapshotRequestSchema>;

export const DescribeSnapshotRequestSchema = z.object({ domain: name, name, description: z.string().max(65536) }).strict();
export type DescribeSnapshotRequest = z.infer<typeof DescribeSnapshotRequestSchema>;

export const SNAPSHOTS_METHODS = {
  /** A VM's snapshot tree, the now node, what this libvirt can do, with sizes read from the host. */
  'snapshot.list': { params: z.object({ host: name, domain: name }).strict(), result: SnapshotTreeSchema },
  /** Overlay files in the host's pools that no domain's chain and no snapshot references. */
  'snapshot.orphans': { params: z.object({ host: name }).strict(), result: z.array(OrphanOverlaySchema) },
} as const satisfies Methods<SnapshotsMethod>;

export const SNAPSHOTS_OPERATIONS = [
  operation('snapshot.create', CreateSnapshotRequestSchema),
  operation('snapshot.revert', RevertSnapshotRequestSchema),
  operation('snapshot.delete', DeleteSnapshotRequestSchema),
  operation('snapshot.describe', DescribeSnapshotRequestSchema),
] as const;
export type SnapshotsOperationKind = z.infer<(typeof SNAPSHOTS_OPERATIONS)[number]>['kind'];
export type { SnapshotsMethod };
