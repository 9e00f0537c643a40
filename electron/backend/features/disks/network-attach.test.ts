// Attaching volumes of rbd and iscsi-direct pools: the planner writes the
// network disk libvirt 9.0 needs (built from the pool's recorded pool-dumpxml),
// and the disk, once the inventory shows it, counts as a use of that volume
// (pool stop and delete are refused, another read-write attach too).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { english } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { volumeOfDisk } from '../../../../shared/contract/disk-facts.ts';
import type { Disk, Domain, Inventory, Pool } from '../../../../shared/contract/models.ts';
import { parsePoolSpec } from '../../libvirt/model/pool-xml.ts';
import { parseDiskXml } from '../../libvirt/model/disk-xml.ts';
import { needsPoolSpec, planAttachDisk, planDetachDisk } from './disk-attach.ts';

const dumpxml = (f: string) => readFileSync(new URL(`../../libvirt/model/testdata/pool-xml/dumpxml/${f}`, import.meta.url), 'utf8');
const rbdSpec = parsePoolSpec(dumpxml('rbd.xml'));
const iscsiXml = readFileSync(new URL('../../libvirt/testdata/iscsi-direct/pool-dumpxml.xml', import.meta.url), 'utf8');
const iscsiSpec = parsePoolSpec(iscsiXml);

const pool = (name: string, type: string, vols: Array<[string, string, number]>): Pool => ({
  name, uuid: '', type, active: true, autostart: false, capacity: 1, allocation: 1, available: 1,
  volumes: vols.map(([n, path, capacity]) => ({ name: n, pool: name, key: path, path, type: 'network', capacity, allocation: capacity, backingChain: [] })),
});
const LUN1 = 'ip-127.0.0.1:3260-iscsi-iqn.2026-12.test.spindle:lun1-lun-1';
const vm = (name: string, disks: Disk[] = []): Domain => ({ name, uuid: '', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks });
const inv: Inventory = {
  host: 'h', uri: 'qemu:///system', loadedAt: '', durationMs: 0,
  domains: [vm('web'), vm('db')],
  pools: [pool('ceph', 'rbd', [['img', 'rbd/img', 1 << 26]]), pool('netdisks-rec-iscsid', 'iscsi-direct', [['unit:0:0:1', LUN1, 67108352]]), pool('local', 'dir', [])],
};

test('an rbd volume attaches as a network disk: every monitor, the Ceph pool/image name, the pool\'s cephx secret', () => {
  assert.equal(needsPoolSpec(inv, { kind: 'volume', pool: 'ceph', volume: 'img' }), 'ceph');
  assert.equal(needsPoolSpec(inv, { kind: 'new-volume', volume: { pool: 'ceph', name: 'n', capacityBytes: 1 } } as never), 'ceph');
  assert.equal(needsPoolSpec(inv, { kind: 'volume', pool: 'local', volume: 'x' }), null, 'a dir pool attaches <disk type=volume>');
  const p = planAttachDisk(inv, 'qemu:///system', { domain: 'web', source: { kind: 'volume', pool: 'ceph', volume: 'img' }, options: { cache: 'none' } }, { poolSpec: rbdSpec });
  const xml = p.steps[0]?.stdin ?? '';
  assert.equal(
    xml,
    [
      `<disk type='network' device='disk'>`,
      `  <driver name='qemu' type='raw' cache='none'/>`,
      `  <source protocol='rbd' name='rbd/img'>`,
      `    <host name='mon1.example.com' port='6789'/>`,
      `    <host name='mon2.example.com'/>`,
      `    <auth username='libvirt'>`,
      `      <secret type='ceph' uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/>`,
      `    </auth>`,
      `  </source>`,
      `  <target dev='vda' bus='virtio'/>`,
      `</disk>`,
      '',
    ].join('\n'),
  );
  assert.equal(p.steps.length, 2, 'both sides of a running persistent VM');
  assert.equal(english(p.title), 'Attach rbd:rbd/img to web as vda (virtio, both)');
});

test('an iscsi-direct LUN attaches as a network disk: the portal, TARGET_IQN/LUN, the initiator IQN (and CHAP when the pool has it)', () => {
  const p = planAttachDisk(inv, 'u', { domain: 'web', source: { kind: 'volume', pool: 'netdisks-rec-iscsid', volume: 'unit:0:0:1' }, mode: 'live' }, { poolSpec: iscsiSpec });
  assert.deepEqual(parseDiskXml(p.steps[0]?.stdin ?? '').source, {
    type: 'network', protocol: 'iscsi', name: 'iqn.2026-12.test.spindle:lun1/1', hosts: [{ name: '127.0.0.1', port: 3260 }], initiatorIqn: 'iqn.2026-12.test.spindle:initiator',
  });
  const chap = { ...iscsiSpec, source: { ...iscsiSpec.source, auth: { type: 'chap' as const, username: 'u1', secret: { usage: 'tgt-chap' } } } };
  const xml = planAttachDisk(inv, 'u', { domain: 'web', source: { kind: 'volume', pool: 'netdisks-rec-iscsid', volume: 'unit:0:0:1' }, mode: 'live' }, { poolSpec: chap }).steps[0]?.stdin ?? '';
  assert.match(xml, /<auth username='u1'>\n {6}<secret type='iscsi' usage='tgt-chap'\/>/);
});

