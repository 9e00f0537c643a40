// A VM's snapshot tree, read from the host in few round trips: one virsh batch
// (the names, the current one, the version, the domain's XML, a guest-ping),
// one batch of every snapshot's XML, and one `stat` of every overlay file for
// its size on disk. Capabilities say what this host's libvirt can do for the VM.
import type { SnapshotInfo, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { english, msg } from '../../../../shared/core/messages.ts';
import { virsh } from '../../libvirt/commands.ts';
import { parseSnapshotXml, snapshotKind, type SnapshotXml } from '../../libvirt/model/snapshot-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { attr, child, children, parseXml } from '../../libvirt/xml.ts';
import type { Runner } from '../../transport/runner.ts';

export interface SnapshotHost {
  readonly virsh: VirshExecutor;
  readonly runner: Runner;
  readonly config: { readonly sudo?: boolean };
}

/** libvirt's library version from `virsh version` ("Using library: libvirt 9.0.0"), as [major, minor]. */
export function libvirtVersion(out: string): [number, number] | null {
  const m = /Using library: libvirt (\d+)\.(\d+)/.exec(out);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

const atLeast = (v: [number, number] | null, major: number, minor: number): boolean => !!v && (v[0] > major || (v[0] === major && v[1] >= minor));

/** The snapshot-capable disks of a domain's XML (not cdroms or floppies) with their format, and whether it boots from pflash. */
export function domainSnapshotFacts(domainXml: string): { disks: { target: string; format?: string; file?: string }[]; pflash: boolean } {
  const dom = child(parseXml(domainXml), 'domain');
  const disks = children(child(dom, 'devices'), 'disk').flatMap((d) => {
    const target = attr(child(d, 'target'), 'dev');
    if (target === undefined || (attr(d, 'device') ?? 'disk') !== 'disk') return [];
    const format = attr(child(d, 'driver'), 'type');
    const file = attr(child(d, 'source'), 'file');
    return [{ target, ...(format !== undefined ? { format } : {}), ...(file !== undefined ? { file } : {}) }];
  });
  return { disks, pflash: attr(child(child(dom, 'os'), 'loader'), 'type') === 'pflash' };
}

/** Why internal snapshots are refused for these disks (none excluded here), or undefined when they are possible. */
export function internalRefusal(facts: ReturnType<typeof domainSnapshotFacts>, version: [number, number] | null, excluded: ReadonlySet<string> = new Set()) {
  const notQcow2 = facts.disks.filter((d) => !excluded.has(d.target) && d.format !== 'qcow2').map((d) => d.target);
  if (notQcow2.length > 0) return msg('snapshots.internal.notQcow2', { disks: notQcow2.join(', ') });
  if (facts.pflash && !atLeast(version, 10, 9)) return msg('snapshots.internal.pflash', { version: version ? version.join('.') : '?' });
  return undefined;
}

/** Parents before children; siblings (and roots) by creation time, then name. */
export function timeOrder<T extends { name: string; parent: string | null; createdAt: number }>(items: readonly T[]): T[] {
  const byTime = [...items].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  const names = new Set(items.map((i) => i.name));
  const out: T[] = [];
  const visit = (parent: string | null): void => {
    for (const i of byTime) {
      // A parent that is not in the list (metadata lost) makes its child a root.
      const p = i.parent !== null && names.has(i.parent) ? i.parent : null;
      if (p === parent && !out.includes(i)) {
        out.push(i);
        visit(i.name);
      }
    }
  };
  visit(null);
  return out;
}

/** `stat -c '%b %B %n'` lines: allocated bytes by path. */
export function parseStatSizes(out: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^(\d+) (\d+) (.+)$/.exec(line);
    if (m) sizes.set(m[3] as string, Number(m[1]) * Number(m[2]));
  }
  return sizes;
}

export function snapshotInfo(x: SnapshotXml, current: string | null, sizes: ReadonlyMap<string, number>): SnapshotInfo {
  const base = new Map(x.domainDisks.map((d) => [d.target, d]));
  const disks = x.disks.map((d) => {
    const external = d.snapshot === 'external' || d.snapshot === 'manual';
    return {
      target: d.name,
      mode: d.snapshot === 'manual' ? ('external' as const) : d.snapshot,
      ...(external && d.sourceFile !== undefined ? { overlay: d.sourceFile, sizeBytes: sizes.get(d.sourceFile) ?? null } : {}),
      ...(external && base.get(d.name)?.file !== undefined ? { base: base.get(d.name)?.file as string } : {}),
      ...((d.driverType ?? base.get(d.name)?.format) !== undefined ? { format: (d.driverType ?? base.get(d.name)?.format) as string } : {}),
    };
  });
  const kind = snapshotKind(x);
  const overlaySizes = disks.map((d) => ('sizeBytes' in d ? d.sizeBytes : undefined)).filter((s) => s !== undefined);
  const memFile = x.memory?.snapshot === 'external' ? x.memory.file : undefined;
  const memSize = memFile !== undefined ? sizes.get(memFile) ?? null : 0;
  const total = kind === 'internal' || overlaySizes.some((s) => s === null) || memSize === null ? null : overlaySizes.reduce<number>((a, s) => a + (s ?? 0), memSize);
  return {
    name: x.name,
    description: x.description ?? '',
    parent: x.parent ?? null,
    createdAt: x.creationTime ?? 0,
    state: x.state ?? '',
    kind,
    current: x.name === current,
    disks,
    ...(memFile !== undefined ? { memoryFile: memFile } : {}),
    sizeBytes: total,
  };
}

export async function readSnapshotTree(host: SnapshotHost, domain: string): Promise<SnapshotTree> {
  const first = await host.virsh.batch([
    virsh.snapshotList(domain),
    virsh.snapshotCurrentName(domain),
    virsh.version(),
    virsh.dumpxml(domain),
    virsh.qemuAgentCommand(domain, '{"execute":"guest-ping"}', 2),
  ]);
  const [list = '', currentOut = '', versionOut = '', domainXml = '', ping = ''] = first.outputs;
  if (domainXml.trim() === '') await host.virsh.exec(virsh.dumpxml(domain)); // throws the typed "no such domain"
  const names = list.split('\n').filter((n) => n.trim() !== '');
  const xmls = names.length > 0 ? (await host.virsh.batch(names.map((n) => virsh.snapshotDumpxml(domain, n)))).outputs : [];
  const parsed = xmls.flatMap((x) => (x.trim() ? [parseSnapshotXml(x)] : []));
  const files = parsed.flatMap((p) => [...p.disks.flatMap((d) => (d.snapshot === 'external' && d.sourceFile ? [d.sourceFile] : [])), ...(p.memory?.file ? [p.memory.file] : [])]);
  const sizes = files.length > 0 ? parseStatSizes((await host.runner.run(['stat', '-c', '%b %B %n', '--', ...files], { sudo: host.config.sudo, timeoutMs: 30_000 }).catch(() => ({ stdout: '' }))).stdout) : new Map<string, number>();
  const current = currentOut.trim() || null;
  const version = libvirtVersion(versionOut);
  const refusal = internalRefusal(domainSnapshotFacts(domainXml), version);
  return {
    domain,
    snapshots: timeOrder(parsed.map((p) => snapshotInfo(p, current, sizes))),
    nowAfter: current,
    capabilities: {
      externalRevert: atLeast(version, 9, 9),
      internal: refusal === undefined,
      ...(refusal ? { internalRefusal: english(refusal), internalRefusalMsg: refusal } : {}),
      agent: ping.includes('"return"'),
    },
  };
}
