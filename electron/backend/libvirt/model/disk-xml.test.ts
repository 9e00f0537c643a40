// Disk XML for the option combinations that matter, against golden files
// (testdata/disk-xml/*.xml; UPDATE_GOLDEN=1 rewrites them: review the diff),
// and back: parse(build(x)) is x, build(parse(golden)) is the golden file.
// e2e/integration/disk-attach.test.ts feeds the same files to a real libvirtd.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { renderMsg } from '../../../../shared/core/messages.ts';
import type { Domain } from '../../../../shared/contract/models.ts';
import { conflictingUses } from '../../features/disks/disk-usage.ts';
import { golden } from './testdata/golden.ts';
import { buildDiskXml, canonicalDiskSpec, diskLetters, nextFreeTarget, parseDiskXml, type DiskSpec } from './disk-xml.ts';

export const GOLDEN_SPECS: Record<string, DiskSpec> = {
  'virtio-qcow2-defaults': { source: { type: 'file', path: '/var/lib/libvirt/images/data.qcow2' }, device: 'disk', bus: 'virtio', target: 'vdb', format: 'qcow2', cache: 'default', io: 'default', discard: 'default', detectZeroes: 'default' },
  'virtio-raw-tuned': { source: { type: 'file', path: '/var/lib/libvirt/images/db.img' }, device: 'disk', bus: 'virtio', target: 'vdc', format: 'raw', cache: 'none', io: 'native', discard: 'unmap', detectZeroes: 'unmap', serial: 'DB-01', bootOrder: 2 },
  'scsi-volume-shareable': { source: { type: 'volume', pool: 'shared pool', volume: "quorum & 'lock'.raw" }, device: 'disk', bus: 'scsi', target: 'sda', format: 'raw', cache: 'none', shareable: true },
  'virtio-block-readonly': { source: { type: 'block', dev: '/dev/disk/by-id/ata-Samsung SSD 860' }, device: 'disk', bus: 'virtio', target: 'vdd', format: 'raw', readonly: true, cache: 'directsync', io: 'threads' },
  'sata-block': { source: { type: 'block', dev: '/dev/disk/by-id/ata-Samsung SSD 860' }, device: 'disk', bus: 'sata', target: 'sdb', format: 'raw', cache: 'directsync', io: 'native' },
  'scsi-lun': { source: { type: 'block', dev: '/dev/sdz' }, device: 'lun', bus: 'scsi', target: 'sdc', format: 'raw' },
  'sata-cdrom-iso': { source: { type: 'file', path: '/srv/iso/debian 12 <netinst>.iso' }, device: 'cdrom', bus: 'sata', target: 'sdd', format: 'raw' },
  'sata-cdrom-empty': { source: { type: 'empty' }, device: 'cdrom', bus: 'sata', target: 'sde' },
  'usb-stick': { source: { type: 'file', path: '/var/lib/libvirt/images/stick.img' }, device: 'disk', bus: 'usb', target: 'sdf', format: 'raw', cache: 'writeback' },
  'virtio-io-uring-detect-zeroes': { source: { type: 'file', path: '/images/t.qcow2' }, device: 'disk', bus: 'virtio', target: 'vdaa', format: 'qcow2', io: 'io_uring', detectZeroes: 'on', discard: 'ignore' },
  // An rbd pool's volume (libvirt 9.0 refuses it as <disk type='volume'>): every monitor, the cephx user's secret by usage.
  'network-rbd': {
    source: { type: 'network', protocol: 'rbd', name: "ceph-pool/vm & 'data'", hosts: [{ name: 'mon1.example.com', port: 6789 }, { name: '10.0.0.2' }], auth: { username: 'libvirt', secretType: 'ceph', secret: { usage: 'client.libvirt secret' } } },
    device: 'disk', bus: 'virtio', target: 'vdc', format: 'raw', cache: 'none', discard: 'unmap',
  },
  // An iscsi-direct pool's LUN: QEMU's libiscsi logs in with the pool's initiator IQN and CHAP secret.
  'network-iscsi-chap': {
    source: { type: 'network', protocol: 'iscsi', name: 'iqn.2026-12.example:store/3', hosts: [{ name: '192.0.2.10', port: 3260 }], auth: { username: 'chap-user', secretType: 'iscsi', secret: { uuid: '0b7c3b1e-6a8f-4c0e-9d55-1f2e3d4c5b6a' } }, initiatorIqn: 'iqn.2026-12.example:host1' },
    device: 'disk', bus: 'scsi', target: 'sdg', format: 'raw', serial: 'LUN3',
  },
};

