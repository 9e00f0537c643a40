// Pool fullness history and pool alerts on the real test bed: a dir pool on
// a 16 MiB tmpfs with a poolFull rule (limit 100 %: the shared 80/95/100 %
// levels). Writing 14 MiB into its directory changes nothing libvirt reports
// until a pool-refresh; the pool sampler refreshes it, so the next
// pool.history shows the fill and the alert turns active (API and alerts
// event, with the message naming the pool), and clears when the file goes.
// A logical pool on a loop device: its point carries the thin-pool reading
// (real lvs, none: no device-mapper here; thin % from recorded lvs output are
// in the unit tests).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Alert, PoolHistory } from '../../shared/contract/features/stats.ts';
import { english, renderMsg } from '../../shared/core/messages.ts';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { bedTest, logicalPoolOnLoop, service, tryVirsh } from './fixtures.ts';
import { virsh, waitFor } from './testbed.ts';

const MiB = 2 ** 20;
/** pool.history samples afresh when its newest sample is older than 10 s. */
const FRESH_WAIT_MS = 10_500;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

bedTest('a dir pool on a 16 MiB tmpfs filled to 14 MiB: pool.history shows it and the poolFull rule raises a warning, cleared when emptied', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-ph-tmpfs-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'spindle-ph', dir]);
  s.defer(() => void spawnSync('umount', [dir]));
  const pool = `spindle-ph-${process.pid}`;
  const xml = path.join(mkdtempSync(path.join(os.tmpdir(), 'spindle-ph-xml-')), 'pool.xml');
  s.defer(() => rmSync(path.dirname(xml), { recursive: true, force: true }));
  writeFileSync(xml, buildPoolXml({ type: 'dir', name: pool, target: { path: dir } }));
  virsh(bed, 'pool-define', xml);
  s.defer(() => tryVirsh(bed, 'pool-undefine', pool));
  virsh(bed, 'pool-start', pool);
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool && p.active), 15_000);

  await api.call('alerts.setRules', { rules: [{ id: 'ph-full', scope: { kind: 'pool', host: 'local', pool }, metric: 'poolFull', limit: 100 }] });
  const ours = (list: Alert[]) => list.find((a) => a.ruleId === 'ph-full');
  const first: PoolHistory = await api.call('pool.history', { host: 'local', pool });
  assert.equal(first.stepS, 60);
  assert.equal(first.keepS, 7 * 24 * 3600);
  assert.ok(first.points.length >= 1, 'a point at once');
  const p0 = first.points.at(-1)!;
  assert.equal(p0.capacity, 16 * MiB);
  assert.ok(p0.allocation < 1 * MiB, `empty: ${p0.allocation}`);
  assert.equal(ours(await api.call('alerts.active', {})), undefined);

  // 14 MiB of 16: 87.5 %. libvirt still says empty (no refresh yet): the sampler's pool-refresh is what sees it.
  writeFileSync(path.join(dir, 'fill.bin'), Buffer.alloc(14 * MiB, 1));
  assert.ok(Number(/Allocation:\s*(\d+)/.exec(virsh(bed, 'pool-info', '--bytes', pool))?.[1]) < 1 * MiB, "libvirt's own numbers stay stale until a refresh");
  await sleep(FRESH_WAIT_MS);
  const full = await api.call('pool.history', { host: 'local', pool });
  const p1 = full.points.at(-1)!;
  assert.ok(p1.allocation >= 14 * MiB, `filled: ${p1.allocation}`);
  assert.ok(p1.t > p0.t);
  const alert = ours(await api.call('alerts.active', {}));
  assert.ok(alert, 'the poolFull alert is active');
  assert.equal(alert.level, 'warning');
  assert.ok(alert.value >= 87 && alert.value < 95, String(alert.value));
  assert.match(english(alert.msg!), new RegExp(`^Pool ${pool} on local is 8\\d(\\.\\d)? % full \\(warning\\)\\. Free space in it`));
  assert.match(renderMsg(alert.msg!, 'zh-CN'), new RegExp(`^主机 local 上的存储池 ${pool} 已用 8`));
  const pushed = api.events.filter((e) => e.event === 'alerts').map((e) => e.payload as { active: Alert[] });
  assert.ok(pushed.some((p) => ours(p.active)?.level === 'warning'), 'an alerts event carried it');
  // sinceMs: only what is newer.
  assert.deepEqual((await api.call('pool.history', { host: 'local', pool, sinceMs: p1.t })).points.filter((p) => p.t <= p1.t), []);

  rmSync(path.join(dir, 'fill.bin'));
  await sleep(FRESH_WAIT_MS);
  await api.call('pool.history', { host: 'local', pool });
  assert.equal(ours(await api.call('alerts.active', {})), undefined, 'cleared once emptied');

  await assert.rejects(api.call('pool.history', { host: 'local', pool: `${pool}-nosuch` }), /UNKNOWN_POOL/);
});

bedTest("a logical pool on a loop device: pool.history's point carries the thin-pool reading (lvs through pool.usage's reader: none here, no device-mapper), and a thinMetadata rule stays quiet", async (s) => {
  const made = logicalPoolOnLoop(s, 'ph-lvm');
  if (!made) return;
  const { pool } = made;
  const api = await service(s);
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool && p.active), 15_000);
  await api.call('alerts.setRules', { rules: [{ id: 'ph-meta', scope: { kind: 'pool', host: 'local', pool }, metric: 'thinMetadata', limit: 100 }] });
  const h = await api.call('pool.history', { host: 'local', pool });
  const last = h.points.at(-1)!;
  assert.equal(last.capacity, 60 * MiB, "the VG's size (64 MiB less LVM's metadata)");
  assert.equal(last.allocation, 0);
  assert.deepEqual(last.thin, [], 'the thin pools were read: there are none');
  assert.deepEqual(await api.call('alerts.active', {}), []);
});
