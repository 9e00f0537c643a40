// <domainsnapshot> XML both ways: what libvirt prints for snapshot-dumpxml
// (golden files captured from libvirt 9.0 in testdata/snapshot-xml), and what
// Spindle writes for snapshot-create (a new snapshot) and --redefine (a new
// description). The saved <domain>, <inactiveDomain> and <cookie> are kept as
// the text libvirt printed: a redefine must give libvirt back exactly what it
// saved, and only the saved domain's disks are read from it (the `base` of an
// external disk: the file the disk used when the snapshot was taken).
import { attr, child, childText, children, parseXml, xmlEscape, type XmlNode } from '../xml.ts';

export const SNAPSHOT_MODES = ['no', 'internal', 'external', 'manual'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

export interface SnapshotXmlDisk {
  /** The disk's target (vda). */
  name: string;
  snapshot: SnapshotMode;
  /** external: the overlay's storage type (file). */
  type?: string;
  /** external: the overlay's format (qcow2). */
  driverType?: string;
  /** external: the overlay file libvirt created (or will create). */
  sourceFile?: string;
}

/** One disk of the saved domain: where it pointed when the snapshot was taken. */
export interface SavedDomainDisk {
  target: string;
  file?: string;
  format?: string;
}

export interface SnapshotXml {
  name: string;
  description?: string;
  state?: string;
  /** Seconds since the epoch. */
  creationTime?: number;
  parent?: string;
  memory?: { snapshot: 'no' | 'internal' | 'external'; file?: string };
  disks: SnapshotXmlDisk[];
  /** The saved <domain> element's text as libvirt printed it (absent in a create request). */
  domainXml?: string;
  /** The saved <inactiveDomain> (libvirt >= 8.x keeps it for a running VM's snapshot). */
  inactiveDomainXml?: string;
  cookieXml?: string;
  /** Read from domainXml: each disk's source and format at snapshot time. */
  domainDisks: SavedDomainDisk[];
}

const isMode = (s: string | undefined): s is SnapshotMode => (SNAPSHOT_MODES as readonly string[]).includes(s ?? '');

/** The text of a top-level element `<tag ...>...</tag>` of the snapshot, as printed (indentation kept). */
function rawElement(xml: string, tag: string): string | undefined {
  const start = xml.search(new RegExp(`<${tag}[ >]`));
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${tag}>`, start);
  if (end < 0) return undefined;
  return xml.slice(start, end + tag.length + 3);
}

/** The disks of a <domain> element: target, source file and driver type. */
export function savedDomainDisks(domain: XmlNode | undefined): SavedDomainDisk[] {
  return children(child(domain, 'devices'), 'disk').flatMap((d) => {
    const target = attr(child(d, 'target'), 'dev');
    if (target === undefined) return [];
    const file = attr(child(d, 'source'), 'file') ?? attr(child(d, 'source'), 'dev');
    const format = attr(child(d, 'driver'), 'type');
    return [{ target, ...(file !== undefined ? { file } : {}), ...(format !== undefined ? { format } : {}) }];
  });
}

export function parseSnapshotXml(xml: string): SnapshotXml {
  const root = child(parseXml(xml), 'domainsnapshot');
  if (!root) throw new Error('not a <domainsnapshot> document');
  const out: SnapshotXml = { name: childText(root, 'name') ?? '', disks: [], domainDisks: [] };
  const description = childText(root, 'description');
  if (description !== undefined) out.description = description;
  const state = childText(root, 'state');
  if (state !== undefined) out.state = state;
  const ct = childText(root, 'creationTime');
  if (ct !== undefined && /^\d+$/.test(ct)) out.creationTime = Number(ct);
  const parent = childText(child(root, 'parent'), 'name');
  if (parent !== undefined) out.parent = parent;
  const mem = child(root, 'memory');
  const memMode = attr(mem, 'snapshot');
  if (memMode === 'no' || memMode === 'internal' || memMode === 'external') {
    const file = attr(mem, 'file');
    out.memory = { snapshot: memMode, ...(file !== undefined ? { file } : {}) };
  }
  for (const d of children(child(root, 'disks'), 'disk')) {
    const name = attr(d, 'name');
    const mode = attr(d, 'snapshot');
    if (name === undefined) continue;
    const disk: SnapshotXmlDisk = { name, snapshot: isMode(mode) ? mode : 'external' };
    const type = attr(d, 'type');
    if (type !== undefined) disk.type = type;
    const driverType = attr(child(d, 'driver'), 'type');
    if (driverType !== undefined) disk.driverType = driverType;
    const src = attr(child(d, 'source'), 'file') ?? attr(child(d, 'source'), 'dev');
    if (src !== undefined) disk.sourceFile = src;
    out.disks.push(disk);
  }
  const domainXml = rawElement(xml, 'domain');
  if (domainXml !== undefined) {
    out.domainXml = domainXml;
    out.domainDisks = savedDomainDisks(child(root, 'domain'));
  }
  const inactive = rawElement(xml, 'inactiveDomain');
  if (inactive !== undefined) out.inactiveDomainXml = inactive;
  const cookie = rawElement(xml, 'cookie');
  if (cookie !== undefined) out.cookieXml = cookie;
  return out;
}

function diskXml(d: SnapshotXmlDisk): string[] {
  const attrs = [`name='${xmlEscape(d.name)}'`, `snapshot='${d.snapshot}'`, ...(d.type !== undefined ? [`type='${xmlEscape(d.type)}'`] : [])];
  const inner = [...(d.driverType !== undefined ? [`      <driver type='${xmlEscape(d.driverType)}'/>`] : []), ...(d.sourceFile !== undefined ? [`      <source file='${xmlEscape(d.sourceFile)}'/>`] : [])];
  if (inner.length === 0) return [`    <disk ${attrs.join(' ')}/>`];
  return [`    <disk ${attrs.join(' ')}>`, ...inner, '    </disk>'];
}

/** The XML libvirt reads (snapshot-create, --redefine), in the order and layout libvirt prints it. */
export function buildSnapshotXml(s: Omit<SnapshotXml, 'domainDisks'> & { domainDisks?: SavedDomainDisk[] }): string {
  const lines = ['<domainsnapshot>', `  <name>${xmlEscape(s.name)}</name>`];
  if (s.description !== undefined) lines.push(`  <description>${xmlEscape(s.description)}</description>`);
  if (s.state !== undefined) lines.push(`  <state>${xmlEscape(s.state)}</state>`);
  if (s.parent !== undefined) lines.push('  <parent>', `    <name>${xmlEscape(s.parent)}</name>`, '  </parent>');
  if (s.creationTime !== undefined) lines.push(`  <creationTime>${s.creationTime}</creationTime>`);
  if (s.memory) lines.push(`  <memory snapshot='${s.memory.snapshot}'${s.memory.file !== undefined ? ` file='${xmlEscape(s.memory.file)}'` : ''}/>`);
  if (s.disks.length > 0) lines.push('  <disks>', ...s.disks.flatMap(diskXml), '  </disks>');
  // Saved elements go back verbatim: libvirt wrote them, libvirt reads them.
  for (const raw of [s.domainXml, s.inactiveDomainXml, s.cookieXml]) if (raw !== undefined) lines.push(`  ${raw}`);
  lines.push('</domainsnapshot>');
  return `${lines.join('\n')}\n`;
}

/** The snapshot's kind as the contract names it. */
export function snapshotKind(s: Pick<SnapshotXml, 'memory' | 'disks' | 'state'>): 'internal' | 'external-disk' | 'external-memory' {
  if (s.memory?.snapshot === 'external') return 'external-memory';
  if (s.memory?.snapshot === 'internal') return 'internal';
  const external = s.disks.some((d) => d.snapshot === 'external');
  if (external) return 'external-disk';
  return 'internal';
}
