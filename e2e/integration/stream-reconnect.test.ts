// The CLI's streams (`spindle stats`, `spindle events`) survive real faults,
// locally and over SSH: a libvirtd restart, a TCP reset of the established SSH
// connection, and sshd stopped for 40 s with its sessions killed. Each time the
// drop is reported on stderr at once, the stream keeps going, a stats gap is a
// marker (never a made-up sample), what changed during the gap is printed once
// the host is back, and data flows again within 5 s of the service returning.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import { hostFingerprint, virsh, waitFor, type Testbed } from './testbed.ts';
import { addTestHosts, spawnCli, type RunningCli } from './cli-process.ts';
import { resetConnections, restartLibvirtd } from './faults.ts';
import { bedTest, configDir, scratchVolume, tempSshd, type Scope } from './fixtures.ts';
import type { TempSshd } from './temp-sshd.ts';

/** Data must flow again this soon after the service is back (the target). */
const RESUME_TARGET_MS = 5000;

interface Streams {
  stats: RunningCli;
  events: RunningCli;
}

/** A settings folder with the hosts "local" and "ssh", the latter through a throw-away sshd with the test bed's host key. */
async function hostsBehindTempSshd(s: Scope): Promise<{ dir: string; sshd: TempSshd }> {
  const dir = configDir(s);
  const sshd = await tempSshd(s, ['testbed']);
  addTestHosts(s.bed, dir, sshd.port);
  return { dir, sshd };
}

