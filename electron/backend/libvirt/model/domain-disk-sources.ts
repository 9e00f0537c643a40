// A domain XML (inactive definition, or a save image's embedded XML) with some
// file disks pointed at new files: what a snapshot revert defines and restores,
// and what the block jobs define after qemu-img reshaped a chain or a move.
// Edited as a tree that keeps every other element, attribute and order as
// libvirt wrote it; each retargeted disk's <backingStore> is dropped, so libvirt
// reads the new file's chain instead of keeping the old one's description
// (measured: after a snapshot the inactive XML carries the old chain).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

type OrderedNode = Record<string, unknown>;
const opts = { ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: false } as const;
const parser = new XMLParser(opts);
const builder = new XMLBuilder({ ...opts, suppressEmptyNode: true, format: false });

function nameOf(n: OrderedNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}
function attrsOf(n: OrderedNode): Record<string, string> {
  return ((n[':@'] as Record<string, string> | undefined) ?? {});
}
function kids(n: OrderedNode): OrderedNode[] {
  const k = nameOf(n);
  return k && Array.isArray(n[k]) ? (n[k] as OrderedNode[]) : [];
}

/** The domain XML with each disk whose target is a key of `files` on that file (in its format, qcow2 by default); throws when a target is not a file disk of it. */
export function retargetDiskSources(domainXml: string, files: ReadonlyMap<string, string | { file: string; format: string }>): string {
  const doc = parser.parse(domainXml) as OrderedNode[];
  const domain = doc.find((n) => nameOf(n) === 'domain');
  const devices = domain ? kids(domain).find((n) => nameOf(n) === 'devices') : undefined;
  if (!devices) throw new Error('not a domain XML (no <devices>)');
  const done = new Set<string>();
  for (const disk of kids(devices)) {
    if (nameOf(disk) !== 'disk') continue;
    const body = kids(disk);
    const target = body.find((n) => nameOf(n) === 'target');
    const dev = target ? attrsOf(target)['@dev'] : undefined;
    if (!dev || !files.has(dev)) continue;
    if (attrsOf(disk)['@type'] !== 'file') throw new Error(`disk ${dev} is not a file disk`);
    const source = body.find((n) => nameOf(n) === 'source');
    if (!source) throw new Error(`disk ${dev} has no source`);
    // Only the file: libvirt's runtime attributes (index) would name a node the new chain does not have.
    const to = files.get(dev)!;
    const { file, format } = typeof to === 'string' ? { file: to, format: 'qcow2' } : to;
    source[':@'] = { ...Object.fromEntries(Object.entries(attrsOf(source)).filter(([k]) => k !== '@index')), '@file': file };
    const driver = body.find((n) => nameOf(n) === 'driver');
    if (driver) driver[':@'] = { ...attrsOf(driver), '@type': format };
    disk.disk = body.filter((n) => nameOf(n) !== 'backingStore');
    done.add(dev);
  }
  const missing = [...files.keys()].filter((t) => !done.has(t));
  if (missing.length) throw new Error(`no file disk with target ${missing.join(', ')}`);
  return builder.build(doc) as string;
}
