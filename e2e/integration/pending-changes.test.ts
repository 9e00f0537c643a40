// Live-only and config-only disks show up as pending changes, and detach
// picks the side the disk is on (detach --live --config of a live-only disk
// would fail half way).
import assert from 'node:assert/strict';
import { bedTest, cliWithLocalHost } from './fixtures.ts';
import { cli, virsh } from './testbed.ts';

bedTest('pending disk changes on a running VM, and detach on the right side', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const h = ['--host', 'local', '--vm', bed.runningVm];
  const cleanup: string[][] = [];
  s.defer(() => {
    for (const c of cleanup) {
      try {
        virsh(bed, ...c);
      } catch {
        /* gone */
      }
    }
  });
  const inv = async () => JSON.parse((await cli(['inventory', '--host', 'local', '--json'])).out).domains.find((d: { name: string }) => d.name === bed.runningVm);
  assert.equal((await inv()).pendingDisks, undefined, 'no pending changes to start with');

  const live = await cli(['disk', 'attach', ...h, '--volume', `${bed.pool}/data.raw`, '--readonly', '--mode', 'live']);
  assert.equal(live.code, 0, live.err);
  cleanup.push(['detach-disk', bed.runningVm, 'vdc', '--live']);
  const cfgOnly = await cli(['disk', 'attach', ...h, '--file', `${bed.poolPath}/data.raw`, '--format', 'raw', '--readonly', '--target', 'vdd', '--mode', 'persistent']);
  assert.equal(cfgOnly.code, 0, cfgOnly.err);
  cleanup.push(['detach-disk', bed.runningVm, 'vdd', '--config']);
  assert.deepEqual((await inv()).pendingDisks, { liveOnly: ['vdc'], configOnly: ['vdd'], changed: [] });

  const wrong = await cli(['disk', 'detach', ...h, '--target', 'vdc', '--mode', 'both']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /attached to the running VM only/);
  const dry = await cli(['disk', 'detach', ...h, '--target', 'vdc', '--dry-run']);
  assert.match(dry.out, /'detach-disk' '--domain' 'spindle-test-vm' '--target' 'vdc' '--live'\n/);
  assert.equal((await cli(['disk', 'detach', ...h, '--target', 'vdc'])).code, 0);
  cleanup.shift();
  const d2 = await cli(['disk', 'detach', ...h, '--target', 'vdd']);
  assert.equal(d2.code, 0, d2.err);
  cleanup.shift();
  assert.equal((await inv()).pendingDisks, undefined, 'back in sync');
});
