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

export const VOLUMES_METHODS = {} as const satisfies Methods<VolumesMethod>;

export const VOLUMES_OPERATIONS = [operation('volume.create', CreateVolumeRequestSchema)] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type VolumesOperationKind = z.infer<(typeof VOLUMES_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { VolumesMethod };
