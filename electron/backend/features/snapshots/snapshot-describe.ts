// A snapshot's new description: its own XML as libvirt keeps it, with the
// description replaced, given back with `snapshot-create --redefine` (and
// --current when it is libvirt's current snapshot, so the now node stays).
import type { DescribeSnapshotRequest } from '../../../../shared/contract/features/snapshots.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg } from '../../../../shared/core/messages.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildSnapshotXml, parseSnapshotXml } from '../../libvirt/model/snapshot-xml.ts';
import { findDomain } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import type { SnapshotSession } from './snapshot-create.ts';

export async function planSnapshotDescribe(s: SnapshotSession, inv: Inventory, req: DescribeSnapshotRequest): Promise<Plan> {
  const dom = findDomain(inv, req.domain);
  const { outputs } = await s.virsh.batch([virsh.snapshotDumpxml(dom.name, req.name), virsh.snapshotCurrentName(dom.name)]);
  const [xml = '', current = ''] = outputs;
  if (!xml.trim()) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.unknown', { name: req.name, domain: dom.name }, 'name');
  const snap = parseSnapshotXml(xml);
  const p = { name: snap.name, domain: dom.name };
  return {
    title: msg('snapshots.describe.title', p),
    steps: [{ description: msg('snapshots.describe.step', p), argv: virshArgv(s.config.uri, virsh.snapshotRedefine(dom.name, { current: current.trim() === snap.name })), stdin: buildSnapshotXml({ ...snap, description: req.description }) }],
    warnings: [],
  };
}
