// Inserting, changing and ejecting CD-ROM media (virsh change-media) on every
// side the drive is on. A VM without a CD-ROM drive gets one with
// `disk attach --iso`.
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { msg, type MessageKey, type MsgParam } from '../../../../shared/core/messages.ts';
import { diskModes } from '../../../../shared/contract/disk-facts.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { CdromField, CdromRequest } from '../../../../shared/contract/features/disks.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';

export type { CdromRequest };

const refuse = (key: MessageKey, params: Record<string, MsgParam>, field?: CdromField, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError => SpindleError.of(code, key, params, field);

export function planCdrom(inv: Inventory, uri: string, req: CdromRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const drives = dom.disks.filter((d) => d.device === 'cdrom');
  const drive = req.target ? drives.find((d) => d.target === req.target) : drives[0];
  if (!drive) throw refuse(req.target ? 'disks.cdrom.noDriveNamed' : 'disks.cdrom.noDrive', { domain: dom.name, target: req.target ?? '' }, 'target');
  // Media change needs no hot-plug: every side the drive is on takes it.
  const mode = diskModes(dom, drive).modes[0] ?? 'persistent';
  const loaded = drive.source.file ?? drive.source.dev;
  const at = { domain: dom.name, target: drive.target };
  if (req.action === 'insert') {
    if (!req.iso) throw refuse('disks.cdrom.needIso', {}, 'iso');
    if (!req.iso.startsWith('/')) throw refuse('disks.cdrom.notAbsolute', { path: JSON.stringify(req.iso) }, 'iso');
    const p = { ...at, iso: req.iso, loaded: loaded ?? '' };
    return {
      title: msg(loaded ? 'disks.cdrom.changeTitle' : 'disks.cdrom.insertTitle', p),
      steps: [{ description: msg(loaded ? 'disks.cdrom.changeStep' : 'disks.cdrom.insertStep', p), argv: virshArgv(uri, virsh.changeMedia(dom.name, drive.target, loaded ? { update: req.iso } : { insert: req.iso }, mode)) }],
      warnings: [],
    };
  }
  if (!loaded) throw refuse('disks.cdrom.alreadyEmpty', at, 'target');
  const p = { ...at, loaded };
  return {
    title: msg('disks.cdrom.ejectTitle', p),
    steps: [{ description: msg('disks.cdrom.ejectStep', p), argv: virshArgv(uri, virsh.changeMedia(dom.name, drive.target, 'eject', mode)) }],
    warnings: isActive(dom.state) ? [msg('disks.cdrom.ejectMounted')] : [],
  };
}
