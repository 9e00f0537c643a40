// Growing a disk: blockresize while the VM runs (QEMU grows the image and the
// guest sees the new size at once), vol-resize when it is off. Shrinking is
// refused: it cuts off whatever the guest stored at the end of the disk.
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { msg, type MessageKey, type MsgParam, type Text } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { volumeOfDisk } from '../../../../shared/contract/disk-facts.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { ResizeField, ResizeRequest } from '../../../../shared/contract/features/disks.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { findDisk, findDomain } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import { poolNamed } from '../../../../shared/contract/inventory-lookup.ts';

export type { ResizeRequest };

const refuse = (key: MessageKey, params: Record<string, MsgParam>, field: ResizeField, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError => SpindleError.of(code, key, params, field);

export function planResizeDisk(inv: Inventory, uri: string, req: ResizeRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const disk = findDisk(dom, req.target);
  const at = { target: disk.target, domain: dom.name };
  if (disk.device === 'cdrom') throw refuse('disks.resize.cdrom', at, 'target');
  const current = disk.capacity;
  if (current === undefined) throw refuse('disks.resize.sizeUnknown', at, 'target');
  if (!Number.isSafeInteger(req.newSizeBytes) || req.newSizeBytes <= 0) throw refuse('disks.resize.notPositive', at, 'newSizeBytes');
  const sizes = { ...at, from: formatBytes(current), to: formatBytes(req.newSizeBytes) };
  if (req.newSizeBytes < current) throw refuse('disks.resize.shrink', sizes, 'newSizeBytes');
  if (req.newSizeBytes === current) throw refuse('disks.resize.same', { ...at, size: formatBytes(current) }, 'newSizeBytes');

  const vol = volumeOfDisk(inv.pools, disk);
  const pool = vol ? poolNamed(inv.pools, vol.pool) : undefined;
  const warnings: Text[] = [];
  const growth = req.newSizeBytes - current;
  if (pool && growth > pool.available) warnings.push(msg('disks.resize.overcommit', { pool: pool.name, free: formatBytes(pool.available), growth: formatBytes(growth) }));
  warnings.push(msg('disks.resize.growInGuest'));

  let step: Plan['steps'][number];
  if (isActive(dom.state)) {
    step = { description: msg('disks.resize.stepLive', sizes), argv: virshArgv(uri, virsh.blockresize(dom.name, disk.target, req.newSizeBytes)) };
  } else if (vol) {
    step = { description: msg('disks.resize.stepVolume', { ...sizes, volume: vol.name, pool: vol.pool }), argv: virshArgv(uri, virsh.volResize(vol.pool, vol.name, req.newSizeBytes)) };
  } else if (disk.source.file) {
    step = {
      description: msg('disks.resize.stepFile', { ...sizes, path: disk.source.file }),
      argv: ['qemu-img', 'resize', '-f', disk.format ?? 'raw', disk.source.file, String(req.newSizeBytes)],
      sudo: true,
    };
  } else {
    throw refuse('disks.resize.notGrowable', { ...at, source: disk.sourceLabel }, 'target');
  }
  return { title: msg('disks.resize.title', sizes), steps: [step], warnings };
}
