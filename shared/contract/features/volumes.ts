// The volumes feature's contract: a new volume in a pool (the volume.create
// operation; the attach wizard's "new volume" uses the same request).
import { z } from 'zod';
import { name, operation, size, type Methods } from '../feature-contract.ts';
import type { VolumesMethod } from './volumes.names.ts';

export const ALLOCATIONS = ['sparse', 'metadata', 'falloc', 'full'] as const;

export const CreateVolumeRequestSchema = z
  .object({
    pool: name,
    name,
    capacityBytes: size,
    format: z.enum(['qcow2', 'raw']),
    allocation: z.enum(ALLOCATIONS),
    /** A volume of the same pool used as backing file (qcow2 only). */
    backingVolume: name.optional(),
    /** LUKS encryption; the passphrase travels separately (ops.start secrets), never in a plan. */
    encryption: z.literal('luks').optional(),
    /**
     * A thin volume in this LVM thin pool of the logical pool's volume group
     * (lvcreate -V -T, then pool-refresh): raw, sparse, no backing volume, no encryption.
     */
    thinPool: name.optional(),
  })
  .strict();
export type CreateVolumeRequest = z.infer<typeof CreateVolumeRequestSchema>;

/**
 * The request fields a refusal names (SpindleError details.field), so a
 * wizard returns to the step that asks it: a wizard maps each of them to one
 * of its steps (the type checker says when one is missing).
 */
export const CREATE_VOLUME_FIELDS = ['pool', 'name', 'capacityBytes', 'format', 'allocation', 'backingVolume', 'encryption', 'thinPool'] as const satisfies readonly (keyof CreateVolumeRequest)[];
export type CreateVolumeField = (typeof CREATE_VOLUME_FIELDS)[number];

/**
 * A new LVM thin pool in a logical pool's volume group (volume.createThinPool:
 * lvcreate --type thin-pool), where thin volumes can then be made. It lives in
 * this feature beside the thin volumes it holds: libvirt lists no thin pool as
 * a volume, and the pools feature's operations are libvirt's pool objects.
 */
export const CreateThinPoolRequestSchema = z
  .object({
    pool: name,
    name,
    sizeBytes: size,
    /** LVM picks the metadata size when it is left out. */
    metadataBytes: size.optional(),
  })
  .strict();
export type CreateThinPoolRequest = z.infer<typeof CreateThinPoolRequestSchema>;
export const CREATE_THIN_POOL_FIELDS = ['pool', 'name', 'sizeBytes', 'metadataBytes'] as const satisfies readonly (keyof CreateThinPoolRequest)[];
export type CreateThinPoolField = (typeof CREATE_THIN_POOL_FIELDS)[number];

export const VOLUMES_METHODS = {} as const satisfies Methods<VolumesMethod>;

export const VOLUMES_OPERATIONS = [operation('volume.create', CreateVolumeRequestSchema), operation('volume.createThinPool', CreateThinPoolRequestSchema)] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type VolumesOperationKind = z.infer<(typeof VOLUMES_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { VolumesMethod };
