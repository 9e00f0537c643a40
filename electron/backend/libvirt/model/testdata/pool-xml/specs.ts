// The specs behind the golden pool files (../pool-xml.test.ts builds them; e2e/integration/pool-xml.test.ts defines them in libvirt).
import type { PoolSpec } from '../../pool-xml.ts';

/** One spec per pool type (two where the type has two shapes), as a wizard would give them. */
export const POOL_GOLDEN_SPECS: Record<string, PoolSpec> = {
  dir: { type: 'dir', name: 'images', target: { path: '/var/lib/libvirt/images', permissions: { mode: '0711', owner: '0', group: '0' } } },
  'dir-nocow': { type: 'dir', name: "btrfs & 'co'", cow: false, target: { path: '/srv/btrfs images' } },
  fs: { type: 'fs', name: 'fs-pool', source: { devices: [{ path: '/dev/disk/by-id/usb-Disk 1' }], format: 'ext4' }, target: { path: '/srv/fs-pool' } },
  'netfs-nfs': { type: 'netfs', name: 'nfs', source: { hosts: [{ name: 'nfs.example.com' }], dir: '/exports/vm images', format: 'nfs', protocolVersion: '4' }, target: { path: '/mnt/nfs' } },
  'netfs-cifs': { type: 'netfs', name: 'cifs', source: { hosts: [{ name: 'smb.example.com' }], dir: 'vm share', format: 'cifs' }, target: { path: '/mnt/cifs' } },
  logical: { type: 'logical', name: 'vg0', source: { devices: [{ path: '/dev/sdb1' }, { path: '/dev/sdc1' }], name: 'vg0', format: 'lvm2' }, target: { path: '/dev/vg0' } },
  disk: { type: 'disk', name: 'sdd', source: { devices: [{ path: '/dev/nvme1n1', partSeparator: true }], format: 'gpt' }, target: { path: '/dev' } },
  iscsi: {
    type: 'iscsi',
    name: 'san',
    source: {
      hosts: [{ name: 'iscsi.example.com', port: 3260 }],
      devices: [{ path: 'iqn.2013-06.com.example:iscsi-pool' }],
      initiatorIqn: 'iqn.2013-06.com.example:initiator',
      auth: { type: 'chap', username: 'chap user', secret: { usage: 'libvirtiscsi' } },
    },
    target: { path: '/dev/disk/by-path' },
  },
  'iscsi-direct': {
    type: 'iscsi-direct',
    name: 'san-direct',
    source: { hosts: [{ name: '127.0.0.1' }], devices: [{ path: 'iqn.2024-01.org.spindle:lun0' }], initiatorIqn: 'iqn.2024-01.org.spindle:client', auth: { type: 'chap', username: 'u', secret: { uuid: '10ed4ad4-c7b0-4696-b574-b40e04fea84b' } } },
  },
  'scsi-host': { type: 'scsi', name: 'hba', source: { adapter: { type: 'scsi_host', name: 'host0' } }, target: { path: '/dev/disk/by-path' } },
  'scsi-fc': { type: 'scsi', name: 'fc', source: { adapter: { type: 'fc_host', parent: 'scsi_host5', managed: true, wwnn: '20000000c9831b4b', wwpn: '10000000c9831b4b' } }, target: { path: '/dev/disk/by-path' } },
  mpath: { type: 'mpath', name: 'mpath', target: { path: '/dev/mapper' } },
  rbd: {
    type: 'rbd',
    name: 'ceph',
    source: { hosts: [{ name: 'mon1.example.com', port: 6789 }, { name: 'mon2.example.com' }], name: 'rbd', auth: { type: 'ceph', username: 'libvirt', secret: { uuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87' } } },
  },
  sheepdog: { type: 'sheepdog', name: 'sheep', source: { hosts: [{ name: 'localhost', port: 7000 }], name: 'sheep' } },
  gluster: { type: 'gluster', name: 'gluster', source: { hosts: [{ name: 'gluster.example.com' }], dir: '/vms', name: 'volume1' } },
  zfs: { type: 'zfs', name: 'tank', source: { devices: [{ path: '/dev/sde' }], name: 'tank' }, target: { path: '/dev/zvol/tank' } },
  vstorage: { type: 'vstorage', name: 'vstorage', source: { name: 'cluster1' }, target: { path: '/mnt/vstorage' } },
};
