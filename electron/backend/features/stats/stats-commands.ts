// `spindle stats` (streams I/O samples) and `spindle iotune get|set`.
import { english } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { IOTUNE_FIELDS, STATS_INTERVAL, type IoTune, type IoTuneField, type StatsTick } from '../../../../shared/contract/stats.ts';
import { formatBytes, parseSize } from '../../../../shared/core/units.ts';
import type { HostSession } from '../../session/host-session.ts';
import { findDisk, findDomain } from '../../plan/lookup.ts';
import { planInfo, planToScript } from '../../plan/plan.ts';
import { runCliPlan } from '../../cli/run-job.ts';
import { parseIoTune, planIoTune } from './iotune.ts';
import { HostSampler } from './sampler.ts';
import { onInterrupt } from '../../cli/interrupt.ts';
import { reportLink, type CliIo } from '../../cli/link-report.ts';

const usage = (msg: string): SpindleError => new SpindleError('INVALID_ARGUMENT', msg, 'Run "spindle help" for the list of commands.', { usage: 'true' });

const fmtLat = (v: number | null): string => (v === null ? '-' : `${v.toFixed(2)}ms`);

function printTick(t: StatsTick, json: boolean, io: CliIo): void {
  if (json) {
    io.out(JSON.stringify(t) + '\n');
    return;
  }
  if (t.gap) {
    io.out(`${new Date(t.t).toISOString()}  (no sample: ${t.gap.message})\n`);
    return;
  }
  io.out(`${new Date(t.t).toISOString()}\n`);
  for (const d of t.disks) {
    io.out(
      `  ${`${d.domain}/${d.target}`.padEnd(32)} r ${d.rdIops.toFixed(1).padStart(8)} IOPS ${formatBytes(d.rdBps).padStart(10)}/s ${fmtLat(d.rdLatMs).padStart(9)}` +
        `   w ${d.wrIops.toFixed(1).padStart(8)} IOPS ${formatBytes(d.wrBps).padStart(10)}/s ${fmtLat(d.wrLatMs).padStart(9)}\n`,
    );
  }
}

/**
 * `spindle stats`: a sample per interval until --count samples (gaps do not
 * count) or Ctrl-C. A lost host is reported on stderr and in the series (a
 * gap), reconnected by the session, and sampling goes on when it is back.
 */
export async function statsCommand(session: HostSession, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const interval = values.interval === undefined ? STATS_INTERVAL.default : Number(values.interval);
  if (!Number.isInteger(interval) || interval < STATS_INTERVAL.min || interval > STATS_INTERVAL.max) throw usage(`--interval must be a whole number of seconds from ${STATS_INTERVAL.min} to ${STATS_INTERVAL.max}.`);
  const count = values.count === undefined ? Infinity : Number(values.count);
  if (count !== Infinity && (!Number.isInteger(count) || count < 1)) throw usage('--count must be a positive whole number.');
  const vm = typeof values.vm === 'string' ? values.vm : undefined;
  await session.check();
  if (vm) findDomain(await session.reload(), vm);
  session.monitor();
  const sampler = new HostSampler(session.name, () => session.virsh);
  sampler.setInterval(interval);
  let printed = 0;
  try {
    return await new Promise<number>((resolve, reject) => {
      reportLink(session, 'stats', io, reject);
      session.on('restored', () => sampler.resume());
      const dispose = onInterrupt(() => resolve(0));
      sampler.on('tick', (tick: StatsTick) => {
        const t: StatsTick = vm ? { ...tick, disks: tick.disks.filter((d) => d.domain === vm), ended: tick.ended.filter((k) => k.startsWith(`${vm}/`)) } : tick;
        printTick(t, !!values.json, io);
        if (!t.gap && ++printed >= count) {
          dispose();
          resolve(0);
        }
      });
      // The first sample is the baseline: rates need two.
      sampler.start();
    });
  } finally {
    sampler.stop();
  }
}

const FLAG_OF = Object.fromEntries(IOTUNE_FIELDS.map((f) => [f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), f])) as Record<string, IoTuneField>;
export const IOTUNE_OPTIONS = Object.fromEntries(Object.keys(FLAG_OF).map((k) => [k, { type: 'string' as const }]));

export async function iotuneCommand(verb: 'get' | 'set', session: HostSession, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  if (typeof values.vm !== 'string' || typeof values.target !== 'string') throw usage('--vm and --target are required.');
  const inv = await session.reload();
  const dom = findDomain(inv, values.vm);
  const disk = findDisk(dom, values.target);
  if (verb === 'get') {
    const running = dom.state === 'running' || dom.state === 'paused';
    const base = ['blkdeviotune', '--domain', dom.name, '--device', disk.target];
    const live = running ? parseIoTune(await session.virsh.exec([...base, '--live'])) : null;
    const config = parseIoTune(await session.virsh.exec([...base, '--config']));
    if (values.json) io.out(JSON.stringify({ live, config }, null, 2) + '\n');
    else {
      const show = (l: IoTune | null): string => (l === null ? '(not running)' : Object.keys(l).length ? Object.entries(l).map(([k, v]) => `${k}=${v}`).join(' ') : 'no limits');
      io.out(`live:  ${show(live)}\nsaved: ${show(config)}\n`);
    }
    return 0;
  }
  const limits: IoTune = {};
  for (const [flag, field] of Object.entries(FLAG_OF)) {
    const v = values[flag];
    if (typeof v !== 'string') continue;
    // Byte limits take sizes ("50M"); IOPS limits plain numbers.
    const n = field.includes('Bytes') ? parseSize(v) : Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw usage(`--${flag} ${JSON.stringify(v)} is not a whole number${field.includes('Bytes') ? ' or size (50M)' : ''}.`);
    limits[field] = n;
  }
  const mode = values.mode as 'live' | 'persistent' | 'both' | undefined;
  if (mode !== undefined && !['live', 'persistent', 'both'].includes(mode)) throw usage('--mode must be live, persistent or both.');
  const plan = planIoTune(inv, session.config.uri, { domain: dom.name, target: disk.target, limits, ...(mode ? { mode } : {}) });
  for (const w of plan.warnings) io.err(`warning: ${english(w)}\n`);
  if (values['dry-run']) {
    io.out(values.json ? JSON.stringify({ plan: planInfo(plan) }, null, 2) + '\n' : planToScript(plan));
    return 0;
  }
  await runCliPlan(session, plan, io);
  io.out(values.json ? JSON.stringify({ done: english(plan.title) }) + '\n' : `Done: ${english(plan.title)}.\n`);
  return 0;
}