const dir = new URL('./testdata/disk-xml/', import.meta.url).pathname;

test('golden disk XML', () => {
  for (const [name, spec] of Object.entries(GOLDEN_SPECS)) {
    const xml = buildDiskXml(spec);
    assert.equal(xml, golden(dir, name, xml), name);
  }
});

test('round trip: parse(build(x)) is x, build(parse(golden)) is the golden file', () => {
  for (const [name, spec] of Object.entries(GOLDEN_SPECS)) {
    const golden = readFileSync(`${dir}${name}.xml`, 'utf8');
    assert.deepEqual(parseDiskXml(buildDiskXml(spec)), canonicalDiskSpec(spec), name);
    assert.equal(buildDiskXml(parseDiskXml(golden)), golden, name);
    // A canonical spec is its own round trip.
    const c = canonicalDiskSpec(spec);
    assert.deepEqual(parseDiskXml(buildDiskXml(c)), c, name);
  }
  // The encrypted disk of a LUKS volume (not a golden file: the UUID is generated).
  const luks: DiskSpec = { source: { type: 'volume', pool: 'p', volume: 'secret.qcow2' }, device: 'disk', bus: 'virtio', target: 'vdb', format: 'qcow2', encryption: { format: 'luks', secretUuid: '11111111-2222-3333-4444-555555555555' } };
  assert.deepEqual(parseDiskXml(buildDiskXml(luks)), luks);
});

test('parse: a disk as libvirt prints it (dumpxml), its alias, address and backing chain left out', () => {
  const live = `<disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' discard='unmap'/>
      <source file='/var/lib/spindle-testbed/pool/overlay.qcow2' index='2'/>
      <backingStore type='file' index='3'>
        <format type='qcow2'/>
        <source file='/var/lib/spindle-testbed/pool/base.qcow2'/>
        <backingStore/>
      </backingStore>
      <target dev='vdb' bus='virtio'/>
      <serial>S &amp; 1</serial>
      <boot order='2'/>
      <alias name='virtio-disk1'/>
      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>
    </disk>`;
  assert.deepEqual(parseDiskXml(live), {
    source: { type: 'file', path: '/var/lib/spindle-testbed/pool/overlay.qcow2' },
    device: 'disk',
    bus: 'virtio',
    target: 'vdb',
    format: 'qcow2',
    cache: 'none',
    discard: 'unmap',
    serial: 'S & 1',
    bootOrder: 2,
  });
  assert.deepEqual(parseDiskXml("<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='sda' bus='sata'/><readonly/></disk>"), { source: { type: 'empty' }, device: 'cdrom', bus: 'sata', target: 'sda', format: 'raw', readonly: true });
  assert.throws(() => parseDiskXml("<disk type='network' device='disk'><source protocol='nbd' name='p/i'/><target dev='vdc' bus='virtio'/></disk>"), /cannot describe/);
  assert.throws(() => parseDiskXml("<disk type='file' device='floppy'><target dev='fda' bus='fdc'/></disk>"), /cannot describe/);
});

