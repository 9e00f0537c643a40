// Planning a new volume: every check that can be made before anything runs
// (pool active, name free and valid, size against free space, backing volume
// present), then the one command that creates it, with its XML on stdin.
import { SpindleError } from '../../../shared/errors.ts';
import type { Inventory } from '../../../shared/models.ts';
import { formatBytes } from '../../../shared/units.ts';
import { nameProblem } from '../../../shared/validation.ts';
import { buildVolumeXml } from '../libvirt/volume-xml.ts';
import type { Plan } from './plan.ts';

export type Allocation = 'sparse' | 'metadata' | 'full';

export interface CreateVolumeRequest {
  pool: string;
  name: string;
  capacityBytes: number;
  format: 'qcow2' | 'raw';
  allocation: Allocation;
  /** Name of a volume in the same pool to use as the backing file (qcow2 only). */
  backingVolume?: string;
}

function refuse(message: string, hint: string): SpindleError {
  return new SpindleError('INVALID_ARGUMENT', message, hint);
}

export function planCreateVolume(inv: Inventory, uri: string, req: CreateVolumeRequest): Plan {
  const pool = inv.pools.find((p) => p.name === req.pool);
  if (!pool) throw new SpindleError('UNKNOWN_POOL', `There is no storage pool "${req.pool}" on ${inv.host}.`, 'Pick one of the pools listed for this host.');
  if (!pool.active) throw refuse(`Pool "${pool.name}" is not active.`, 'Start the pool first (virsh pool-start).');
  const problem = nameProblem(req.name);
  if (problem) throw new SpindleError('INVALID_NAME', `The volume name ${JSON.stringify(req.name)} cannot be used: ${problem}.`, 'Choose a name without control characters, "/" or surrounding spaces.');
  if (pool.volumes.some((v) => v.name === req.name)) {
    throw new SpindleError('INVALID_NAME', `Pool "${pool.name}" already has a volume named "${req.name}".`, 'Choose another name; Spindle never overwrites a volume.');
  }
  if (req.capacityBytes > Number.MAX_SAFE_INTEGER) throw refuse('The capacity is larger than any storage Spindle can address.', 'Give a size in G or T.');
  if (!Number.isSafeInteger(req.capacityBytes) || req.capacityBytes <= 0) throw refuse('The capacity must be a positive size.', 'Give a size such as 10G or 512M.');
  if (req.allocation === 'metadata' && req.format !== 'qcow2') throw refuse('Metadata preallocation exists for qcow2 only.', 'Use "sparse" or "full" for raw volumes.');

  let backing: { path: string; format: string } | undefined;
  if (req.backingVolume !== undefined) {
    if (req.format !== 'qcow2') throw refuse('Only a qcow2 volume can have a backing file.', 'Choose the qcow2 format for a layered volume.');
    const base = pool.volumes.find((v) => v.name === req.backingVolume);
    if (!base) throw new SpindleError('UNKNOWN_VOLUME', `Pool "${pool.name}" has no volume "${req.backingVolume}" to use as backing file.`, 'Pick an existing volume of the same pool.');
    if (req.capacityBytes < base.capacity) {
      throw refuse(`A layered volume cannot be smaller than its backing file (${formatBytes(base.capacity)}).`, `Give at least ${formatBytes(base.capacity)}.`);
    }
    if (req.allocation === 'metadata') {
      // libvirt 9.0: "metadata preallocation conflicts with backing store".
      throw refuse('Metadata preallocation cannot be combined with a backing file.', 'Use sparse allocation for a layered volume.');
    }
    backing = { path: base.path, format: base.format ?? 'raw' };
  }

  const warnings: string[] = [];
  const upFront = req.allocation === 'full' ? req.capacityBytes : 0;
  if (upFront > pool.available) {
    throw refuse(
      `Pool "${pool.name}" has ${formatBytes(pool.available)} free; fully allocating ${formatBytes(req.capacityBytes)} does not fit.`,
      'Choose a smaller size, sparse allocation, or another pool.',
    );
  }
  if (req.allocation !== 'full' && req.capacityBytes > pool.available) {
    warnings.push(`The volume can grow to ${formatBytes(req.capacityBytes)} but pool "${pool.name}" has only ${formatBytes(pool.available)} free: the guest will see I/O errors if it fills up.`);
  }

  const xml = buildVolumeXml({ name: req.name, capacityBytes: req.capacityBytes, format: req.format, allocationBytes: upFront, ...(backing ? { backing } : {}) });
  const argv = ['virsh', '--connect', uri, 'vol-create', '--pool', pool.name, '--file', '/dev/stdin'];
  if (req.allocation === 'metadata') argv.push('--prealloc-metadata');
  return {
    title: `Create volume ${req.name} (${formatBytes(req.capacityBytes)} ${req.format}) in pool ${pool.name}`,
    steps: [{ description: `Create ${req.format} volume "${req.name}" in pool "${pool.name}"${backing ? ` on top of ${backing.path}` : ''}`, argv, stdin: xml }],
    warnings,
  };
}
