// What `virsh find-storage-pool-sources-as` answers (a <sources> document:
// VGs with their PVs, a server's NFS exports, iSCSI targets, Gluster
// volumes), read into the shape a pool.create request gives its source, so a
// wizard can put a found source into the request as it is.
import type { PoolSource } from '../../../../shared/contract/features/pools.ts';
import { attr, child, childText, children, parseXml } from '../xml.ts';

export function parsePoolSources(xml: string, type: string): PoolSource[] {
  const root = child(parseXml(xml), 'sources');
  if (!root) throw new Error('not a <sources> document');
  const iscsi = type === 'iscsi' || type === 'iscsi-direct';
  return children(root, 'source').map((src): PoolSource => {
    const s: PoolSource = {};
    const hosts = children(src, 'host').map((h) => {
      const port = attr(h, 'port');
      return { name: attr(h, 'name') ?? '', ...(port !== undefined && /^\d+$/.test(port) ? { port: Number(port) } : {}) };
    });
    if (hosts.length) s.hosts = hosts;
    const devices = children(src, 'device').map((d) => attr(d, 'path') ?? '').filter((p) => p !== '');
    // An iSCSI source's <device path> is the target's IQN.
    if (iscsi && devices[0] !== undefined) s.iscsiTarget = devices[0];
    else if (devices.length) s.devices = devices;
    const dir = attr(child(src, 'dir'), 'path');
    if (dir !== undefined) s.dir = dir;
    const adapter = child(src, 'adapter');
    const adapterName = attr(adapter, 'name');
    if (adapterName !== undefined) s.adapter = adapterName;
    const name = childText(src, 'name');
    if (name !== undefined) s.name = name;
    const format = attr(child(src, 'format'), 'type');
    if (format !== undefined) s.format = format;
    const iqn = attr(child(child(src, 'initiator'), 'iqn'), 'name');
    if (iqn !== undefined) s.initiatorIqn = iqn;
    return s;
  });
}