test('parse: network disks as libvirt 9.0 prints them (live dumpxml), <auth> inside <source> or beside it', () => {
  // Recorded from the test bed (pool-rbd.test.ts prints it): an rbd image attached by Spindle's planner; <auth> stays inside <source>.
  const rbd = `<disk type='network' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source protocol='rbd' name='spindle-rbd/spindle-netdisk-rbd-17498-img' index='43'>
        <host name='127.0.0.1' port='6789'/>
        <auth username='spindle'>
          <secret type='ceph' usage='spindle-netdisk-rbd-17498 key'/>
        </auth>
      </source>
      <target dev='vdt' bus='virtio'/>
      <serial>netdisk-rbd-17498</serial>
      <alias name='virtio-disk19'/>
      <address type='pci' domain='0x0000' bus='0x06' slot='0x00' function='0x0'/>
    </disk>`;
  const rbdSpec: DiskSpec = {
    source: { type: 'network', protocol: 'rbd', name: 'spindle-rbd/spindle-netdisk-rbd-17498-img', hosts: [{ name: '127.0.0.1', port: 6789 }], auth: { username: 'spindle', secretType: 'ceph', secret: { usage: 'spindle-netdisk-rbd-17498 key' } } },
    device: 'disk', bus: 'virtio', target: 'vdt', format: 'raw', cache: 'none', serial: 'netdisk-rbd-17498',
  };
  assert.deepEqual(parseDiskXml(rbd), rbdSpec);
  // The older place of <auth>, beside <source> (libvirt before 3.9 and hand-written XML): the same spec.
  const beside = rbd.replace(/\n\s*<auth[\s\S]*?<\/auth>/, '').replace('<source ', `<auth username='spindle'><secret type='ceph' usage='spindle-netdisk-rbd-17498 key'/></auth>\n      <source `);
  assert.doesNotMatch(beside.slice(beside.indexOf('<source')), /<auth/);
  assert.deepEqual(parseDiskXml(beside), rbdSpec);
  // Recorded: an iscsi-direct LUN attached as a network disk (initiator inside <source>).
  const iscsi = `<disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='iscsi' name='iqn.2026-12.test.spindle:lun1/1' index='36'>
        <host name='127.0.0.1' port='3260'/>
        <initiator>
          <iqn name='iqn.2026-12.test.spindle:initiator'/>
        </initiator>
      </source>
      <target dev='vdx' bus='virtio'/>
      <serial>netdisks-probe</serial>
      <alias name='virtio-disk23'/>
    </disk>`;
  assert.deepEqual(parseDiskXml(iscsi), {
    source: { type: 'network', protocol: 'iscsi', name: 'iqn.2026-12.test.spindle:lun1/1', hosts: [{ name: '127.0.0.1', port: 3260 }], initiatorIqn: 'iqn.2026-12.test.spindle:initiator' },
    device: 'disk',
    bus: 'virtio',
    target: 'vdx',
    format: 'raw',
    serial: 'netdisks-probe',
  });
});

test('network sources that reach nothing are refused: no host, a name without its two parts, a bad port', () => {
  const base = GOLDEN_SPECS['network-rbd'] as DiskSpec & { source: Extract<DiskSpec['source'], { type: 'network' }> };
  const bad: Array<[Partial<typeof base.source>, RegExp]> = [
    [{ hosts: [] }, /at least one host/],
    [{ hosts: [{ name: '' }] }, /at least one host/],
    [{ name: 'image-only' }, /not valid/],
    [{ name: 'pool/' }, /not valid/],
    [{ protocol: 'iscsi', name: 'iqn.x:y/lun1' }, /not valid/],
    [{ hosts: [{ name: 'mon', port: 70000 }] }, /not valid/],
    [{ name: 'p/a\nb' }, /control character/],
  ];
  for (const [over, re] of bad) {
    assert.throws(() => buildDiskXml({ ...base, source: { ...base.source, ...over } }), (e: unknown) => e instanceof SpindleError && re.test(e.message) && e.details?.field === 'source', JSON.stringify(over));
  }
  assert.throws(() => buildDiskXml({ ...base, format: undefined }), /format/, 'a network image is never read with a guessed format');
});

test('"default" choices are omitted, never written', () => {
  const xml = buildDiskXml(GOLDEN_SPECS['virtio-qcow2-defaults'] as DiskSpec);
  assert.doesNotMatch(xml, /default/);
  assert.match(xml, /<driver name='qemu' type='qcow2'\/>/);
});

