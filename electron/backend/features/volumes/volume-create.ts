// Planning a new volume: every check that can be made before anything runs
// (pool active, name free and valid, size against free space, backing volume
// present), then the one command that creates it, with its XML on stdin.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { randomUUID } from 'node:crypto';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { CreateVolumeRequest } from '../../../../shared/contract/ops.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { quoteText } from '../../../../shared/core/characters.ts';
import { validateName } from '../../../../shared/core/validation.ts';
import { buildVolumeSecretXml, buildVolumeXml } from '../../libvirt/model/volume-xml.ts';
import { shellQuote } from '../../transport/quote.ts';
import { parseVolList } from '../../libvirt/parse-text.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

export type Allocation = CreateVolumeRequest['allocation'];
export type { CreateVolumeRequest };

export interface VolumePlanOptions {
  /** UUID for a new LUKS secret (tests pass a fixed one). */
  newUuid?: () => string;
}

/** Pool types whose volumes are plain files in the pool's directory. */
const FILE_POOLS = new Set(['dir', 'fs', 'netfs']);

function refuse(message: string, hint: string, details?: Record<string, string>): SpindleError {
  return new SpindleError('INVALID_ARGUMENT', message, hint, details);
}

export function planCreateVolume(inv: Inventory, uri: string, req: CreateVolumeRequest, opts: VolumePlanOptions = {}): Plan {
  const pool = inv.pools.find((p) => p.name === req.pool);
  if (!pool) throw new SpindleError('UNKNOWN_POOL', `There is no storage pool "${req.pool}" on ${inv.host}.`, 'Pick one of the pools listed for this host.', { field: 'pool' });
  if (!pool.active) throw refuse(`Pool "${pool.name}" is not active.`, 'Start the pool first (virsh pool-start).', { field: 'pool' });
  validateName('volume', req.name, { field: 'name' });
  if (pool.volumes.some((v) => v.name === req.name)) {
    throw new SpindleError('INVALID_NAME', `Pool "${pool.name}" already has a volume named "${req.name}".`, 'Choose another name; Spindle never overwrites a volume.', { field: 'name' });
  }
  if (req.capacityBytes > Number.MAX_SAFE_INTEGER) throw refuse('The capacity is larger than any storage Spindle can address.', 'Give a size in G or T.', { field: 'capacityBytes' });
  if (!Number.isSafeInteger(req.capacityBytes) || req.capacityBytes <= 0) throw refuse('The capacity must be a positive size.', 'Give a size such as 10G or 512M.', { field: 'capacityBytes' });
  if (req.allocation === 'metadata' && req.format !== 'qcow2') throw refuse('Metadata preallocation exists for qcow2 only.', 'Use "sparse" or "full" for raw volumes.', { field: 'allocation' });

  let backing: { path: string; format: string } | undefined;
  if (req.backingVolume !== undefined) {
    if (req.format !== 'qcow2') throw refuse('Only a qcow2 volume can have a backing file.', 'Choose the qcow2 format for a layered volume.', { field: 'backingVolume' });
    const base = pool.volumes.find((v) => v.name === req.backingVolume);
    if (!base) throw new SpindleError('UNKNOWN_VOLUME', `Pool "${pool.name}" has no volume "${req.backingVolume}" to use as backing file.`, 'Pick an existing volume of the same pool.', { field: 'backingVolume' });
    if (req.capacityBytes < base.capacity) {
      throw refuse(`A layered volume cannot be smaller than its backing file (${formatBytes(base.capacity)}).`, `Give at least ${formatBytes(base.capacity)}.`, { field: 'capacityBytes' });
    }
    if (req.allocation === 'metadata') {
      // libvirt 9.0: "metadata preallocation conflicts with backing store".
      throw refuse('Metadata preallocation cannot be combined with a backing file.', 'Use sparse allocation for a layered volume.', { field: 'allocation' });
    }
    backing = { path: base.path, format: base.format ?? 'raw' };
  }

  const warnings: string[] = [];
  const preallocated = req.allocation === 'full' || req.allocation === 'falloc';
  const upFront = preallocated ? req.capacityBytes : 0;
  if (upFront > pool.available) {
    throw refuse(
      `Pool "${pool.name}" has ${formatBytes(pool.available)} free; preallocating ${formatBytes(req.capacityBytes)} does not fit.`,
      'Choose a smaller size, sparse allocation, or another pool.',
      { field: 'capacityBytes' },
    );
  }
  if (!preallocated && req.capacityBytes > pool.available) {
    warnings.push(`The volume can grow to ${formatBytes(req.capacityBytes)} but pool "${pool.name}" has only ${formatBytes(pool.available)} free: the guest will see I/O errors if it fills up.`);
  }
  const path = pool.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${req.name}` : undefined;
  const steps: Plan['steps'] = [];
  const virsh = (...args: string[]): string[] => ['virsh', '--connect', uri, ...args];

  // Writing zeros over the whole image (qemu-img preallocation=full) takes
  // time: it runs as its own command so it shows progress and can be cancelled.
  // (The test driver's pools exist only inside libvirt: it allocates them itself.)
  const writesZeros = req.allocation === 'full' && FILE_POOLS.has(pool.type) && !req.encryption && path !== undefined && !uri.startsWith('test:');
  if (req.allocation === 'full' && req.encryption) {
    throw refuse('Full preallocation of an encrypted volume is not offered: libvirt creates LUKS images itself.', 'Choose "falloc" (space reserved at once) for an encrypted volume.', { field: 'allocation' });
  }
  if (writesZeros) {
    const fmtArgs = ['-o', 'preallocation=full', ...(backing ? ['-b', backing.path, '-F', backing.format] : [])];
    steps.push(
      {
        description: `Check that ${path} does not exist yet (qemu-img would overwrite it)`,
        argv: ['test', '!', '-e', path],
        failure: { message: `${path} already exists (a file the pool has not listed yet).`, hint: 'Choose another name, or refresh the pool to see the file.' },
      },
      {
        description: `Write ${formatBytes(req.capacityBytes)} of zeros as ${req.format} image ${path}`,
        argv: ['qemu-img', 'create', '-q', '-f', req.format, ...fmtArgs, path, String(req.capacityBytes)],
        interruptible: true,
        progress: { path, bytes: req.capacityBytes },
        undo: { description: `Remove the partly written ${path}`, argv: ['rm', '-f', '--', path], destructive: true },
      },
      { description: `Make pool "${pool.name}" list the new volume`, argv: virsh('pool-refresh', '--pool', pool.name) },
      listedCheck(inv.host, uri, pool, req.name),
    );
    return { title: `Create volume ${req.name} (${formatBytes(req.capacityBytes)} ${req.format}, fully allocated) in pool ${pool.name}`, steps, warnings };
  }

  let secretUuid: string | undefined;
  if (req.encryption) {
    if (!path) throw refuse(`Pool "${pool.name}" has no target path, so Spindle cannot tie a secret to the new volume.`, 'Use a directory, filesystem or LVM pool for encrypted volumes.', { field: 'encryption' });
    secretUuid = (opts.newUuid ?? randomUUID)();
    steps.push(
      {
        description: `Define a private libvirt secret for the passphrase of ${path}`,
        argv: virsh('secret-define', '--file', '/dev/stdin'),
        stdin: buildVolumeSecretXml(secretUuid, path, `Spindle: LUKS passphrase of volume ${req.name} in pool ${pool.name}`),
        undo: { description: `Remove the secret ${secretUuid}`, argv: virsh('secret-undefine', '--secret', secretUuid) },
      },
      { description: 'Give the secret its passphrase (read from standard input, never shown or stored by Spindle)', argv: virsh('secret-set-value', '--secret', secretUuid, '--file', '/dev/stdin', '--plain'), secretStdin: 'passphrase' },
    );
    warnings.push(`The passphrase is kept by libvirt in secret ${secretUuid} (private: it cannot be read back). Anyone who loses both the secret and the passphrase loses the data.`);
  }

  const xml = buildVolumeXml({
    name: req.name,
    capacityBytes: req.capacityBytes,
    format: req.format,
    allocationBytes: upFront,
    ...(backing ? { backing } : {}),
    ...(secretUuid ? { encryptionSecretUuid: secretUuid } : {}),
  });
  const argv = virsh('vol-create', '--pool', pool.name, '--file', '/dev/stdin');
  if (req.allocation === 'metadata') argv.push('--prealloc-metadata');
  steps.push({
    description: `Create ${req.encryption ? 'LUKS-encrypted ' : ''}${req.format} volume "${req.name}" in pool "${pool.name}"${backing ? ` on top of ${backing.path}` : ''}`,
    argv,
    stdin: xml,
    // qemu-img times its LUKS key derivation in CPU time; on a host whose CPUs
    // are saturated the first probe can measure 0 ms and qemu-img gives up.
    // libvirt removes the failed image, so running it again is safe.
    // Four more tries with growing pauses (1+2+3+4 s): on a saturated 2-core CI machine two were once not enough.
    ...(req.encryption ? { retryOn: { pattern: /Unable to get accurate CPU usage/, times: 4 } } : {}),
    undo: { description: `Delete the new volume "${req.name}"`, argv: virsh('vol-delete', '--pool', pool.name, '--vol', req.name), destructive: true },
  });
  steps.push(listedCheck(inv.host, uri, pool, req.name));
  return {
    title: `Create volume ${req.name} (${formatBytes(req.capacityBytes)} ${req.format}${req.encryption ? ', encrypted' : ''}) in pool ${pool.name}`,
    steps,
    warnings,
  };
}

/**
 * The last step of a create: libvirt lists the new volume under its name. A
 * character newer than the host's C library passes the name rule (Node knows
 * newer Unicode than glibc 2.36) but virsh prints it as \xff; then the job
 * fails here and its undo deletes the volume again, instead of leaving one
 * that nothing can show or attach.
 */
function listedCheck(host: string, uri: string, pool: { name: string; targetPath?: string | undefined }, name: string): PlanStep {
  return {
    description: `Check that pool "${pool.name}" lists the new volume under its name`,
    argv: ['virsh', '--connect', uri, 'vol-list', '--pool', pool.name],
    verify: {
      check: (out) => (parseVolList(out, pool.targetPath).some((v) => v.name === name) ? null : `${unlistedVolumeError(host, uri, pool, name).message.replace(/\.$/, '')}; it is deleted again.`),
      hint: "Choose a name of letters, digits and common punctuation: this host's virsh cannot print some of its characters.",
    },
  };
}

/**
 * The volume was created, but the pool does not list it under its name: the
 * host's virsh printed some character of it as \xff (one newer than its C
 * library knows). Nothing in Spindle can reach it by that name.
 */
export function unlistedVolumeError(host: string, uri: string, pool: { name: string; targetPath?: string | undefined }, name: string): SpindleError {
  const path = pool.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${name}` : undefined;
  const del = `virsh --connect ${shellQuote(uri)} vol-delete --pool ${shellQuote(pool.name)} --vol ${shellQuote(name)}`;
  return new SpindleError(
    'COMMAND_FAILED',
    `Volume ${quoteText(name)} was created in pool "${pool.name}"${path ? ` (${quoteText(path)})` : ''}, but virsh on ${host} cannot list it under that name (it prints some of its characters as \\xff), so Spindle cannot show or attach it.`,
    `Delete it with: ${del}; then create it again with a name of letters, digits and common punctuation.`,
    { field: 'name', pool: pool.name, volume: name, ...(path ? { path } : {}), created: 'true' },
  );
}
