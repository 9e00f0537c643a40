// `virsh pool-capabilities`: which pool types this libvirtd can run (a type
// whose driver package is missing says supported='no'), and the source and
// volume formats each one knows. Golden file: testdata/pool-capabilities
// (libvirt 9.0 on Debian 12, recorded on this machine).
import { attr, child, children, parseXml, text, type XmlNode } from '../xml.ts';

export interface PoolTypeCapability {
  type: string;
  supported: boolean;
  /** poolOptions: the source formats (fs: ext4, ...; disk: gpt, ...) and the default. */
  sourceFormats?: { default?: string; values: string[] };
  /** volOptions: the formats vol-create makes, and the default; absent: volumes cannot be created. */
  volumeFormats?: { default?: string; values: string[] };
}

function options(node: XmlNode | undefined, enumName: string): { default?: string; values: string[] } | undefined {
  if (!node) return undefined;
  const def = attr(child(node, 'defaultFormat'), 'type');
  const en = children(node, 'enum').find((e) => attr(e, 'name') === enumName);
  const values = children(en, 'value')
    .map((v) => text(v) ?? '')
    .filter(Boolean);
  return { ...(def !== undefined ? { default: def } : {}), values };
}

/** Every <pool> of a <storagepoolCapabilities> document, in libvirt's order. */
export function parsePoolCapabilities(xml: string): PoolTypeCapability[] {
  const root = child(parseXml(xml), 'storagepoolCapabilities');
  if (!root) throw new Error('not a <storagepoolCapabilities> document');
  return children(root, 'pool').map((p): PoolTypeCapability => {
    const source = options(child(p, 'poolOptions'), 'sourceFormatType');
    const volume = options(child(p, 'volOptions'), 'targetFormatType');
    return {
      type: attr(p, 'type') ?? '',
      supported: attr(p, 'supported') === 'yes',
      ...(source ? { sourceFormats: source } : {}),
      ...(volume ? { volumeFormats: volume } : {}),
    };
  });
}
