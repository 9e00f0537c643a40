// A domain's definition with one disk pointed at another file: what the
// offline commit/pull/move define after qemu-img has reshaped the chain, and
// what a live move writes into the persistent config after its pivot. The
// document is edited as a tree (order kept), never as text: the rest of the
// definition goes back to libvirt as it came.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: false } as const;
const parser = new XMLParser(OPTIONS);
const builder = new XMLBuilder({ ...OPTIONS, suppressEmptyNode: true });

const tagOf = (n: OrderedNode): string | undefined => Object.keys(n).find((k) => k !== ':@');
const kids = (n: OrderedNode): OrderedNode[] => (n[tagOf(n) ?? ''] as OrderedNode[] | undefined) ?? [];

/**
 * `xml` (dumpxml --inactive) with the file disk at `target` reading `file` as
 * `format`, and its <backingStore> dropped (libvirt reads the new file's own
 * chain when the VM starts). Throws when the domain has no file disk there.
 */
export function retargetFileDisk(xml: string, target: string, file: string, format: string): string {
  const doc = parser.parse(xml) as OrderedNode[];
  const domain = doc.find((n) => tagOf(n) === 'domain');
  const devices = domain && kids(domain).find((n) => tagOf(n) === 'devices');
  const disk = devices && kids(devices).find((n) => tagOf(n) === 'disk' && kids(n).some((c) => tagOf(c) === 'target' && c[':@']?.['@dev'] === target));
  if (!disk) throw new RangeError(`the domain has no disk ${target}`);
  if (disk[':@']?.['@type'] !== 'file') throw new RangeError(`disk ${target} is not a file disk`);
  const body = kids(disk);
  const source = body.find((c) => tagOf(c) === 'source');
  const driver = body.find((c) => tagOf(c) === 'driver');
  if (!source) throw new RangeError(`disk ${target} has no source`);
  // Only the file: a <source> child such as <seclabel> stays; index= is live-only.
  const { '@index': _index, ...attrs } = source[':@'] ?? {};
  source[':@'] = { ...attrs, '@file': file };
  if (driver) driver[':@'] = { ...(driver[':@'] ?? {}), '@type': format };
  disk['disk'] = body.filter((c) => tagOf(c) !== 'backingStore');
  return builder.build(doc) as string;
}