test('invalid combinations are refused with the reason and the fix', () => {
  const base: DiskSpec = { source: { type: 'file', path: '/i/a.qcow2' }, device: 'disk', bus: 'virtio', target: 'vdb', format: 'qcow2' };
  const cases: Array<[Partial<DiskSpec>, RegExp]> = [
    [{ target: 'sdb' }, /does not fit the virtio bus/],
    [{ device: 'lun' }, /block device source on the SCSI bus/],
    [{ device: 'cdrom' }, /CD-ROM cannot sit on the virtio bus/],
    [{ detectZeroes: 'unmap' }, /discard must be "unmap"/],
    [{ io: 'native', cache: 'writeback' }, /page cache bypassed/],
    [{ serial: 'bad/serial' }, /serial/],
    [{ bootOrder: 0 }, /Boot order/],
    [{ readonly: true, shareable: true, format: 'raw' }, /either read-only or shareable/],
    [{ readonly: true, bus: 'sata', target: 'sdb' }, /read-only disk cannot use the sata bus/],
    [{ shareable: true }, /shareable disk must be a raw image/],
    [{ source: { type: 'file', path: 'relative.qcow2' } }, /not absolute/],
    [{ source: { type: 'file', path: '/i/a\nb' } }, /control character/],
    [{ format: undefined }, /format/],
    [{ source: { type: 'empty' } }, /Only a CD-ROM/],
  ];
  for (const [over, re] of cases) {
    assert.throws(
      () => buildDiskXml({ ...base, ...over } as DiskSpec),
      // A message in both languages, naming the request field it is about.
      (e: unknown) =>
        e instanceof SpindleError && e.code === 'INVALID_ARGUMENT' && re.test(e.message) && !!e.hint && !!e.msg && !!e.details?.field && /\p{Script=Han}/u.test(renderMsg(e.msg, 'zh-CN')),
      JSON.stringify(over),
    );
  }
});

test('targets: first free name per bus, sd* shared by SCSI/SATA/USB, past z', () => {
  assert.equal(diskLetters(0), 'a');
  assert.equal(diskLetters(25), 'z');
  assert.equal(diskLetters(26), 'aa');
  assert.equal(diskLetters(701), 'zz');
  assert.equal(diskLetters(702), 'aaa');
  assert.equal(nextFreeTarget('virtio', ['vda', 'vdb', 'sda']), 'vdc');
  assert.equal(nextFreeTarget('sata', ['vda', 'sda']), 'sdb');
  assert.equal(nextFreeTarget('scsi', []), 'sda');
  assert.equal(nextFreeTarget('nvme', ['nvme0n1']), 'nvme0n2');
  assert.equal(nextFreeTarget('virtio', Array.from({ length: 26 }, (_, i) => `vd${diskLetters(i)}`)), 'vdaa');
});

function dom(name: string, disks: Array<Partial<Domain['disks'][number]> & { file: string }>): Domain {
  return {
    name,
    uuid: '',
    state: 'running',
    vcpus: 1,
    memoryKiB: 1,
    autostart: false,
    persistent: true,
    disks: disks.map((d, i) => ({ target: `vd${diskLetters(i)}`, device: 'disk', source: { type: 'file', file: d.file }, sourceLabel: d.file, readonly: false, shareable: false, backingChain: [], ...d })),
  };
}

test('an image in use read-write elsewhere, directly or through a backing chain, is named', () => {
  const domains = [
    dom('web', [{ file: '/p/web.qcow2', backingChain: [{ type: 'file', path: '/p/base.qcow2' }] }]),
    dom('db', [{ file: '/p/db.raw' }, { file: '/p/ro.iso', readonly: true }]),
    dom('cluster', [{ file: '/p/shared.raw', shareable: true }]),
    dom('me', [{ file: '/p/db.raw' }]),
  ];
  assert.deepEqual(conflictingUses(domains, 'me', '/p/db.raw'), [{ domain: 'db', target: 'vda', relation: 'same-image', writes: true }]);
  assert.deepEqual(conflictingUses(domains, 'me', '/p/base.qcow2'), [{ domain: 'web', target: 'vda', relation: 'our-image-is-its-backing-file', writes: false }]);
  assert.deepEqual(conflictingUses(domains, 'me', '/p/overlay2.qcow2', ['/p/web.qcow2']), [{ domain: 'web', target: 'vda', relation: 'its-image-is-in-our-backing-chain', writes: true }]);
  assert.deepEqual(conflictingUses(domains, 'me', '/p/ro.iso'), [{ domain: 'db', target: 'vdb', relation: 'same-image', writes: false }]);
  assert.deepEqual(conflictingUses(domains, 'me', '/p/shared.raw'), [], 'shareable on the other side: a deliberate choice');
  assert.deepEqual(conflictingUses(domains, 'db', '/p/db.raw'), [{ domain: 'me', target: 'vda', relation: 'same-image', writes: true }], 'its own use is skipped, the other one is not');
  assert.deepEqual(conflictingUses(domains, 'me', '/p/new.qcow2'), []);
});
