// Inserting, changing and ejecting CD-ROM media (virsh change-media). A VM
// without a CD-ROM drive gets one with `disk attach --iso` (persistently: a
// SATA drive cannot be hot-plugged).
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';

export interface CdromRequest {
  domain: string;
  action: 'insert' | 'eject';
  /** The drive; default: the VM's only (or first) CD-ROM drive. */
  target?: string;
  /** ISO file for insert (replaces any media already in the drive). */
  iso?: string;
}

const refuse = (message: string, hint: string, details?: Record<string, string>): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, details);

export function planCdrom(inv: Inventory, uri: string, req: CdromRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const drives = dom.disks.filter((d) => d.device === 'cdrom');
  const drive = req.target ? drives.find((d) => d.target === req.target) : drives[0];
  if (!drive) {
    throw refuse(
      req.target ? `VM "${dom.name}" has no CD-ROM drive ${req.target}.` : `VM "${dom.name}" has no CD-ROM drive.`,
      'Add one first: spindle disk attach --iso PATH (persistent; it appears after the next start, since SATA drives cannot be hot-plugged).',
      { field: 'target' },
    );
  }
  const running = dom.state === 'running' || dom.state === 'paused';
  const flags = running && dom.persistent ? ['--live', '--config'] : running ? ['--live'] : ['--config'];
  const loaded = drive.source.file ?? drive.source.dev;
  if (req.action === 'insert') {
    if (!req.iso) throw refuse('Insert needs an ISO file.', 'Give the path of the ISO on the host.', { field: 'iso' });
    if (!req.iso.startsWith('/')) throw refuse(`The path ${JSON.stringify(req.iso)} is not absolute.`, 'Give the full path, starting with "/".', { field: 'iso' });
    return {
      title: `${loaded ? 'Change' : 'Insert'} ${req.iso} in ${dom.name}:${drive.target}`,
      steps: [
        {
          description: `${loaded ? `Replace ${loaded} with` : 'Insert'} ${req.iso} in drive ${drive.target} of VM "${dom.name}"`,
          argv: ['virsh', '--connect', uri, 'change-media', '--domain', dom.name, '--path', drive.target, '--source', req.iso, loaded ? '--update' : '--insert', ...flags],
        },
      ],
      warnings: [],
    };
  }
  if (!loaded) throw refuse(`Drive ${drive.target} of VM "${dom.name}" is already empty.`, 'Nothing to eject.');
  return {
    title: `Eject ${loaded} from ${dom.name}:${drive.target}`,
    steps: [{ description: `Eject ${loaded} from drive ${drive.target} of VM "${dom.name}"`, argv: ['virsh', '--connect', uri, 'change-media', '--domain', dom.name, '--path', drive.target, '--eject', ...flags] }],
    warnings: running ? ['A guest that has the disc mounted may refuse the eject; unmount it in the guest first.'] : [],
  };
}
