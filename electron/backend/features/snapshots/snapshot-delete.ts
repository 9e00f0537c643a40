// snapshot.delete as a plan. Internal: libvirt. External in the disk's active
// chain: libvirt 9.0 commits the overlay into its base and removes it (it
// leaves the memory file: Spindle removes that when nothing else uses it).
// After a revert moved away from it libvirt refuses ("could not find base disk
// source in disk source chain"): only its record goes, every file is kept.
// Refused: a chain mixing internal and external snapshots (libvirt 9.0 loses
// the internal ones' data, REVERT-NOTES.md), and a commit into a base some
// other domain, snapshot or image still uses.
import type { DeleteSnapshotRequest, SnapshotInfo, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Msg } from '../../../../shared/core/messages.ts';
import { removeFileArgv, virsh, virshArgv } from '../../libvirt/commands.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

export interface DeleteFacts {
  uri: string;
  tree: SnapshotTree;
  /** Each disk target's chain now, top first (the domain's current source, then its backing files). */
  activeChains: Readonly<Record<string, readonly string[]>>;
  /** Users of a file outside this domain's current chains: another domain (live or saved XML), another domain's snapshot, another image's backing. */
  usersOf: (file: string) => string[];
}

/** The snapshot's ancestors and descendants (its line in the tree), itself included. */
function lineOf(tree: SnapshotTree, s: SnapshotInfo): SnapshotInfo[] {
  const by = new Map(tree.snapshots.map((x) => [x.name, x]));
  const up: SnapshotInfo[] = [];
  for (let p: SnapshotInfo | undefined = s; p; p = p.parent ? by.get(p.parent) : undefined) up.push(p);
  const down: SnapshotInfo[] = [];
  const walk = (n: string): void => tree.snapshots.filter((x) => x.parent === n).forEach((c) => (down.push(c), walk(c.name)));
  walk(s.name);
  return [...up, ...down];
}

export function planSnapshotDelete(req: DeleteSnapshotRequest, f: DeleteFacts): Plan & { files: { deleted: string[]; kept: string[]; leftUnused: string[] } } {
  const dom = req.domain;
  const snap = f.tree.snapshots.find((s) => s.name === req.name);
  if (!snap) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.delete.unknown', { domain: dom, name: req.name }, 'name');
  const line = lineOf(f.tree, snap);
  const internal = line.filter((s) => s.kind === 'internal').map((s) => s.name);
  const external = line.filter((s) => s.kind !== 'internal').map((s) => s.name);
  if (internal.length && external.length) {
    throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.delete.mixed', { name: snap.name, internal: internal.join(', '), external: external.join(', ') });
  }
  const title = msg('snapshots.delete.title', { domain: dom, name: snap.name });
  const files = { deleted: [] as string[], kept: [] as string[], leftUnused: [] as string[] };
  const warnings: Msg[] = [];
  const steps: PlanStep[] = [];
  if (snap.kind === 'internal') {
    steps.push({ description: msg('snapshots.delete.internalStep', { domain: dom, name: snap.name }), argv: virshArgv(f.uri, virsh.snapshotDelete(dom, snap.name)), destructive: true });
    return { title, steps, warnings, files };
  }
  const ext = snap.disks.filter((d) => d.mode === 'external' && d.overlay && d.base);
  const inChain = ext.every((d) => {
    const chain = f.activeChains[d.target] ?? [];
    const i = chain.indexOf(d.overlay!);
    return i >= 0 && chain[i + 1] === d.base;
  });
  // Other snapshots of this domain whose frozen data is a file the commit would write.
  const frozenBy = (file: string): string[] => f.tree.snapshots.filter((s) => s.name !== snap.name && s.disks.some((d) => d.base === file && d.overlay !== undefined && !ext.some((e) => e.overlay === d.overlay))).map((s) => `snapshot ${s.name}`);
  if (inChain) {
    for (const d of ext) {
      for (const file of [d.base!, d.overlay!]) {
        const users = [...f.usersOf(file), ...(file === d.base ? frozenBy(file) : [])];
        if (users.length) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.delete.inUse', { name: snap.name, file, user: users.join(', ') });
      }
    }
    const d0 = ext[0];
    steps.push({
      description: msg('snapshots.delete.commitStep', { domain: dom, name: snap.name, overlay: ext.map((d) => d.overlay!).join(', '), base: ext.map((d) => d.base!).join(', ') || (d0?.base ?? '') }),
      argv: virshArgv(f.uri, virsh.snapshotDelete(dom, snap.name)),
      destructive: true,
    });
    for (const d of ext) {
      files.deleted.push(d.overlay!);
      files.kept.push(d.base!);
      warnings.push(msg('snapshots.delete.committed', { overlay: d.overlay!, base: d.base!, target: d.target }), msg('snapshots.delete.deleted', { file: d.overlay! }), msg('snapshots.delete.kept', { file: d.base! }));
    }
  } else {
    steps.push({ description: msg('snapshots.delete.metadataStep', { domain: dom, name: snap.name }), argv: virshArgv(f.uri, virsh.snapshotDelete(dom, snap.name, { metadataOnly: true })) });
    for (const d of ext) {
      files.kept.push(d.base!);
      warnings.push(msg('snapshots.delete.notInChain', { name: snap.name, target: d.target }), msg('snapshots.delete.kept', { file: d.base! }));
      const chain = f.activeChains[d.target] ?? [];
      if (!chain.includes(d.overlay!)) {
        files.leftUnused.push(d.overlay!);
        warnings.push(msg('snapshots.delete.leftUnused', { file: d.overlay!, name: snap.name }));
      }
    }
  }
  const mem = snap.memoryFile;
  if (mem) {
    const users = [...f.usersOf(mem), ...f.tree.snapshots.filter((s) => s.name !== snap.name && s.memoryFile === mem).map((s) => `snapshot ${s.name}`)];
    if (users.length) {
      files.kept.push(mem);
      warnings.push(msg('snapshots.delete.kept', { file: mem }));
    } else {
      steps.push({ description: msg('snapshots.delete.memoryStep', { file: mem, name: snap.name }), argv: removeFileArgv(mem), destructive: true });
      files.deleted.push(mem);
      warnings.push(msg('snapshots.delete.deleted', { file: mem }));
    }
  }
  return { title, steps, warnings, files, result: { deleted: files.deleted.join('\n'), kept: files.kept.join('\n'), leftUnused: files.leftUnused.join('\n') } };
}
