// Commit (a layer down into its base) and pull (the base up into the top:
// flatten). A running VM: libvirt's blockcommit / blockpull, with progress
// and Cancel through the plan runner's block job support. A shut-off VM:
// qemu-img on the files, then the domain's saved definition pointed at the
// result in one define. No file is ever deleted: the layers that leave the
// chain stay where they are, unused, and the plan says which.
import type { CommitRequest, DiskChain, PullRequest } from '../../../../shared/contract/features/blockjobs.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { retargetFileDisk } from '../../libvirt/model/domain-disk-source.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { diskFile, findDisk, readDiskChain, type ChainSession } from './chain.ts';

/** The chain of the disk, refused when it is a single file or a job already runs on it. */
export async function chainForJob(session: ChainSession, inv: Inventory, domain: string, target: string): Promise<DiskChain> {
  const chain = await readDiskChain(session, inv, domain, target);
  if (chain.job) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.busy', { domain, target, type: chain.job.type }, 'target');
  return chain;
}

function layerIndex(chain: DiskChain, file: string, field: 'base' | 'top'): number {
  const i = chain.layers.findIndex((l) => l.path === file);
  if (i < 0) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.notInChain', { file, field, domain: chain.domain, target: chain.target, layers: chain.layers.map((l) => l.path).join(' <- ') }, field);
  return i;
}

const leftInPlace = (files: string[]): Text => msg('blockjobs.leftInPlace', { files: files.join(', ') });

/** The define step that points the saved definition at `file` (and drops its stale backingStore). */
export async function defineStep(session: ChainSession, domain: string, target: string, file: string, format: string, description: Text, partialNote: Text): Promise<PlanStep> {
  const xml = await session.virsh.exec(virsh.dumpxml(domain, { inactive: true }));
  return { description, argv: virshArgv(session.config.uri, virsh.define()), stdin: retargetFileDisk(xml, target, file, format), partialNote };
}

export async function planCommit(session: ChainSession, inv: Inventory, req: CommitRequest): Promise<Plan> {
  const { dom, disk } = findDisk(inv, req.domain, req.target);
  diskFile(req.domain, disk);
  const chain = await chainForJob(session, inv, req.domain, req.target);
  if (chain.layers.length < 2) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.commit.single', { domain: req.domain, target: req.target, file: chain.layers[0]?.path ?? '' }, 'target');
  const topIdx = req.top !== undefined ? layerIndex(chain, req.top, 'top') : 0;
  const baseIdx = req.base !== undefined ? layerIndex(chain, req.base, 'base') : topIdx + 1;
  if (baseIdx <= topIdx || baseIdx >= chain.layers.length) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.commit.baseAbove', { base: chain.layers[baseIdx]?.path ?? '', top: chain.layers[topIdx]!.path }, 'base');
  const top = chain.layers[topIdx]!;
  const base = chain.layers[baseIdx]!;
  const unused = chain.layers.slice(topIdx, baseIdx).map((l) => l.path);
  const p = { domain: req.domain, target: req.target, top: top.path, base: base.path, unused: unused.join(', ') };
  const title = msg('blockjobs.commit.title', p);
  const warnings = [msg('blockjobs.commit.stopsUsed', p), leftInPlace(unused)];
  const uri = session.config.uri;
  if (isActive(dom.state)) {
    const active = topIdx === 0;
    const step: PlanStep = {
      description: msg(active ? 'blockjobs.commit.stepActive' : 'blockjobs.commit.stepMiddle', p),
      argv: virshArgv(uri, virsh.blockcommit(req.domain, req.target, { active, ...(active ? {} : { top: top.path }), base: base.path })),
      blockJob: { domain: req.domain, target: req.target },
    };
    return { title, steps: [step], warnings };
  }
  if (topIdx !== 0) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.commit.offlineMiddle', p, 'top');
  // -d: the top keeps its data (still a valid image over the base); -b: the layer committed into.
  const commit: PlanStep = { description: msg('blockjobs.commit.stepOffline', p), argv: ['qemu-img', 'commit', '-f', top.format, '-d', '-b', base.path, top.path], destructive: true, interruptible: false };
  const define = await defineStep(session, req.domain, req.target, base.path, base.format, msg('blockjobs.commit.stepDefine', p), msg('blockjobs.commit.partialDefine', p));
  return { title, steps: [commit, define], warnings };
}

export async function planPull(session: ChainSession, inv: Inventory, req: PullRequest): Promise<Plan> {
  const { dom, disk } = findDisk(inv, req.domain, req.target);
  diskFile(req.domain, disk);
  const chain = await chainForJob(session, inv, req.domain, req.target);
  if (chain.layers.length < 2) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.pull.single', { domain: req.domain, target: req.target, file: chain.layers[0]?.path ?? '' }, 'target');
  const baseIdx = req.base !== undefined ? layerIndex(chain, req.base, 'base') : chain.layers.length;
  if (baseIdx === 0) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.pull.baseIsTop', { base: req.base ?? '' }, 'base');
  const top = chain.layers[0]!;
  const base = chain.layers[baseIdx];
  const unused = chain.layers.slice(1, baseIdx).map((l) => l.path);
  const p = { domain: req.domain, target: req.target, top: top.path, base: base?.path ?? '', unused: unused.join(', ') };
  const title = msg(base ? 'blockjobs.pull.titleBase' : 'blockjobs.pull.title', p);
  const warnings = [msg('blockjobs.pull.leaves', p), leftInPlace(unused)];
  const uri = session.config.uri;
  if (isActive(dom.state)) {
    const step: PlanStep = { description: msg(base ? 'blockjobs.pull.stepBase' : 'blockjobs.pull.step', p), argv: virshArgv(uri, virsh.blockpull(req.domain, req.target, base?.path)), blockJob: { domain: req.domain, target: req.target } };
    return { title, steps: [step], warnings };
  }
  // A safe rebase (no -u): qemu-img copies into the top what it stops reading from the layers below.
  const rebase: PlanStep = {
    description: msg(base ? 'blockjobs.pull.stepOfflineBase' : 'blockjobs.pull.stepOffline', p),
    argv: ['qemu-img', 'rebase', '-f', top.format, '-b', base?.path ?? '', ...(base ? ['-F', base.format] : []), top.path],
    destructive: true,
  };
  const define = await defineStep(session, req.domain, req.target, top.path, top.format, msg('blockjobs.pull.stepDefine', p), msg('blockjobs.pull.partialDefine', p));
  return { title, steps: [rebase, define], warnings };
}