/** stats (1 s ticks, JSON) and events (JSON) for one host, both at their first output; killed at the end if still running. */
async function startStreams(s: Scope, dir: string, host: string): Promise<Streams> {
  const stats = spawnCli(dir, ['stats', '--host', host, '--interval', '1', '--count', '100000', '--json']);
  const events = spawnCli(dir, ['events', '--host', host, '--json']);
  s.defer(() => {
    for (const c of [stats, events]) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  });
  await stats.waitLine('out', /"disks":\[\{/, 20_000);
  // events prints nothing until something happens: a pool refresh proves it is subscribed.
  await new Promise((r) => setTimeout(r, 1500));
  return { stats, events };
}

async function stop(s: Streams): Promise<void> {
  for (const c of [s.stats, s.events]) c.child.kill('SIGINT');
  const codes = await Promise.all([s.stats.exited, s.events.exited]);
  assert.deepEqual(codes, [0, 0], 'Ctrl-C ends both streams cleanly');
}

const isData = (text: string): boolean => text.startsWith('{') && !text.includes('"gap"') && text.includes('"disks"');

/**
 * After a fault: the loss was said on stderr, the stream is back, and the
 * times from `backAt` (service answering again) to data are within target.
 */
async function checkRecovery(t: TestContext, label: string, s: Streams, host: string, lostBefore: number, backAt: number): Promise<void> {
  const lostStats = await s.stats.waitLine('err', new RegExp(`^stats: lost ${host}: .*Reconnecting`), 20_000, lostBefore);
  const lostEvents = await s.events.waitLine('err', new RegExp(`^events: lost ${host}: .*Reconnecting`), 20_000, lostBefore);
  const data = await s.stats.waitLine('out', /"disks":\[\{/, 20_000, Math.max(backAt, lostStats.at));
  assert.ok(isData(data.text));
  const reread = await s.events.waitLine('err', new RegExp(`^events: re-read ${host}:`), 20_000, lostEvents.at);
  const statsMs = data.at - backAt;
  const eventsMs = reread.at - backAt;
  t.diagnostic(`${label}: stats data again ${statsMs} ms, events re-subscribed and re-read ${eventsMs} ms after the service was back`);
  assert.ok(statsMs < RESUME_TARGET_MS, `${label}: stats resumed ${statsMs} ms after the service was back (target < ${RESUME_TARGET_MS})`);
  assert.ok(eventsMs < RESUME_TARGET_MS, `${label}: events resumed ${eventsMs} ms after the service was back (target < ${RESUME_TARGET_MS})`);
  assert.equal(s.stats.child.exitCode, null, 'stats is still running');
  assert.equal(s.events.child.exitCode, null, 'events is still running');
  // No fabricated sample: whatever covers the outage is a gap marker or nothing.
  const during = s.stats.lines.filter((l) => l.stream === 'out' && l.at > lostStats.at && l.at < data.at);
  for (const l of during) assert.match(l.text, /"gap":\{"code":"[A-Z_]+","message"/, `${label}: only gap markers during the outage`);
}

/** A change made now still arrives as an ordinary event: the stream itself is back, not just the re-read. */
async function checkLiveEvent(bed: Testbed, s: Streams): Promise<void> {
  const since = Date.now();
  virsh(bed, 'pool-refresh', bed.pool);
  await s.events.waitLine('out', new RegExp(`"event":"refresh","name":${JSON.stringify(bed.pool)}`), 10_000, since);
}

bedTest('stats and events survive a libvirtd restart, locally and over SSH', async (s) => {
  const { t, bed } = s;
  const { dir } = await hostsBehindTempSshd(s);
  s.defer(() => /running/.test(virsh(bed, 'pool-info', bed.inactivePool)) && virsh(bed, 'pool-destroy', bed.inactivePool));
  const local = await startStreams(s, dir, 'local');
  const remote = await startStreams(s, dir, 'ssh');
  const before = Date.now();
  const backAt = restartLibvirtd();
  t.diagnostic(`libvirtd down for ${backAt - before} ms`);
  await checkRecovery(t, 'libvirtd restart, local', local, 'local', before, backAt);
  await checkRecovery(t, 'libvirtd restart, over SSH', remote, 'ssh', before, backAt);
  // libvirt 9.0 starts a dir pool whose directory exists when the daemon starts,
  // so the test bed's inactive pool came back active during the gap: a change
  // no event announced, which the re-read must report.
  if (/running/.test(virsh(bed, 'pool-info', bed.inactivePool))) {
    for (const streams of [local, remote]) await streams.events.waitLine('out', new RegExp(`"kind":"pool","event":"resync","name":${JSON.stringify(bed.inactivePool)},"detail":"started"`), 5000, before);
    t.diagnostic(`the pool ${bed.inactivePool} that libvirtd started during the gap was reported by both event streams`);
  }
  await checkLiveEvent(bed, local);
  await checkLiveEvent(bed, remote);
  await stop(local);
  await stop(remote);
});

bedTest('stats and events over SSH survive a TCP reset of the established connection', async (s) => {
  const { t, bed } = s;
  const { dir, sshd } = await hostsBehindTempSshd(s);
  const streams = await startStreams(s, dir, 'ssh');
  const before = Date.now();
  const reset = resetConnections(sshd.port);
  assert.ok(reset >= 2, `both CLIs' connections were reset (${reset})`);
  // sshd never went away: it is "back" at the moment of the reset.
  await checkRecovery(t, 'TCP reset', streams, 'ssh', before, before);
  await checkLiveEvent(bed, streams);
  await stop(streams);
});

bedTest('stats and events over SSH survive sshd stopped for 40 s with its sessions killed; changes made meanwhile are reported', async (s) => {
  const { t, bed } = s;
  const { dir, sshd } = await hostsBehindTempSshd(s);
  const vol = scratchVolume(s, `gap-${process.pid}.qcow2`);
  const streams = await startStreams(s, dir, 'ssh');
  const before = Date.now();
  await sshd.stopHard();
  await streams.stats.waitLine('err', /^stats: lost ssh: /, 10_000, before);
  // A change nobody can announce: the host's libvirt works, only our way in is gone.
  virsh(bed, 'vol-create-as', bed.pool, vol, '1M', '--format', 'qcow2');
  await new Promise((r) => setTimeout(r, 40_000 - (Date.now() - before)));
  const gaps = streams.stats.lines.filter((l) => l.stream === 'out' && l.text.includes('"gap"'));
  assert.equal(gaps.length, 1, 'one gap marker for the whole outage');
  await sshd.start();
  const backAt = Date.now();
  await checkRecovery(t, 'sshd stopped 40 s', streams, 'ssh', before, backAt);
  await streams.events.waitLine('out', new RegExp(`"kind":"pool","event":"resync","name":${JSON.stringify(bed.pool)},"detail":"volumes added: ${vol.replace(/\./g, '\\.')}"`), 5000, backAt);
  await checkLiveEvent(bed, streams);
  await stop(streams);
});

bedTest('the service (desktop app and browser mode): reconnecting at once, a gap in the stats series, the inventory re-read when the host is back', async (s) => {
  const { t, bed } = s;
  const dir = configDir(s);
  const sshd = await tempSshd(s, ['testbed']);
  const svc = new SpindleService({ configDir: dir, addLocalHost: false, knownHostsFiles: [] });
  s.defer(() => svc.close());
  const seen: Array<{ at: number; event: string; payload: Record<string, unknown> }> = [];
  svc.on('event', (event: string, payload: Record<string, unknown>) => seen.push({ at: Date.now(), event, payload }));
  const of = (event: string, since: number, pred: (p: Record<string, unknown>) => boolean = () => true) => seen.find((e) => e.event === event && e.at >= since && e.payload.host === 'ssh' && pred(e.payload));
  await svc.init();
  const config = { kind: 'ssh' as const, name: 'ssh', host: '127.0.0.1', port: sshd.port, user: bed.ssh.user, auth: 'key' as const, keyPath: bed.ssh.keyPath, uri: bed.uri, sudo: true };
  const added = await svc.dispatch('hosts.add', { config, acceptFingerprint: hostFingerprint(bed) });
  assert.ok(added.ok, JSON.stringify(added));
  await waitFor(() => of('inventory', 0), 20_000);
  const watched = await svc.dispatch('stats.watch', { host: 'ssh', intervalS: 1 });
  assert.ok(watched.ok);
  await waitFor(() => of('stats', 0, (p) => Array.isArray(p.disks) && p.disks.length > 0), 10_000);

  const before = Date.now();
  await sshd.stopHard();
  const lost = await waitFor(() => of('host-status', before, (p) => p.status === 'reconnecting'), 5000);
  t.diagnostic(`reported reconnecting ${lost.at - before} ms after sshd was killed: ${JSON.stringify((lost.payload.error as { message?: string })?.message)}`);
  const gap = await waitFor(() => of('stats', before, (p) => p.gap !== undefined), 5000);
  assert.deepEqual(gap.payload.disks, [], 'a gap carries no made-up sample');
  await new Promise((r) => setTimeout(r, 3000));
  await sshd.start();
  const backAt = Date.now();
  const online = await waitFor(() => of('host-status', backAt, (p) => p.status === 'online'), 10_000);
  const inv = await waitFor(() => of('inventory', backAt), 10_000);
  const data = await waitFor(() => of('stats', backAt, (p) => Array.isArray(p.disks) && p.disks.length > 0), 10_000);
  t.diagnostic(`service: online ${online.at - backAt} ms, inventory re-read ${inv.at - backAt} ms, stats data ${data.at - backAt} ms after sshd was back`);
  assert.ok(data.at - backAt < RESUME_TARGET_MS && inv.at - backAt < RESUME_TARGET_MS);
  const history = await svc.dispatch('stats.watch', { host: 'ssh', intervalS: 1 });
  assert.ok(history.ok && history.result.ticks.some((k) => k.gap), 'the gap is in the history the charts load');
});

