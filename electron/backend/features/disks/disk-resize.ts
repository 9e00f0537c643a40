// Growing a disk: blockresize while the VM runs (QEMU grows the image and the
// guest sees the new size at once), vol-resize when it is off. Shrinking is
// refused: it cuts off whatever the guest stored at the end of the disk.
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { findDisk, findDomain, volumeOfDisk } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';

export interface ResizeRequest {
  domain: string;
  target: string;
  newSizeBytes: number;
}

const refuse = (message: string, hint: string, details?: Record<string, string>): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, details);

export function planResizeDisk(inv: Inventory, uri: string, req: ResizeRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const disk = findDisk(dom, req.target);
  if (disk.device === 'cdrom') throw refuse('A CD-ROM cannot be resized.', 'Change the ISO instead.');
  const current = disk.capacity;
  if (current === undefined) throw refuse(`The current size of ${disk.target} is not known.`, 'Refresh the inventory and try again.');
  if (!Number.isSafeInteger(req.newSizeBytes) || req.newSizeBytes <= 0) throw refuse('The new size must be a positive size.', 'Give a size such as 40G.', { field: 'newSizeBytes' });
  if (req.newSizeBytes < current) {
    throw refuse(
      `Shrinking ${disk.target} from ${formatBytes(current)} to ${formatBytes(req.newSizeBytes)} would cut off the end of the disk and whatever the guest keeps there.`,
      'Shrink the filesystem and partitions inside the guest first, then use qemu-img resize --shrink by hand; Spindle only grows disks.',
      { field: 'newSizeBytes' },
    );
  }
  if (req.newSizeBytes === current) throw refuse(`${disk.target} is already ${formatBytes(current)}.`, 'Give a larger size.', { field: 'newSizeBytes' });

  const vol = volumeOfDisk(inv, disk);
  const pool = vol ? inv.pools.find((p) => p.name === vol.pool) : undefined;
  const warnings: string[] = [];
  const growth = req.newSizeBytes - current;
  if (pool && growth > pool.available) {
    warnings.push(`Pool "${pool.name}" has ${formatBytes(pool.available)} free; the disk can grow by ${formatBytes(growth)} but writes will fail once the pool is full.`);
  }
  warnings.push('The guest sees a bigger disk; its partitions and filesystems still have to be grown inside the guest (growpart, resize2fs, xfs_growfs).');

  const running = dom.state === 'running' || dom.state === 'paused';
  let step: Plan['steps'][number];
  if (running) {
    step = {
      description: `Grow ${disk.target} of running VM "${dom.name}" to ${formatBytes(req.newSizeBytes)}`,
      argv: ['virsh', '--connect', uri, 'blockresize', '--domain', dom.name, '--path', disk.target, '--size', `${req.newSizeBytes}B`],
    };
  } else if (vol) {
    step = {
      description: `Grow volume "${vol.name}" of pool "${vol.pool}" to ${formatBytes(req.newSizeBytes)}`,
      argv: ['virsh', '--connect', uri, 'vol-resize', '--pool', vol.pool, '--vol', vol.name, '--capacity', String(req.newSizeBytes)],
    };
  } else if (disk.source.file) {
    step = {
      description: `Grow ${disk.source.file} to ${formatBytes(req.newSizeBytes)}`,
      argv: ['qemu-img', 'resize', '-f', disk.format ?? 'raw', disk.source.file, String(req.newSizeBytes)],
      sudo: true,
    };
  } else {
    throw refuse(`${disk.sourceLabel} is not a file or a pool volume; Spindle cannot grow it while the VM is off.`, 'Grow the device where it lives (LVM, SAN), then start the VM.');
  }
  return { title: `Grow ${dom.name}:${disk.target} from ${formatBytes(current)} to ${formatBytes(req.newSizeBytes)}`, steps: [step], warnings };
}
