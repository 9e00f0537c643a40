// The tree's rules without a host: order, capabilities, sizes from stat.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english } from '../../../../shared/core/messages.ts';
import { domainSnapshotFacts, internalRefusal, libvirtVersion, parseStatSizes, timeOrder } from './snapshot-tree.ts';

test('parents before children, siblings by time; a child whose parent is gone becomes a root', () => {
  const s = (name: string, parent: string | null, createdAt: number) => ({ name, parent, createdAt });
  const order = timeOrder([s('c', 'a', 3), s('b', null, 2), s('a', null, 1), s('d', 'a', 2), s('orphan', 'lost', 0)]);
  assert.deepEqual(order.map((x) => x.name), ['orphan', 'a', 'd', 'c', 'b']);
});

test('libvirt version from `virsh version`', () => {
  assert.deepEqual(libvirtVersion('Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\n'), [9, 0]);
  assert.equal(libvirtVersion('garbage'), null);
});

const dom = (disks: string, os = '') => `<domain><os>${os}</os><devices>${disks}</devices></domain>`;
const disk = (t: string, fmt: string, device = 'disk') => `<disk type='file' device='${device}'><driver name='qemu' type='${fmt}'/><source file='/x/${t}'/><target dev='${t}'/></disk>`;

test('internal snapshots: refused for a raw disk (unless excluded) and for pflash before libvirt 10.9; cdroms do not count', () => {
  const raw = domainSnapshotFacts(dom(disk('vda', 'qcow2') + disk('vdb', 'raw') + disk('sda', 'raw', 'cdrom')));
  assert.match(english(internalRefusal(raw, [9, 0]) ?? ''), /not qcow2: vdb\)/);
  assert.equal(internalRefusal(raw, [9, 0], new Set(['vdb'])), undefined);
  const uefi = domainSnapshotFacts(dom(disk('vda', 'qcow2'), "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>"));
  assert.match(english(internalRefusal(uefi, [9, 0]) ?? ''), /libvirt 9\.0 cannot/);
  assert.equal(internalRefusal(uefi, [10, 9]), undefined);
});

test('stat sizes: allocated blocks times block size, paths with spaces kept', () => {
  assert.deepEqual([...parseStatSizes('8 512 /a b/x.qcow2\n16 512 /y\n')], [['/a b/x.qcow2', 4096], ['/y', 8192]]);
});
