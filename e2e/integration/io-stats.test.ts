// Live I/O statistics and limits on the real test bed: the guest writes with
// direct I/O, the backend sees it within two ticks, a write IOPS limit of 50
// holds the measured rate near 50, and the CLI streams the same samples.
import assert from 'node:assert/strict';
import type { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import type { StatsTick } from '../../shared/contract/features/stats.ts';
import { bedTest, cliWithLocalHost, service } from './fixtures.ts';
import { cli, guestKill, guestSpawn, virsh, waitFor } from './testbed.ts';

/** The stats ticks `svc` pushes from now on. */
function collectTicks(svc: SpindleService): StatsTick[] {
  const ticks: StatsTick[] = [];
  svc.on('event', (e: string, p: unknown) => {
    if (e === 'stats') ticks.push(p as StatsTick);
  });
  return ticks;
}

/** Writes to vdb in the guest, with direct I/O, until killed. */
const WRITER = 'while :; do dd if=/dev/zero of=/dev/vdb bs=4k count=256 oflag=direct 2>/dev/null; done';

bedTest('guest writes show up within two ticks; a write IOPS limit of 50 holds', async (s) => {
  const { bed } = s;
  const { svc } = await service(s);
  const ticks = collectTicks(svc);
  let limited = false;
  s.defer(() => limited && virsh(bed, 'blkdeviotune', bed.runningVm, 'vdb', '--live', '--write-iops-sec', '0'));
  let writer: number | undefined;
  s.defer(() => writer !== undefined && guestKill(bed, writer));
  const vdb = (tk: StatsTick) => tk.disks.find((d) => d.domain === bed.runningVm && d.target === 'vdb');
  const h = await svc.dispatch('stats.watch', { host: 'local', intervalS: 1 });
  assert.ok(h.ok && h.result.intervalS === 1);
  await waitFor(() => ticks.length >= 1, 10_000);
  const quiet = vdb(ticks.at(-1)!);
  assert.ok(quiet, 'vdb is sampled');

  writer = guestSpawn(bed, WRITER);
  const startedAt = Date.now();
  const n0 = ticks.length;
  const busy = await waitFor(() => ticks.slice(n0).find((tk) => (vdb(tk)?.wrIops ?? 0) > 0), 10_000, 50);
  const within = ticks.slice(n0).indexOf(busy) + 1;
  assert.ok(within <= 2, `seen in tick ${within} after the writer started`);
  assert.ok(vdb(busy)!.wrBps > 0 && vdb(busy)!.wrLatMs! > 0);
  console.log(`# writes visible after ${Date.now() - startedAt} ms (tick ${within}); unthrottled ${Math.round(vdb(busy)!.wrIops)} write IOPS`);

  const set = await svc.dispatch('ops.start', { op: { kind: 'iotune.set', host: 'local', request: { domain: bed.runningVm, target: 'vdb', limits: { writeIopsSec: 50 }, mode: 'live' } } });
  assert.ok(set.ok, JSON.stringify(set));
  if (!set.ok) return;
  assert.equal((await svc.jobs.wait(set.result.id)).state, 'succeeded');
  limited = true;
  const got = await svc.dispatch('iotune.get', { host: 'local', domain: bed.runningVm, target: 'vdb' });
  assert.ok(got.ok && got.result.live?.writeIopsSec === 50 && !got.result.config?.writeIopsSec, JSON.stringify(got));
  // Let QEMU's throttle settle, then look at the next ticks.
  const n1 = ticks.length;
  await waitFor(() => ticks.length >= n1 + 6, 20_000);
  const settled = ticks.slice(n1 + 3).map((tk) => vdb(tk)?.wrIops ?? 0);
  console.log(`# throttled write IOPS: ${settled.map((v) => v.toFixed(1)).join(' ')}`);
  assert.ok(settled.every((v) => v <= 55), `at or below ~55: ${settled.join(', ')}`);
  assert.ok(settled.some((v) => v >= 30), 'still writing');

  // An alert rule on the disk: raised while it writes, cleared when it stops.
  const alertEvents: Array<Array<{ ruleId: string; level: string }>> = [];
  svc.on('event', (e: string, p: unknown) => {
    if (e === 'alerts') alertEvents.push((p as { active: Array<{ ruleId: string; level: string }> }).active);
  });
  const rule = { id: 'vdb-iops', scope: { kind: 'disk', host: 'local', domain: bed.runningVm, target: 'vdb' }, metric: 'iops', limit: 40 } as const;
  assert.ok((await svc.dispatch('alerts.setRules', { rules: [rule] })).ok);
  await waitFor(() => alertEvents.some((a) => a.some((x) => x.ruleId === 'vdb-iops' && x.level === 'emergency')), 10_000);
  const act = await svc.dispatch('alerts.active', {});
  assert.ok(act.ok && act.result[0]?.value !== undefined && act.result[0].value >= 40);
  guestKill(bed, writer);
  writer = undefined;
  await waitFor(() => alertEvents.at(-1)?.length === 0, 15_000);
  assert.ok((await svc.dispatch('alerts.setRules', { rules: [] })).ok);

  // The history holds the ticks seen so far; unwatch stops the sampling.
  const hist = await svc.dispatch('stats.watch', { host: 'local' });
  assert.ok(hist.ok && hist.result.ticks.length >= ticks.length - 1);
  // A renewal with `since` carries only what is newer.
  const since = hist.result.ticks.at(-3)!.t;
  const renewal = await svc.dispatch('stats.watch', { host: 'local', since });
  assert.ok(renewal.ok);
  assert.ok(renewal.result.ticks.length >= 2 && renewal.result.ticks.length <= 4, `got ${renewal.result.ticks.length} ticks`);
  assert.ok(renewal.result.ticks.every((tk) => tk.t > since));
  const un = await svc.dispatch('stats.unwatch', { host: 'local' });
  assert.ok(un.ok && un.result.sampling === false);
});

bedTest('spindle stats streams JSON samples; iotune get/set through the CLI', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const st = await cli(['stats', '--host', 'local', '--vm', bed.runningVm, '--interval', '1', '--count', '2', '--json']);
  assert.equal(st.code, 0, st.err);
  const lines = st.out.trim().split('\n').map((l) => JSON.parse(l) as StatsTick);
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.disks.length >= 2 && l.disks.every((d) => d.domain === bed.runningVm)));
  assert.ok(lines[1]!.t - lines[0]!.t >= 900);
  const bad = await cli(['stats', '--host', 'local', '--interval', '0']);
  assert.equal(bad.code, 2);
  const dry = await cli(['iotune', 'set', '--host', 'local', '--vm', bed.runningVm, '--target', 'vdb', '--write-bytes-sec', '10M', '--mode', 'live', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /'blkdeviotune' '--domain' 'spindle-test-vm' '--device' 'vdb' .*'--write-bytes-sec' '10485760'.*'--live'/);
  const refused = await cli(['iotune', 'set', '--host', 'local', '--vm', bed.runningVm, '--target', 'vdb', '--write-iops-sec', '50', '--write-iops-sec-max', '10']);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /below its limit/);
  const get = await cli(['iotune', 'get', '--host', 'local', '--vm', bed.runningVm, '--target', 'vdb', '--json']);
  assert.deepEqual(JSON.parse(get.out), { live: {}, config: {} });
});

bedTest('sampling over SSH (sudo): ticks with every disk of the running VM', async (s) => {
  const { bed } = s;
  const { svc } = await service(s, 'ssh');
  const ticks = collectTicks(svc);
  assert.ok((await svc.dispatch('stats.watch', { host: 'loopback', intervalS: 1 })).ok);
  await waitFor(() => ticks.length >= 2, 10_000);
  assert.ok(ticks.every((tk) => tk.host === 'loopback'));
  assert.deepEqual(ticks[1]!.disks.filter((d) => d.domain === bed.runningVm).map((d) => d.target).sort(), ['vda', 'vdb']);
  assert.ok(ticks[1]!.t - ticks[0]!.t >= 800 && ticks[1]!.t - ticks[0]!.t <= 2500);
});
