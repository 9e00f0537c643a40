// The network disk a volume of an rbd or iscsi-direct pool attaches as: what
// libvirt's own volume translation would write (virStorageTranslateDiskSourcePool),
// built from the pool's XML and the volume's name. libvirt 9.0 refuses
// <disk type='volume'> on rbd pools ("using 'rbd' pools for backing 'volume'
// disks isn't yet supported"), so Spindle writes the network disk for both.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { networkProtocolOfPool } from '../../../../shared/contract/disk-facts.ts';
import type { NetworkDiskSource } from './disk-xml.ts';
import type { PoolSpec } from './pool-xml.ts';

/** iscsi-direct volumes are named unit:BUS:TARGET:LUN (libvirt's virISCSIDirectVolCreate). */
const ISCSI_UNIT = /^unit:\d+:\d+:(\d+)$/;

/**
 * The <source> of a network disk for `volume` of `pool` (its pool-dumpxml
 * parsed by parsePoolSpec): its hosts, the Ceph pool or target IQN, the
 * pool's credentials (the same libvirt secret) and initiator. Null for pool
 * types whose volumes attach as <disk type='volume'>.
 */
export function networkDiskSource(pool: PoolSpec, volume: string): NetworkDiskSource | null {
  const protocol = networkProtocolOfPool(pool.type);
  if (!protocol) return null;
  const src = pool.source ?? {};
  const bad = (what: string) => SpindleError.of('INVALID_ARGUMENT', 'disks.attach.networkPool', { pool: pool.name, volume, what }, 'source');
  const hosts = (src.hosts ?? []).map((h) => ({ name: h.name, ...(h.port !== undefined ? { port: h.port } : {}) }));
  if (!hosts.length) throw bad('<host>');
  let name: string;
  if (protocol === 'rbd') {
    if (!src.name) throw bad('<name>');
    name = `${src.name}/${volume}`;
  } else {
    const iqn = src.devices?.[0]?.path;
    const lun = ISCSI_UNIT.exec(volume)?.[1];
    if (!iqn) throw bad('<device path>');
    if (lun === undefined) throw bad('unit:B:T:LUN');
    name = `${iqn}/${lun}`;
  }
  const n: NetworkDiskSource = { type: 'network', protocol, name, hosts };
  if (src.auth) n.auth = { username: src.auth.username, secretType: protocol === 'rbd' ? 'ceph' : 'iscsi', secret: src.auth.secret };
  if (protocol === 'iscsi' && src.initiatorIqn) n.initiatorIqn = src.initiatorIqn;
  return n;
}
