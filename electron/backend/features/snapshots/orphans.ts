// Overlay files no one uses: qcow2 volumes with a backing file, in the
// host's active pools, that no domain's disk or backing chain (live or saved
// definition), no snapshot of any domain (its overlays, bases and memory
// files) and no other volume's backing chain references. Left behind by
// deleted VMs, reverts (the overlay being left) or chains cut by hand.
import type { OrphanOverlay } from '../../../../shared/contract/features/snapshots.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { virsh } from '../../libvirt/commands.ts';
import { parseSnapshotXml } from '../../libvirt/model/snapshot-xml.ts';
import { parseBackingChain } from '../../libvirt/parse-domain.ts';
import { attr, child, children, parseXml } from '../../libvirt/xml.ts';
import type { SnapshotHost } from './snapshot-tree.ts';

/** Every file a snapshot of any of these domains names (two batches for the whole host). */
export async function snapshotFiles(host: SnapshotHost, domains: readonly string[]): Promise<Set<string>> {
  const files = new Set<string>();
  if (domains.length === 0) return files;
  const lists = (await host.virsh.batch(domains.map((d) => virsh.snapshotList(d)))).outputs;
  const wanted = domains.flatMap((d, i) => (lists[i] ?? '').split('\n').filter((n) => n.trim() !== '').map((n) => ({ d, n })));
  if (wanted.length === 0) return files;
  const xmls = (await host.virsh.batch(wanted.map(({ d, n }) => virsh.snapshotDumpxml(d, n)))).outputs;
  for (const x of xmls) {
    if (!x.trim()) continue;
    const s = parseSnapshotXml(x);
    for (const disk of s.disks) if (disk.sourceFile) files.add(disk.sourceFile);
    for (const disk of s.domainDisks) if (disk.file) files.add(disk.file);
    if (s.memory?.file) files.add(s.memory.file);
  }
  return files;
}

/** The files a domain definition's disks use, directly or as a backing file. */
export function definitionFiles(domainXml: string, into: Set<string>): void {
  for (const disk of children(child(child(parseXml(domainXml), 'domain'), 'devices'), 'disk')) {
    const src = child(disk, 'source');
    for (const f of [attr(src, 'file'), attr(src, 'dev')]) if (f) into.add(f);
    for (const b of parseBackingChain(disk)) if (b.path) into.add(b.path);
  }
}

/** The files the inventory's domains (live and saved definitions: a disk attached for the next boot only counts) and volumes use. */
async function usedFiles(host: SnapshotHost, inv: Inventory): Promise<Set<string>> {
  const used = new Set<string>();
  for (const d of inv.domains) for (const disk of d.disks) {
    if (disk.source.file) used.add(disk.source.file);
    if (disk.source.dev) used.add(disk.source.dev);
    for (const b of disk.backingChain) if (b.path) used.add(b.path);
  }
  const saved = inv.domains.filter((d) => d.persistent);
  if (saved.length > 0) for (const x of (await host.virsh.batch(saved.map((d) => virsh.dumpxml(d.name, { inactive: true })))).outputs) if (x.trim()) definitionFiles(x, used);
  for (const p of inv.pools) for (const v of p.volumes) for (const b of v.backingChain) if (b.path) used.add(b.path);
  return used;
}

export async function readOrphanOverlays(host: SnapshotHost, inv: Inventory): Promise<OrphanOverlay[]> {
  const [used, snapped] = await Promise.all([usedFiles(host, inv), snapshotFiles(host, inv.domains.map((d) => d.name))]);
  for (const f of snapped) used.add(f);
  return inv.pools
    .filter((p) => p.active)
    .flatMap((p) =>
      p.volumes
        .filter((v) => v.format === 'qcow2' && v.backingChain.length > 0 && !used.has(v.path))
        .map((v) => ({ path: v.path, pool: p.name, volume: v.name, backing: v.backingChain[0]?.path ?? null, sizeBytes: v.allocation ?? null })),
    );
}
