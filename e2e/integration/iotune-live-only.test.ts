// I/O limits of a disk attached "Now only" (in the running VM, not in its
// saved configuration), on the real test bed: the plan defaults to live (not
// "Now and after restarts", whose job failed "missing persistent
// configuration"), refuses "both" on field "mode", and the limit it sets is
// read back through the API and the CLI (which failed "disk 'vdt' was not
// found in the domain config").
import assert from 'node:assert/strict';
import { bedTest, cliSettings, liveOnlyDisk, service } from './fixtures.ts';
import { cli, virsh, waitFor } from './testbed.ts';

const TARGET = 'vdt';

bedTest('a disk attached "Now only": its limit is set live by default and read back by the API and the CLI', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const { svc } = api;
  liveOnlyDisk(s, TARGET);
  // The device-added event re-reads the VM: the disk is pending (live only).
  await waitFor(() => svc.session('local')?.getInventory()?.domains.find((d) => d.name === bed.runningVm)?.pendingDisks?.liveOnly.includes(TARGET), 15_000);

  const op = (mode?: 'live' | 'persistent' | 'both') => ({ kind: 'iotune.set' as const, host: 'local', request: { domain: bed.runningVm, target: TARGET, limits: { writeIopsSec: 100 }, ...(mode ? { mode } : {}) } });
  const both = await svc.dispatch('ops.plan', { op: op('both') });
  assert.ok(!both.ok, 'both is refused before anything runs');
  assert.equal(both.error.details?.field, 'mode');
  assert.equal(both.error.msg?.key, 'stats.iotune.liveOnly');
  assert.match(both.error.message, /attached to the running VM "spindle-test-vm" only; it is not in the saved configuration/);
  const plan = await svc.dispatch('ops.plan', { op: op() });
  assert.ok(plan.ok, JSON.stringify(plan));
  assert.deepEqual(plan.result.steps.map((step) => step.argv.at(-1)), ['--live'], JSON.stringify(plan.result.steps));

  const set = await svc.dispatch('ops.start', { op: op() });
  assert.ok(set.ok, JSON.stringify(set));
  const job = await svc.jobs.wait(set.result.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.match(virsh(bed, 'blkdeviotune', bed.runningVm, TARGET, '--live'), /write_iops_sec\s*:\s*100\b/, 'libvirt has it');

  const got = await svc.dispatch('iotune.get', { host: 'local', domain: bed.runningVm, target: TARGET });
  assert.ok(got.ok, JSON.stringify(got));
  assert.deepEqual(got.result, { live: { writeIopsSec: 100 }, config: null });

  // The CLI with the service's settings: the same host.
  cliSettings(s, api.configDir);
  const c = await cli(['iotune', 'get', '--host', 'local', '--vm', bed.runningVm, '--target', TARGET, '--json']);
  assert.equal(c.code, 0, c.err);
  assert.deepEqual(JSON.parse(c.out), { live: { writeIopsSec: 100 }, config: null });
});
