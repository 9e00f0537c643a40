// The block jobs feature's contract: a disk's backing chain, and the jobs
// that reshape it while the VM runs: commit a layer down into its base, pull
// the base up into the top (flatten), and move a disk to another pool
// (blockcopy to a new volume, pivot when the copy is ready). Each is an
// operation whose job shows libvirt's own progress (blockjob --info) and whose
// Cancel aborts the block job, leaving the original disk in use and intact.
import { z } from 'zod';
import { name, operation, path, type Methods } from '../feature-contract.ts';
import type { BlockjobsMethod } from './blockjobs.names.ts';

const target = z.string().min(1).max(32);

/** One layer of a disk's chain, top (the file the VM writes) first. */
export const ChainLayerSchema = z.object({
  path,
  format: z.string().max(32),
  /** The pool and volume the file is, when it is one. */
  pool: name.optional(),
  volume: name.optional(),
  virtualBytes: z.number().int().nonnegative().nullable(),
  /** Bytes allocated on the host. */
  sizeBytes: z.number().int().nonnegative().nullable(),
});
export type ChainLayer = z.infer<typeof ChainLayerSchema>;

export const DiskChainSchema = z.object({
  domain: name,
  target,
  layers: z.array(ChainLayerSchema),
  /** A block job running on this disk now (libvirt's blockjob --info), if any. */
  job: z.object({ type: z.string().max(32), cur: z.number().nonnegative(), end: z.number().nonnegative() }).nullable(),
});
export type DiskChain = z.infer<typeof DiskChainSchema>;

export const CommitRequestSchema = z
  .object({
    domain: name,
    target,
    /** The layer committed into (default: the layer right below the top: the top's own backing file). */
    base: path.optional(),
    /** The highest layer committed (default: the top, the file the VM writes; a lower one needs a running VM). */
    top: path.optional(),
  })
  .strict();
export type CommitRequest = z.infer<typeof CommitRequestSchema>;

export const PullRequestSchema = z
  .object({
    domain: name,
    target,
    /** Keep this layer and what is below it (default: none kept: the top becomes self-contained). */
    base: path.optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequestSchema>;

export const MoveDiskRequestSchema = z
  .object({
    domain: name,
    target,
    /** The pool the disk moves to (a new volume named after the old one). */
    pool: name,
    /** The new volume's name (default: the old one's, or the file's base name). */
    name: name.optional(),
    format: z.enum(['qcow2', 'raw']).optional(),
    /** Delete the old volume once the VM runs from the new one (refused when any other chain uses it). */
    deleteOld: z.boolean().optional(),
    /** A limit on the copy's speed in MiB/s (blockcopy --bandwidth), so a busy host keeps its disk bandwidth. */
    bandwidthMiBs: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();
export type MoveDiskRequest = z.infer<typeof MoveDiskRequestSchema>;
export const MOVE_DISK_FIELDS = ['target', 'pool', 'name', 'format', 'deleteOld', 'bandwidthMiBs'] as const satisfies readonly (keyof MoveDiskRequest)[];
export type MoveDiskField = (typeof MOVE_DISK_FIELDS)[number];

export const BLOCKJOBS_METHODS = {
  /** A disk's backing chain as qemu-img reads it (-U: the VM may be running), and any block job on it. */
  'disk.chain': { params: z.object({ host: name, domain: name, target }).strict(), result: DiskChainSchema },
} as const satisfies Methods<BlockjobsMethod>;

export const BLOCKJOBS_OPERATIONS = [operation('disk.commit', CommitRequestSchema), operation('disk.pull', PullRequestSchema), operation('disk.move', MoveDiskRequestSchema)] as const;
export type BlockjobsOperationKind = z.infer<(typeof BLOCKJOBS_OPERATIONS)[number]>['kind'];
export type { BlockjobsMethod };
