// Disk XML against the real libvirtd and the real guest: every golden file is
// accepted by libvirt (attached to the persistent config of the shut-off test
// VM, then removed), and a new qcow2 overlay is hot-plugged into the running
// guest, which sees it as a block device, then unplugged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDiskXml, nextFreeTarget } from '../../electron/backend/libvirt/model/disk-xml.ts';
import { buildVolumeXml } from '../../electron/backend/libvirt/model/volume-xml.ts';
import { bedTest, configDir, hostSession } from './fixtures.ts';
import { guestExec, isolatedKeyStore, localHost, virsh, waitFor } from './testbed.ts';

const GOLDEN = new URL('../../electron/backend/libvirt/model/testdata/disk-xml/', import.meta.url).pathname;

bedTest('every golden disk XML is accepted by a real libvirtd', async (s) => {
  const { bed } = s;
  const tmp = path.join(os.tmpdir(), `spindle-disk-${process.pid}`);
  execFileSync('mkdir', ['-p', tmp]);
  s.defer(() => rmSync(tmp, { recursive: true, force: true }));
  for (const f of readdirSync(GOLDEN).filter((x) => x.endsWith('.xml'))) {
    // The volume case needs a real pool and volume: point it at the test pool.
    let xml = readFileSync(path.join(GOLDEN, f), 'utf8');
    if (f.startsWith('scsi-volume')) xml = xml.replace(/pool='[^']*' volume='[^']*'/, `pool='${bed.pool}' volume='data.raw'`);
    // Put the disk on a target the VM does not use, so nothing of the test
    // bed is touched (and only what was attached is removed again).
    const bus = (/bus='([^']+)'/.exec(xml)?.[1] ?? 'virtio') as Parameters<typeof nextFreeTarget>[0];
    const used = virsh(bed, 'domblklist', bed.shutoffVm, '--inactive')
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((x) => x && x !== 'Target' && !x.startsWith('-'));
    const target = nextFreeTarget(bus, used);
    xml = xml.replace(/target dev='[^']+'/, `target dev='${target}'`);
    const file = path.join(tmp, f);
    writeFileSync(file, xml);
    let attached = false;
    try {
      virsh(bed, 'attach-device', bed.shutoffVm, file, '--config');
      attached = true;
    } catch (e) {
      const why = String((e as { stderr?: unknown }).stderr ?? e);
      // The test guests have no USB controller (model='none'): libvirt refuses
      // USB disks for that reason and no other. The attach wizard must offer
      // USB only where the domain has a USB bus.
      if (f.startsWith('usb-') && /Domain has no USB bus support/.test(why)) continue;
      // The test guests boot with <os><boot dev='hd'/>; libvirt then refuses a
      // per-disk boot order. The wizard must convert the domain to per-device
      // boot order first (as virt-manager does) before offering it.
      if (/<boot order=/.test(xml) && /per-device boot elements cannot be used together with os\/boot/.test(why)) continue;
      assert.fail(`libvirt refused ${f}: ${why}`);
    } finally {
      if (attached) virsh(bed, 'detach-disk', bed.shutoffVm, target, '--config');
    }
  }
});

bedTest('a new qcow2 overlay hot-plugs into the running guest and unplugs again', async (s) => {
  const { bed } = s;
  const dir = configDir(s);
  const session = hostSession(s, localHost(bed), { hostKeys: isolatedKeyStore(dir) });
  const name = `hotplug ${process.pid}.qcow2`;
  const file = `${bed.poolPath}/${name}`;
  s.defer(() => session.virsh.exec(['vol-delete', '--pool', bed.pool, '--vol', name]).catch(() => undefined));
  let target = '';
  s.defer(() => target && session.virsh.exec(['detach-disk', '--domain', bed.runningVm, '--target', target, '--live']).catch(() => undefined));
  await session.virsh.exec(['vol-create', '--pool', bed.pool, '--file', '/dev/stdin'], {
    stdin: buildVolumeXml({ name, capacityBytes: 48 << 20, format: 'qcow2', backing: { path: `${bed.poolPath}/base.qcow2`, format: 'qcow2' } }),
  });
  const inv = await session.reload();
  const vm = inv.domains.find((d) => d.name === bed.runningVm);
  assert.ok(vm);
  const vol = inv.pools.find((p) => p.name === bed.pool)?.volumes.find((v) => v.name === name);
  assert.equal(vol?.backingChain[0]?.path, `${bed.poolPath}/base.qcow2`, 'created with its backing file');
  target = nextFreeTarget('virtio', vm.disks.map((d) => d.target));
  const before = guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/);
  const xmlFile = path.join(dir, 'disk.xml');
  writeFileSync(xmlFile, buildDiskXml({ source: { type: 'file', path: file }, device: 'disk', bus: 'virtio', target, format: 'qcow2', cache: 'none', discard: 'unmap' }));
  await session.virsh.exec(['attach-device', '--domain', bed.runningVm, '--file', xmlFile, '--live']);
  // virtio disks are named in probe order inside the guest; a new block device appears.
  const seen = await waitFor(() => {
    const now = guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).filter((x) => /^vd/.test(x));
    return now.find((x) => !before.includes(x));
  }, 10_000, 200);
  const size = Number(guestExec(bed, '/bin/cat', [`/sys/block/${seen}/size`]).trim()) * 512;
  assert.equal(size, 48 << 20, `the guest sees /dev/${seen} with the volume's capacity`);
  await session.virsh.exec(['detach-disk', '--domain', bed.runningVm, '--target', target, '--live']);
  await waitFor(() => !guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).includes(seen), 10_000, 200);
  target = '';
});
