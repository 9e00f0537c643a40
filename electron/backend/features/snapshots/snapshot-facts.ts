// What the revert and delete planners need to know about the host, read in a
// few batches: the tree, the domain's saved definition and its disks' chains
// now, running block jobs, which files exist, the memory file's own domain
// XML, and who else uses a file (other domains, live or saved, their
// snapshots, other images' backing chains).
import type { Inventory } from '../../../../shared/contract/models.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { virsh } from '../../libvirt/commands.ts';
import { findDomain } from '../../plan/lookup.ts';
import { definitionFiles, snapshotFiles } from './orphans.ts';
import type { SnapshotSession } from './snapshot-create.ts';
import type { DeleteFacts } from './snapshot-delete.ts';
import { revertOverlayPath, type RevertFacts } from './snapshot-revert.ts';
import { readSnapshotTree } from './snapshot-tree.ts';

/** Which of these paths exist on the host (one `ls -d`; a missing one only makes ls exit 2). */
export async function existingFiles(s: SnapshotSession, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const r = await s.runner.run(['ls', '-d', '--', ...paths], { sudo: s.config.sudo, timeoutMs: 30_000 });
  return new Set(r.stdout.split('\n').filter((l) => paths.includes(l)));
}

/** Each disk's chain now, top first, from the inventory (the source, then libvirt's backing chain). */
function activeChains(inv: Inventory, domain: string): Record<string, string[]> {
  const dom = findDomain(inv, domain);
  return Object.fromEntries(dom.disks.map((d) => [d.target, [...(d.source.file ? [d.source.file] : []), ...d.backingChain.flatMap((b) => (b.path ? [b.path] : []))]]));
}

export async function readRevertFacts(s: SnapshotSession, inv: Inventory, domain: string, name: string): Promise<RevertFacts> {
  const dom = findDomain(inv, domain);
  const tree = await readSnapshotTree(s, dom.name);
  const snap = tree.snapshots.find((x) => x.name === name);
  const targets = dom.disks.map((d) => d.target);
  const running = isActive(dom.state);
  const { outputs } = await s.virsh.batch([
    virsh.dumpxml(dom.name, { inactive: true }),
    ...(snap?.memoryFile ? [virsh.saveImageDumpxml(snap.memoryFile)] : []),
    ...(running ? targets.map((t) => virsh.blockjobInfo(dom.name, t)) : []),
  ]);
  const [inactiveXml = '', ...rest] = outputs;
  const saveImageXml = snap?.memoryFile ? rest.shift() : undefined;
  const blockJobTargets = running ? targets.filter((_, i) => (rest[i] ?? '').includes('type=')) : [];
  // The files asked about: bases, the memory file, and the first few names a new overlay could take.
  const candidates = (snap?.disks ?? []).flatMap((d) => {
    if (!d.base) return [];
    const asked: string[] = [];
    revertOverlayPath(d.base, name, (p) => (asked.push(p), asked.length < 8));
    return [d.base, ...asked];
  });
  const exists = await existingFiles(s, [...candidates, ...(snap?.memoryFile ? [snap.memoryFile] : [])]);
  return {
    uri: s.config.uri,
    domainState: dom.state,
    tree,
    currentSources: Object.fromEntries(dom.disks.flatMap((d) => (d.source.file ? [[d.target, d.source.file]] : []))),
    blockJobTargets,
    exists: (f) => exists.has(f),
    inactiveXml,
    ...(saveImageXml?.trim() ? { saveImageXml } : {}),
  };
}

export async function readDeleteFacts(s: SnapshotSession, inv: Inventory, domain: string): Promise<DeleteFacts> {
  const dom = findDomain(inv, domain);
  const others = inv.domains.filter((d) => d.name !== dom.name);
  const [tree, otherSnaps, saved] = await Promise.all([
    readSnapshotTree(s, dom.name),
    snapshotFiles(s, others.map((d) => d.name)),
    others.some((d) => d.persistent) ? s.virsh.batch(others.filter((d) => d.persistent).map((d) => virsh.dumpxml(d.name, { inactive: true }))) : Promise.resolve({ outputs: [] as string[] }),
  ]);
  const chains = activeChains(inv, dom.name);
  const own = new Set(Object.values(chains).flat());
  const byOthers = new Map<string, string>();
  for (const d of others) {
    const files = new Set<string>();
    for (const disk of d.disks) for (const f of [disk.source.file, ...disk.backingChain.map((b) => b.path)]) if (f) files.add(f);
    for (const f of files) byOthers.set(f, `VM ${d.name}`);
  }
  const savedOthers = others.filter((d) => d.persistent);
  saved.outputs.forEach((x, i) => {
    if (!x.trim()) return;
    const files = new Set<string>();
    definitionFiles(x, files);
    for (const f of files) if (!byOthers.has(f)) byOthers.set(f, `VM ${savedOthers[i]?.name ?? '?'}`);
  });
  return {
    uri: s.config.uri,
    tree,
    activeChains: chains,
    usersOf: (file) => {
      const users: string[] = [];
      const other = byOthers.get(file);
      if (other) users.push(other);
      if (otherSnaps.has(file)) users.push('a snapshot of another VM');
      // An image outside this VM's chains backed by the file (an overlay left by a revert, another VM's disk).
      for (const p of inv.pools) for (const v of p.volumes) if (!own.has(v.path) && v.path !== file && v.backingChain.some((b) => b.path === file)) users.push(`image ${v.path}`);
      return users;
    },
  };
}
