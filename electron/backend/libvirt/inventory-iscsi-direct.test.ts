// An iscsi-direct pool in the inventory, from recorded real output
// (testdata/iscsi-direct): the target's 0-byte controller LUN (tgt's LUN 0)
// is no volume, whether the whole inventory is read or the pool alone after
// an event; the data LUN is, and a running VM's network disk on it is a use
// of that volume.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import { loadInventory, loadPool } from './inventory.ts';
import { listedVolume } from './parse-storage.ts';
import type { BatchOutput, VirshExecutor } from './virsh.ts';

const rec = (f: string) => readFileSync(new URL(`./testdata/iscsi-direct/${f}`, import.meta.url), 'utf8');
const POOL = 'netdisks-rec-iscsid';
const DOMAIN = `<domain type='qemu'><name>vm</name><uuid>00000000-0000-0000-0000-000000000001</uuid><memory unit='KiB'>1024</memory><vcpu>1</vcpu><devices>
  <disk type='network' device='disk'><driver name='qemu' type='raw'/>
    <source protocol='iscsi' name='iqn.2026-12.test.spindle:lun1/1' index='3'><host name='127.0.0.1' port='3260'/><initiator><iqn name='iqn.2026-12.test.spindle:initiator'/></initiator></source>
    <target dev='vdx' bus='virtio'/></disk>
</devices></domain>`;

function recordedVirsh(): VirshExecutor {
  const answers: Record<string, string> = {
    'list --all --name': 'vm\n',
    'list --state-running --name': 'vm\n',
    'list --all --persistent --name': '',
    'pool-list --all --name': `${POOL}\n`,
    'pool-list --name': `${POOL}\n`,
    [`pool-dumpxml --pool ${POOL}`]: rec('pool-dumpxml.xml'),
    [`vol-list --pool ${POOL}`]: rec('vol-list.txt'),
    [`vol-dumpxml --pool ${POOL} --vol unit:0:0:0`]: rec('vol-unit-0-0-0.xml'),
    [`vol-dumpxml --pool ${POOL} --vol unit:0:0:1`]: rec('vol-unit-0-0-1.xml'),
    'dumpxml --domain vm': DOMAIN,
  };
  return {
    uri: 'qemu:///system',
    where: 'local',
    exec: () => Promise.resolve(''),
    batch: (cmds): Promise<BatchOutput> => Promise.resolve({ outputs: cmds.map((c) => answers[c.join(' ')] ?? ''), errors: '' }),
    stream: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
}

test('iscsi-direct: vol-list names the controller LUN, the inventory does not list it (whole inventory and one pool)', async () => {
  assert.match(rec('vol-list.txt'), /unit:0:0:0 {3}ip-127\.0\.0\.1:3260-iscsi-iqn\.2026-12\.test\.spindle:lun1-lun-0/, 'the recording has LUN 0');
  const inv = await loadInventory(recordedVirsh(), 'h');
  const pool = inv.pools.find((p) => p.name === POOL);
  assert.deepEqual(pool?.volumes.map((v) => [v.name, v.capacity]), [['unit:0:0:1', 67108352]]);
  assert.deepEqual(inv.warnings, [], 'hidden, not unreadable');
  const again = await loadPool(recordedVirsh(), POOL);
  assert.deepEqual(again?.volumes.map((v) => v.name), ['unit:0:0:1']);
  // The running VM's network disk on LUN 1 is that volume (what pool stop and delete are refused for).
  const disk = inv.domains[0]?.disks[0];
  assert.ok(disk);
  assert.equal(volumeOfDisk(inv, disk)?.name, 'unit:0:0:1');
});

test('only an iscsi-direct LUN without blocks is hidden: a LUN 0 with data, and empty volumes of other pools, stay', () => {
  assert.equal(listedVolume('iscsi-direct', { capacity: 0 }), false);
  assert.equal(listedVolume('iscsi-direct', { capacity: 512 }), true);
  assert.equal(listedVolume('dir', { capacity: 0 }), true);
  assert.equal(listedVolume('iscsi', { capacity: 0 }), true);
});
