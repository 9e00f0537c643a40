// Changes made behind the backend's back (a plain `virsh attach-disk` in a
// terminal) reach the inventory through the event stream, locally and over
// SSH, and a dropped SSH connection recovers by itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { LibvirtEvent } from '../../electron/backend/libvirt/events.ts';
import { SshRunner } from '../../electron/backend/transport/ssh-runner.ts';
import type { Domain, HostConfig } from '../../shared/contract/models.ts';
import { bedTest, hostSession, tryVirsh, type Scope } from './fixtures.ts';
import { localHost, sshHost, virsh, waitFor } from './testbed.ts';

/** A fresh 8 MiB qcow2 image in the test pool's folder, removed at the end. */
function scratchImage(s: Scope, name: string): string {
  const file = `${s.bed.poolPath}/${name}`;
  s.defer(() => rmSync(file, { force: true }));
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '8M']);
  return file;
}

/** A session to `host` (50 ms debounce) with its inventory read and its event stream watched. */
async function watchedSession(s: Scope, host: HostConfig) {
  const session = hostSession(s, host, { debounceMs: 50 });
  await session.reload();
  await session.watch();
  return session;
}

async function attachDetachSeen(s: Scope, host: HostConfig, target: string): Promise<number> {
  const { bed } = s;
  const file = scratchImage(s, `event-${target}.qcow2`);
  const session = await watchedSession(s, host);
  s.defer(() => tryVirsh(bed, 'detach-disk', bed.runningVm, target, '--live'));
  const seen: LibvirtEvent[] = [];
  let latest: Domain | null = null;
  session.on('libvirt-event', (ev: LibvirtEvent) => seen.push(ev));
  session.on('domain', (name: string, d: Domain | null) => {
    if (name === bed.runningVm) latest = d;
  });
  const vm = () => session.getInventory()?.domains.find((d) => d.name === bed.runningVm);
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
}

for (const [name, host, target] of [
  ['a disk attached with plain virsh appears through the local event stream within 2 s', 'local', 'vdx'],
  ['the same over SSH', 'ssh', 'vdy'],
] as const) {
  bedTest(name, async (s) => {
    const ms = await attachDetachSeen(s, host === 'local' ? localHost(s.bed) : sshHost(s.bed), target);
    s.t.diagnostic(`${host}: attach visible after ${ms} ms`);
  });
}

bedTest('pool changes arrive as events too', async (s) => {
  const { bed } = s;
  s.defer(() => tryVirsh(bed, 'pool-destroy', bed.inactivePool));
  if (/running/.test(virsh(bed, 'pool-info', bed.inactivePool))) virsh(bed, 'pool-destroy', bed.inactivePool);
  const session = await watchedSession(s, localHost(bed));
  const pool = () => session.getInventory()?.pools.find((p) => p.name === bed.inactivePool);
  virsh(bed, 'pool-start', bed.inactivePool);
  await waitFor(() => pool()?.active === true, 2000);
  virsh(bed, 'pool-destroy', bed.inactivePool);
  await waitFor(() => pool()?.active === false, 2000);
});

bedTest('killing the SSH connection mid-session: commands and the event stream recover', async (s) => {
  const { bed } = s;
  const file = scratchImage(s, 'event-reconnect.qcow2');
  const session = await watchedSession(s, sshHost(bed));
  s.defer(() => tryVirsh(bed, 'detach-disk', bed.runningVm, 'vdw', '--live'));
  const statuses: string[] = [];
  session.on('status', (st: string) => statuses.push(st));
  // Kill the server side of the connection, as a network drop or sshd restart would.
  execFileSync('pkill', ['-KILL', '-f', `^sshd: ${bed.ssh.user}`]);
  await waitFor(() => statuses.includes('reconnecting'), 10_000);
  // Back by itself, with the inventory read again: no call needed.
  await waitFor(() => session.getStatus().status === 'online', 10_000, 50);
  const inv = await session.reload();
  assert.ok(inv.domains.some((d) => d.name === bed.runningVm), 'inventory loads again after the drop');
  assert.ok(session.runner instanceof SshRunner);

  // The event stream came back too: a change made now is still seen.
  await waitFor(() => (session as unknown as { watcher: { running: number } }).watcher.running === 3, 10_000);
  virsh(bed, 'attach-disk', bed.runningVm, file, 'vdw', '--driver', 'qemu', '--subdriver', 'qcow2', '--live');
  const vm = () => session.getInventory()?.domains.find((d) => d.name === bed.runningVm);
  await waitFor(() => vm()?.disks.some((d) => d.target === 'vdw'), 3000);
});
