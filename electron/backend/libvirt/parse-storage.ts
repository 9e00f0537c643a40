// Pool XML (pool-dumpxml) and volume XML (vol-dumpxml) -> Pool and Volume.
import type { BackingStore, Pool, Volume } from '../../../shared/contract/models.ts';
import { toBytes } from '../../../shared/core/units.ts';
import { attr, child, childText, children, parseXml, type XmlNode } from './xml.ts';

function bytes(node: XmlNode | undefined): number {
  const t = node?.['#text'];
  if (t === undefined) return 0;
  return toBytes(String(t), attr(node, 'unit') ?? 'bytes');
}

export interface PoolFacts {
  active: boolean;
  autostart: boolean;
}

export function parsePoolXml(xml: string, facts: PoolFacts): Pool {
  const root = child(parseXml(xml), 'pool');
  if (!root) throw new Error('not a <pool> document');
  const pool: Pool = {
    name: childText(root, 'name') ?? '',
    uuid: childText(root, 'uuid') ?? '',
    type: attr(root, 'type') ?? 'unknown',
    active: facts.active,
    autostart: facts.autostart,
    capacity: bytes(child(root, 'capacity')),
    allocation: bytes(child(root, 'allocation')),
    available: bytes(child(root, 'available')),
    volumes: [],
  };
  const path = childText(child(root, 'target'), 'path');
  if (path !== undefined) pool.targetPath = path;
  const desc = describePoolSource(child(root, 'source'));
  if (desc) pool.sourceDescription = desc;
  return pool;
}

/** A one-line summary of where a pool's storage comes from (NFS export, VG, RBD pool...). */
function describePoolSource(src: XmlNode | undefined): string | undefined {
  if (!src) return undefined;
  const hosts = children(src, 'host').map((h) => attr(h, 'name')).filter(Boolean);
  const dir = attr(child(src, 'dir'), 'path');
  const devices = children(src, 'device').map((d) => attr(d, 'path')).filter(Boolean);
  const name = childText(src, 'name');
  const parts: string[] = [];
  if (hosts.length) parts.push(hosts.join(','));
  if (dir) parts.push(hosts.length ? `:${dir}` : dir);
  if (name) parts.push(parts.length ? ` ${name}` : name);
  if (devices.length) parts.push((parts.length ? ' ' : '') + devices.join(','));
  const s = parts.join('');
  return s || undefined;
}

/**
 * Drops what the Volume model does not read (owners, modes, timestamps: half
 * of a file volume's XML) before parsing; a whole inventory parses 300 of
 * these. Element names cannot appear in text (a "<" there is escaped).
 */
export function slimVolumeXml(xml: string): string {
  return xml.replace(/<(permissions|timestamps)>[\s\S]*?<\/\1>/g, '');
}

export function parseVolumeXml(xml: string, pool: string): Volume {
  const root = child(parseXml(slimVolumeXml(xml)), 'volume');
  if (!root) throw new Error('not a <volume> document');
  const target = child(root, 'target');
  const vol: Volume = {
    name: childText(root, 'name') ?? '',
    pool,
    key: childText(root, 'key') ?? '',
    path: childText(target, 'path') ?? '',
    capacity: bytes(child(root, 'capacity')),
    allocation: bytes(child(root, 'allocation')),
    backingChain: [],
  };
  const t = attr(root, 'type');
  if (t) vol.type = t;
  const fmt = attr(child(target, 'format'), 'type');
  if (fmt) vol.format = fmt;
  const phys = child(root, 'physical');
  if (phys) vol.physical = bytes(phys);
  const enc = child(target, 'encryption');
  if (enc) {
    const secret = attr(child(enc, 'secret'), 'uuid');
    vol.encryption = { format: attr(enc, 'format') ?? 'luks', ...(secret ? { secretUuid: secret } : {}) };
  }
  const bs = child(root, 'backingStore');
  const bpath = childText(bs, 'path');
  if (bpath) {
    const b: BackingStore = { type: 'file', path: bpath };
    const bfmt = attr(child(bs, 'format'), 'type');
    if (bfmt) b.format = bfmt;
    vol.backingChain.push(b);
  }
  return vol;
}

/**
 * Whether the inventory lists a volume of a pool of this type. An
 * iscsi-direct pool lists every LUN of its target, the target's 0-byte
 * controller too (tgt's LUN 0, `unit:0:0:0`): it can be neither attached nor
 * deleted, so it is no volume to offer. A LUN 0 with blocks (LIO's) stays.
 */
export function listedVolume(poolType: string | undefined, vol: Pick<Volume, 'capacity'>): boolean {
  return !(poolType === 'iscsi-direct' && vol.capacity === 0);
}

/**
 * vol-dumpxml names only the immediate backing file; follow it through the
 * other volumes we know to get the whole chain.
 */
export function resolveBackingChains(volumes: Volume[]): void {
  const byPath = new Map(volumes.map((v) => [v.path, v]));
  for (const v of volumes) {
    const seen = new Set([v.path]);
    let next = v.backingChain[v.backingChain.length - 1]?.path;
    while (next && !seen.has(next)) {
      seen.add(next);
      const parent = byPath.get(next);
      const grand = parent?.backingChain[0];
      if (!grand?.path) break;
      v.backingChain.push({ ...grand });
      next = grand.path;
    }
  }
}
