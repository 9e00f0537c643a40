// Changes made behind the backend's back (a plain `virsh attach-disk` in a
// terminal) reach the inventory through the event stream, locally and over
// SSH, and a dropped SSH connection recovers by itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import type { LibvirtEvent } from '../../electron/backend/libvirt/events.ts';
import { SshRunner } from '../../electron/backend/transport/ssh-runner.ts';
import type { Domain, HostConfig } from '../../shared/contract/models.ts';
import { hostFingerprint, isolatedKeyStore, localHost, requireTestbed, sshHost, tempConfigDir, virsh, waitFor, type Testbed } from './testbed.ts';

function makeImage(bed: Testbed, name: string): string {
  const file = `${bed.poolPath}/${name}`;
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '8M']);
  return file;
}

async function attachDetachSeen(bed: Testbed, host: HostConfig, target: string): Promise<number> {
  const cfg = tempConfigDir();
  const s = new HostSession(host, { hostKeys: isolatedKeyStore(cfg.dir), secrets: { acceptFingerprint: hostFingerprint(bed) }, debounceMs: 50 });
  const file = makeImage(bed, `event-${target}.qcow2`);
  const seen: LibvirtEvent[] = [];
  let latest: Domain | null = null;
  s.on('libvirt-event', (ev: LibvirtEvent) => seen.push(ev));
  s.on('domain', (name: string, d: Domain | null) => {
    if (name === bed.runningVm) latest = d;
  });
  try {
    await s.reload();
    await s.watch();
    const vm = () => s.getInventory()?.domains.find((d) => d.name === bed.runningVm);
    assert.ok(!vm()?.disks.some((d) => d.target === target), 'disk not there yet');

    const t0 = Date.now();
    virsh(bed, 'attach-disk', bed.runningVm, file, target, '--driver', 'qemu', '--subdriver', 'qcow2', '--live');
    await waitFor(() => vm()?.disks.some((d) => d.target === target), 2000);
    const latency = Date.now() - t0;
    assert.ok(seen.some((e) => e.kind === 'domain' && e.event === 'device-added' && e.name === bed.runningVm), 'device-added event seen');
    assert.ok((latest as Domain | null)?.disks.some((d) => d.target === target), "the 'domain' event carried the new disk");

    virsh(bed, 'detach-disk', bed.runningVm, target, '--live');
    await waitFor(() => !vm()?.disks.some((d) => d.target === target), 10_000);
    return latency;
  } finally {
    await s.close();
    try {
      virsh(bed, 'detach-disk', bed.runningVm, target, '--live');
    } catch {
      /* already gone */
    }
    rmSync(file, { force: true });
    cfg.cleanup();
  }
}

test('a disk attached with plain virsh appears through the local event stream within 2 s', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const ms = await attachDetachSeen(bed, localHost(bed), 'vdx');
  t.diagnostic(`local: attach visible after ${ms} ms`);
});

test('the same over SSH', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const ms = await attachDetachSeen(bed, sshHost(bed), 'vdy');
  t.diagnostic(`ssh: attach visible after ${ms} ms`);
});

test('pool changes arrive as events too', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  const s = new HostSession(localHost(bed), { hostKeys: isolatedKeyStore(cfg.dir), debounceMs: 50 });
  try {
    if (/running/.test(virsh(bed, 'pool-info', bed.inactivePool))) virsh(bed, 'pool-destroy', bed.inactivePool);
    await s.reload();
    await s.watch();
    const pool = () => s.getInventory()?.pools.find((p) => p.name === bed.inactivePool);
    virsh(bed, 'pool-start', bed.inactivePool);
    await waitFor(() => pool()?.active === true, 2000);
    virsh(bed, 'pool-destroy', bed.inactivePool);
    await waitFor(() => pool()?.active === false, 2000);
  } finally {
    await s.close();
    cfg.cleanup();
    try {
      virsh(bed, 'pool-destroy', bed.inactivePool);
    } catch {
      /* inactive already */
    }
  }
});

test('killing the SSH connection mid-session: commands and the event stream recover', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  const s = new HostSession(sshHost(bed), { hostKeys: isolatedKeyStore(cfg.dir), secrets: { acceptFingerprint: hostFingerprint(bed) }, debounceMs: 50 });
  const statuses: string[] = [];
  s.on('status', (st: string) => statuses.push(st));
  const file = makeImage(bed, 'event-reconnect.qcow2');
  try {
    await s.reload();
    await s.watch();
    // Kill the server side of the connection, as a network drop or sshd restart would.
    execFileSync('pkill', ['-KILL', '-f', `^sshd: ${bed.ssh.user}`]);
    await waitFor(() => statuses.includes('reconnecting'), 10_000);
    // Back by itself, with the inventory read again: no call needed.
    await waitFor(() => s.getStatus().status === 'online', 10_000, 50);
    const inv = await s.reload();
    assert.ok(inv.domains.some((d) => d.name === bed.runningVm), 'inventory loads again after the drop');
    assert.ok(s.runner instanceof SshRunner);

    // The event stream came back too: a change made now is still seen.
    await waitFor(() => (s as unknown as { watcher: { running: number } }).watcher.running === 3, 10_000);
    virsh(bed, 'attach-disk', bed.runningVm, file, 'vdw', '--driver', 'qemu', '--subdriver', 'qcow2', '--live');
    const vm = () => s.getInventory()?.domains.find((d) => d.name === bed.runningVm);
    await waitFor(() => vm()?.disks.some((d) => d.target === 'vdw'), 3000);
  } finally {
    await s.close();
    try {
      virsh(bed, 'detach-disk', bed.runningVm, 'vdw', '--live');
    } catch {
      /* not attached */
    }
    rmSync(file, { force: true });
    cfg.cleanup();
  }
});
