// snapshot.revert as a plan. Internal snapshots and (libvirt >= 9.9) external
// ones: libvirt's snapshot-revert. External on older libvirt (9.0 refuses:
// "revert to external snapshot not supported yet"): Spindle's own sequence,
// measured in REVERT-NOTES.md: stop, a new overlay on each snapshot base,
// define the disks on them, restore the memory file (its XML edited too: it
// names the base, which must never be written) or start, mark current. The
// overlay being left is kept; the plan names every file kept, created, left
// unused, and the data lost.
import type { RevertSnapshotRequest, SnapshotInfo, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Msg } from '../../../../shared/core/messages.ts';
import { qemuImg, removeFileArgv, virsh, virshArgv } from '../../libvirt/commands.ts';
import { retargetDiskSources } from '../../libvirt/model/domain-disk-sources.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

export interface RevertFacts {
  uri: string;
  /** virsh domstate of the VM: running, paused, shut off, ... */
  domainState: string;
  tree: SnapshotTree;
  /** The file each disk target uses now (the domain's current top). */
  currentSources: Readonly<Record<string, string>>;
  /** Targets with a block job running. */
  blockJobTargets: readonly string[];
  /** Which of the files asked about exist on the host (the bases, the memory file, the names chosen). */
  exists: (file: string) => boolean;
  /** dumpxml --inactive now (what undo defines again). */
  inactiveXml: string;
  /** save-image-dumpxml of the snapshot's memory file, when it has one. */
  saveImageXml?: string;
}

/** What a revert does to files, for the review page (also in plan.result as newline-joined paths). */
export interface RevertFiles {
  created: string[];
  kept: string[];
  leftUnused: string[];
  /** "target: file" of each disk whose changes since the snapshot are no longer used. */
  lost: string[];
}

const isRunning = (s: string): boolean => s === 'running' || s === 'paused';

/** The new overlay's name: beside the base, saying which snapshot it reverts to, free on the host. */
export function revertOverlayPath(base: string, snapshot: string, exists: (f: string) => boolean): string {
  const slash = base.lastIndexOf('/');
  const dir = base.slice(0, slash + 1);
  const stem = base.slice(slash + 1).replace(/\.(qcow2|img|raw)$/, '');
  const safe = snapshot.replace(/[^A-Za-z0-9_.-]/g, '_');
  for (let i = 1; ; i++) {
    const p = `${dir}${stem}.revert-${safe}${i === 1 ? '' : `-${i}`}.qcow2`;
    if (!exists(p)) return p;
  }
}

function step(description: Msg, argv: string[], more: Partial<PlanStep> = {}): PlanStep {
  return { description, argv, ...more };
}