test('without the pool\'s XML, or with one that reaches nothing, the attach is refused (never a volume disk libvirt refuses)', () => {
  const refused = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof SpindleError && re.test(e.message) && e.details?.field === 'source' && !!e.hint);
  refused(() => planAttachDisk(inv, 'u', { domain: 'web', source: { kind: 'volume', pool: 'ceph', volume: 'img' } }), /network disk .* lacks <pool>/);
  refused(() => planAttachDisk(inv, 'u', { domain: 'web', source: { kind: 'volume', pool: 'ceph', volume: 'img' } }, { poolSpec: { ...rbdSpec, source: { ...rbdSpec.source, hosts: [] } } }), /lacks <host>/);
  const odd = { ...inv, pools: [pool('netdisks-rec-iscsid', 'iscsi-direct', [['lun-one', LUN1, 1]])] };
  refused(() => planAttachDisk(odd, 'u', { domain: 'web', source: { kind: 'volume', pool: 'netdisks-rec-iscsid', volume: 'lun-one' } }, { poolSpec: iscsiSpec }), /lacks unit:B:T:LUN/);
});

test('the attached network disk is that volume: volumeOfDisk, and a second read-write attach elsewhere is refused', () => {
  const rbdDisk: Disk = { target: 'vdc', device: 'disk', source: { type: 'network', protocol: 'rbd', name: 'rbd/img', hosts: [{ name: 'mon1.example.com', port: '6789' }] }, sourceLabel: 'rbd:rbd/img', readonly: false, shareable: false, backingChain: [] };
  const lunDisk: Disk = { ...rbdDisk, target: 'vdd', source: { type: 'network', protocol: 'iscsi', name: 'iqn.2026-12.test.spindle:lun1/1', hosts: [{ name: '127.0.0.1', port: '3260' }] } };
  assert.equal(volumeOfDisk(inv, rbdDisk)?.pool, 'ceph');
  assert.equal(volumeOfDisk(inv, lunDisk)?.name, 'unit:0:0:1');
  // The same IQN/LUN on another portal, or another LUN, is another volume.
  assert.equal(volumeOfDisk(inv, { source: { ...lunDisk.source, hosts: [{ name: '127.0.0.2', port: '3260' }] } }), undefined);
  assert.equal(volumeOfDisk(inv, { source: { ...lunDisk.source, name: 'iqn.2026-12.test.spindle:lun1/2' } }), undefined);
  // Port 3260 is iSCSI's default; a kernel iscsi pool's /dev/disk/by-path entry is the same LUN.
  assert.equal(volumeOfDisk(inv, { source: { ...lunDisk.source, hosts: [{ name: '127.0.0.1' }] } })?.name, 'unit:0:0:1');
  assert.equal(volumeOfDisk([pool('k', 'iscsi', [['unit:0:0:1', `/dev/disk/by-path/${LUN1}`, 1]])], lunDisk)?.pool, 'k');
  assert.equal(volumeOfDisk(inv, { source: { type: 'network', protocol: 'nbd', name: 'rbd/img' } }), undefined);

  const used = { ...inv, domains: [vm('web', [rbdDisk, lunDisk]), vm('db')] };
  assert.throws(() => planAttachDisk(used, 'u', { domain: 'db', source: { kind: 'volume', pool: 'ceph', volume: 'img' } }, { poolSpec: rbdSpec }), /rbd:rbd\/img is in use: VM "web" uses it as vdc/);
  assert.throws(() => planAttachDisk(used, 'u', { domain: 'db', source: { kind: 'volume', pool: 'netdisks-rec-iscsid', volume: 'unit:0:0:1' } }, { poolSpec: iscsiSpec }), /is in use: VM "web" uses it as vdd/);
});

test('detach --delete-volume of an rbd disk deletes that image, and is refused while another VM has it as a network disk', () => {
  const rbdDisk: Disk = { target: 'vdc', bus: 'virtio', device: 'disk', source: { type: 'network', protocol: 'rbd', name: 'rbd/img' }, sourceLabel: 'rbd:rbd/img', readonly: false, shareable: false, backingChain: [] };
  const one = { ...inv, domains: [vm('web', [rbdDisk]), vm('db')] };
  const p = planDetachDisk(one, 'u', { domain: 'web', target: 'vdc', deleteVolume: true });
  assert.deepEqual(p.steps.at(-1)?.argv.slice(3), ['vol-delete', '--pool', 'ceph', '--vol', 'img']);
  const two = { ...inv, domains: [vm('web', [rbdDisk]), vm('db', [{ ...rbdDisk, readonly: true }])] };
  assert.throws(() => planDetachDisk(two, 'u', { domain: 'web', target: 'vdc', deleteVolume: true }), /VM "db" uses it/);
});
