// `spindle disk attach|detach` on the real test bed: a new volume is
// hot-plugged into the running guest (which sees it), an image in use
// elsewhere is refused naming the other VM, SATA hot-plug is refused, and
// detach --delete-volume deletes exactly that one file, never a backing file.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { cli, guestExec, requireTestbed, tempConfigDir, virsh, waitFor, type Testbed } from './testbed.ts';


function guestBlockDevices(bed: Testbed): string[] {
  return guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).filter(Boolean);
}

test('disk attach/detach through the CLI, with the safety refusals', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  process.env.SPINDLE_CONFIG_DIR = cfg.dir;
  const vol = `cli-attach-${process.pid}.qcow2`;
  let attachedTarget = '';
  try {
    assert.equal((await cli(['hosts', 'add', 'local', '--local'])).code, 0);
    const h = ['--host', 'local'];
    assert.equal((await cli(['volume', 'create', ...h, '--pool', bed.pool, '--name', vol, '--capacity', '24M'])).code, 0);

    // Dry run: the exact command with the disk XML, nothing changes.
    const dry = await cli(['disk', 'attach', ...h, '--vm', bed.runningVm, '--volume', `${bed.pool}/${vol}`, '--cache', 'none', '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    // Both sides as two steps: the saved config first, then the running VM.
    assert.match(dry.out, /'attach-device' '--domain' 'spindle-test-vm' '--file' '\/dev\/stdin' '--config' <<'SPINDLE_EOF'[\s\S]*'attach-device' '--domain' 'spindle-test-vm' '--file' '\/dev\/stdin' '--live' <<'SPINDLE_EOF'/);
    assert.match(dry.out, /<source pool='spindle-test-pool' volume='cli-attach-\d+\.qcow2'\/>/);
    assert.match(dry.out, /<driver name='qemu' type='qcow2' cache='none'\/>/);

    const before = guestBlockDevices(bed);
    const att = await cli(['disk', 'attach', ...h, '--vm', bed.runningVm, '--volume', `${bed.pool}/${vol}`, '--cache', 'none', '--json']);
    assert.equal(att.code, 0, att.err);
    const disks = JSON.parse(att.out).disks as Array<{ target: string; sourceLabel: string }>;
    attachedTarget = disks.find((d) => d.sourceLabel.endsWith(vol))?.target ?? '';
    assert.equal(attachedTarget, 'vdc', 'first free virtio target');
    await waitFor(() => guestBlockDevices(bed).some((d) => /^vd/.test(d) && !before.includes(d)), 10_000, 200);

    // The overlay is the running VM's read-write disk: refused for the other VM, naming it.
    const inUse = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--volume', `${bed.pool}/overlay.qcow2`]);
    assert.equal(inUse.code, 1);
    assert.match(inUse.err, /in use: VM "spindle-test-vm" uses it as vdb \(read-write\)/);
    // base.qcow2 is the overlay's backing file: writing it would corrupt the overlay.
    const backing = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--volume', `${bed.pool}/base.qcow2`]);
    assert.equal(backing.code, 1);
    assert.match(backing.err, /backing file under disk vdb of VM "spindle-test-vm"/);
    // Read-only is allowed (dry run), with a warning that the data may change.
    const ro = await cli(['disk', 'attach', ...h, '--vm', bed.shutoffVm, '--volume', `${bed.pool}/overlay.qcow2`, '--readonly', '--dry-run']);
    assert.equal(ro.code, 0, ro.err);
    assert.match(ro.err, /may see its data change/);
    // SATA cannot be hot-plugged.
    const sata = await cli(['disk', 'attach', ...h, '--vm', bed.runningVm, '--volume', `${bed.pool}/data.raw`, '--bus', 'sata', '--readonly']);
    assert.equal(sata.code, 1);
    assert.match(sata.err, /cannot be hot-plugged/);
    // Detach with delete names exactly the one file it will remove (dry run).
    const delBase = await cli(['disk', 'detach', ...h, '--vm', bed.runningVm, '--target', 'vdb', '--delete-volume', '--dry-run']);
    assert.equal(delBase.code, 0, 'the overlay itself may go');
    assert.match(delBase.err, /deletes exactly one file: .*overlay\.qcow2/);

    // Grow it live: the guest sees the new size at once. Shrinking is refused.
    const newDev = guestBlockDevices(bed).find((d) => /^vd/.test(d) && !before.includes(d)) ?? '';
    const grow = await cli(['disk', 'resize', ...h, '--vm', bed.runningVm, '--target', attachedTarget, '--size', '40M', '--json']);
    assert.equal(grow.code, 0, grow.err);
    assert.match(grow.err, /grown inside the guest/);
    assert.equal((JSON.parse(grow.out).disks as Array<{ target: string; capacity: number }>).find((d) => d.target === attachedTarget)?.capacity, 40 << 20);
    const sectors = (): number => Number(guestExec(bed, '/bin/cat', [`/sys/block/${newDev}/size`]).trim());
    await waitFor(() => sectors() * 512 === 40 << 20, 10_000, 200);
    const shrink = await cli(['disk', 'resize', ...h, '--vm', bed.runningVm, '--target', attachedTarget, '--size', '8M']);
    assert.equal(shrink.code, 1);
    assert.match(shrink.err, /Shrinking .* would cut off the end of the disk/);

    const det = await cli(['disk', 'detach', ...h, '--vm', bed.runningVm, '--target', attachedTarget, '--delete-volume']);
    assert.equal(det.code, 0, det.err);
    attachedTarget = '';
    assert.ok(!existsSync(`${bed.poolPath}/${vol}`), 'the volume file is gone');
    assert.ok(existsSync(`${bed.poolPath}/base.qcow2`) && existsSync(`${bed.poolPath}/overlay.qcow2`), 'nothing else was deleted');
  } finally {
    if (attachedTarget) await cli(['disk', 'detach', '--host', 'local', '--vm', bed.runningVm, '--target', attachedTarget]).catch(() => undefined);
    try {
      virsh(bed, 'vol-delete', '--pool', bed.pool, vol);
    } catch {
      /* already deleted */
    }
    delete process.env.SPINDLE_CONFIG_DIR;
    cfg.cleanup();
  }
});