export function planSnapshotRevert(req: RevertSnapshotRequest, f: RevertFacts): Plan & { files: RevertFiles } {
  const dom = req.domain;
  const snap: SnapshotInfo | undefined = f.tree.snapshots.find((s) => s.name === req.name);
  if (!snap) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.revert.unknown', { domain: dom, name: req.name }, 'name');
  const busy = f.blockJobTargets[0];
  if (busy !== undefined) throw SpindleError.of('GUEST_BUSY', 'snapshots.revert.blockJob', { domain: dom, target: busy });
  const title = msg('snapshots.revert.title', { domain: dom, name: snap.name });
  const after = req.after ?? (snap.state === 'paused' ? 'paused' : snap.state === 'shutoff' ? 'shutoff' : 'running');
  const stateFlag = after === 'shutoff' ? undefined : after;

  if (snap.kind === 'internal' || f.tree.capabilities.externalRevert) {
    const key = snap.kind === 'internal' ? 'snapshots.revert.internalStep' : 'snapshots.revert.libvirtStep';
    return {
      title,
      steps: [step(msg(key, { domain: dom, name: snap.name }), virshArgv(f.uri, virsh.snapshotRevert(dom, snap.name, stateFlag)), { destructive: true })],
      warnings: [msg('snapshots.revert.lostMemory', { domain: dom })].filter(() => isRunning(f.domainState)),
      files: { created: [], kept: [], leftUnused: [], lost: [] },
    };
  }

  const ext = snap.disks.filter((d) => d.mode === 'external');
  for (const d of ext) {
    if (!d.base || !f.exists(d.base)) throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.revert.baseMissing', { name: snap.name, target: d.target, file: d.base ?? '?' });
  }
  const useMemory = snap.kind === 'external-memory' && after !== 'shutoff';
  if (useMemory && (!snap.memoryFile || !f.exists(snap.memoryFile))) {
    throw SpindleError.of('INVALID_ARGUMENT', 'snapshots.revert.memoryMissing', { name: snap.name, file: snap.memoryFile ?? '?' });
  }

  const files: RevertFiles = { created: [], kept: [], leftUnused: [], lost: [] };
  const warnings: Msg[] = [];
  const newFiles = new Map<string, string>();
  const steps: PlanStep[] = [];
  if (isRunning(f.domainState)) {
    steps.push(step(msg('snapshots.revert.stopStep', { domain: dom }), virshArgv(f.uri, virsh.destroy(dom)), { destructive: true }));
    warnings.push(msg('snapshots.revert.lostMemory', { domain: dom }));
  }
  const taken = new Set<string>();
  for (const d of ext) {
    const base = d.base!;
    const file = revertOverlayPath(base, snap.name, (p) => taken.has(p) || f.exists(p));
    taken.add(file);
    newFiles.set(d.target, file);
    steps.push(
      step(msg('snapshots.revert.overlayStep', { file, base, target: d.target }), qemuImg.createOverlay(base, d.format ?? 'qcow2', file), {
        undo: step(msg('snapshots.revert.overlayUndo', { file }), removeFileArgv(file)),
        partialNote: msg('snapshots.revert.stopPartial', { domain: dom }),
      }),
    );
    files.created.push(file);
    files.kept.push(base);
    warnings.push(msg('snapshots.revert.created', { file }), msg('snapshots.revert.kept', { file: base }));
    const now = f.currentSources[d.target];
    if (now && now !== base) {
      files.leftUnused.push(now);
      files.lost.push(`${d.target}: ${now}`);
      warnings.push(msg('snapshots.revert.lost', { name: snap.name, target: d.target, file: now }), msg('snapshots.revert.leftUnused', { file: now }));
    }
  }
  steps.push(
    step(msg('snapshots.revert.defineStep', { domain: dom }), virshArgv(f.uri, virsh.define()), {
      stdin: retargetDiskSources(f.inactiveXml, newFiles),
      undo: step(msg('snapshots.revert.defineUndo', { domain: dom }), virshArgv(f.uri, virsh.define()), { stdin: f.inactiveXml }),
    }),
  );
  if (useMemory) {
    if (!f.saveImageXml) throw new Error('saveImageXml is needed to revert a snapshot with memory');
    const state = after as 'running' | 'paused';
    steps.push(
      step(msg('snapshots.revert.restoreStep', { name: snap.name, file: snap.memoryFile!, state: msg(`snapshots.revert.afterState.${state}`) }), virshArgv(f.uri, virsh.restore(snap.memoryFile!, state)), {
        stdin: retargetDiskSources(f.saveImageXml, newFiles),
        partialNote: msg('snapshots.revert.startPartial', { domain: dom }),
      }),
    );
    files.kept.push(snap.memoryFile!);
    warnings.push(msg('snapshots.revert.keptMemory', { file: snap.memoryFile! }));
  } else if (after !== 'shutoff') {
    steps.push(
      step(msg(after === 'paused' ? 'snapshots.revert.startPausedStep' : 'snapshots.revert.startStep', { domain: dom }), virshArgv(f.uri, virsh.start(dom, { paused: after === 'paused' })), {
        partialNote: msg('snapshots.revert.startPartial', { domain: dom }),
      }),
    );
  }
  if (!snap.current) steps.push(step(msg('snapshots.revert.currentStep', { name: snap.name, domain: dom }), virshArgv(f.uri, virsh.snapshotSetCurrent(dom, snap.name))));
  return {
    title,
    steps,
    warnings,
    files,
    result: { created: files.created.join('\n'), kept: files.kept.join('\n'), leftUnused: files.leftUnused.join('\n'), lost: files.lost.join('\n') },
  };
}
