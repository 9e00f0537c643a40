// A snapshot.create request checked against the VM as read (its disks, state,
// snapshot tree, libvirt version) and turned into the <domainsnapshot> XML
// given to `snapshot-create --atomic` on stdin. Every refusal names the field
// and the fix. (The planner that wraps this into plan steps is not written yet.)
import path from 'node:path';
import type { CreateSnapshotRequest, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { SnapshotXml, SnapshotXmlDisk } from '../../libvirt/model/snapshot-xml.ts';
import type { domainSnapshotFacts } from './snapshot-tree.ts';

export interface SnapshotVm {
  facts: ReturnType<typeof domainSnapshotFacts>;
  /** virsh domstate: running, paused, shut off. */
  state: string;
  tree: SnapshotTree;
  version: [number, number] | null;
}

/** The default overlay beside the disk's current file: `<file without extension>.<snapshot>.qcow2` ('/' in the name made '_'). */
export function defaultOverlay(file: string, snapshot: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.${snapshot.replace(/\//g, '_')}.qcow2`);
}

export function snapshotRequestXml(req: CreateSnapshotRequest, vm: SnapshotVm): Omit<SnapshotXml, 'domainDisks'> {
  const domain = req.domain;
  if (vm.tree.snapshots.some((s) => s.name === req.name)) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.exists', { name: req.name, domain }, 'name');
  const running = vm.state === 'running' || vm.state === 'paused';
  if (req.memoryFile !== undefined && !running) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.memoryNotRunning', { domain, state: vm.state }, 'memoryFile');
  if (req.quiesce && !vm.tree.capabilities.agent) throw SpindleError.of('AGENT_UNAVAILABLE', 'snapshots.create.quiesceNoAgent', { domain }, 'quiesce');
  const choices = new Map((req.disks ?? []).map((c) => [c.target, c]));
  const targets = vm.facts.disks.map((d) => d.target);
  for (const t of choices.keys()) if (!targets.includes(t)) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.unknownDisk', { domain, target: t, targets: targets.join(', ') }, 'disks');
  const defaultMode = req.diskOnly || req.memoryFile !== undefined ? 'external' : 'internal';
  const disks: SnapshotXmlDisk[] = vm.facts.disks.map((d) => {
    const c = choices.get(d.target);
    const mode = c?.mode ?? defaultMode;
    if (mode === 'exclude') return { name: d.target, snapshot: 'no' };
    if (mode === 'internal') {
      if (d.format !== 'qcow2') throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.rawInternal', { target: d.target, format: d.format ?? '?' }, 'disks');
      return { name: d.target, snapshot: 'internal' };
    }
    const file = c?.file ?? (d.file !== undefined ? defaultOverlay(d.file, req.name) : undefined);
    return { name: d.target, snapshot: 'external', driverType: 'qcow2', ...(file !== undefined ? { sourceFile: file } : {}) };
  });
  const internal = disks.some((d) => d.snapshot === 'internal');
  if (internal && vm.facts.pflash && !(vm.version && (vm.version[0] > 10 || (vm.version[0] === 10 && vm.version[1] >= 9))))
    throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.pflashInternal', { domain, version: vm.version?.join('.') ?? '?' }, 'disks');
  // One chain, one kind: libvirt 9.0 cannot revert or delete across a mix.
  const other = vm.tree.snapshots.filter((s) => (s.kind === 'internal') !== internal);
  if (other.length > 0) {
    const kind = internal ? 'external' : 'internal';
    throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.create.mixed', { domain, kind, names: other.map((s) => s.name).join(', ') }, internal ? 'disks' : 'diskOnly');
  }
  return {
    name: req.name,
    ...(req.description !== undefined ? { description: req.description } : {}),
    memory: req.memoryFile !== undefined ? { snapshot: 'external', file: req.memoryFile } : { snapshot: internal && running ? 'internal' : 'no' },
    disks,
  };
}
