// Planning a new snapshot: the request checked against the VM as the host
// reports it now (its disks, state, snapshots, libvirt version, agent), the
// files it will write checked too (an overlay path taken, a memory file that
// would not fit), then one `snapshot-create --atomic` with the XML on stdin:
// libvirt makes every overlay or none. The plan names each file it writes.
import path from 'node:path';
import type { CreateSnapshotRequest } from '../../../../shared/contract/features/snapshots.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildSnapshotXml } from '../../libvirt/model/snapshot-xml.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import { existingFiles } from './snapshot-facts.ts';
import { snapshotRequestXml } from './snapshot-request.ts';
import { domainSnapshotFacts, libvirtVersion, readSnapshotTree, type SnapshotHost } from './snapshot-tree.ts';

export interface SnapshotSession extends SnapshotHost {
  readonly config: { readonly uri: string; readonly sudo?: boolean };
}

/** Bytes free on the filesystem that holds `dir` (df), or null when it cannot be read. */
async function freeBytes(s: SnapshotSession, dir: string): Promise<number | null> {
  const r = await s.runner.run(['df', '-B1', '--output=avail', '--', dir], { sudo: s.config.sudo, timeoutMs: 30_000 }).catch(() => null);
  const n = Number(r?.stdout.trim().split('\n').pop());
  return r && r.code === 0 && Number.isFinite(n) ? n : null;
}

export async function planSnapshotCreate(s: SnapshotSession, inv: Inventory, req: CreateSnapshotRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const [tree, info] = await Promise.all([readSnapshotTree(s, dom.name), s.virsh.batch([virsh.dumpxml(dom.name), virsh.version()])]);
  const [domainXml = '', versionOut = ''] = info.outputs;
  const xml = snapshotRequestXml(req, { facts: domainSnapshotFacts(domainXml), state: dom.state, tree, version: libvirtVersion(versionOut) });
  const overlays = xml.disks.flatMap((d) => (d.snapshot === 'external' && d.sourceFile ? [{ target: d.name, file: d.sourceFile }] : []));
  const memoryFile = xml.memory?.snapshot === 'external' ? xml.memory.file : undefined;
  const taken = await existingFiles(s, [...overlays.map((o) => o.file), ...(memoryFile ? [memoryFile] : [])]);
  for (const o of overlays) if (taken.has(o.file)) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.overlayExists', { file: o.file, target: o.target }, 'disks');
  if (memoryFile) {
    if (taken.has(memoryFile)) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.memoryExists', { file: memoryFile }, 'memoryFile');
    // The saved state is about the guest's memory size (less when pages were never touched).
    const need = dom.memoryKiB * 1024;
    const free = await freeBytes(s, path.dirname(memoryFile));
    if (free !== null && free < need) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.memoryNoSpace', { file: memoryFile, need: formatBytes(need), free: formatBytes(free) }, 'memoryFile');
  }
  const external = overlays.length > 0;
  const writes: Text[] = [
    ...overlays.map((o) => msg('snapshots.create.writesOverlay', { target: o.target, file: o.file })),
    ...(memoryFile ? [msg('snapshots.create.writesMemory', { file: memoryFile, size: formatBytes(dom.memoryKiB * 1024) })] : []),
  ];
  const p = { name: req.name, domain: dom.name };
  return {
    title: msg('snapshots.create.title', p),
    steps: [
      {
        description: msg(external ? (memoryFile ? 'snapshots.create.stepMemory' : 'snapshots.create.stepExternal') : 'snapshots.create.stepInternal', p),
        // Disk-only when no memory is saved (libvirt requires the flag for an external snapshot without memory).
        argv: virshArgv(s.config.uri, virsh.snapshotCreate(dom.name, { diskOnly: external && !memoryFile, quiesce: req.quiesce === true })),
        stdin: buildSnapshotXml(xml),
      },
    ],
    warnings: [...writes, ...(isActive(dom.state) && !external ? [msg('snapshots.create.internalPauses', p)] : [])],
  };
}
