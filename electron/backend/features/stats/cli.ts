// `spindle stats` (streams I/O samples) and `spindle iotune get|set` (a
// disk's I/O limits), over the same sampler, handler and planner as the app.
import { API } from '../../../../shared/contract/api.ts';
import { IOTUNE_FIELDS, IoTuneSetRequestSchema, STATS_INTERVAL, type IoTune, type IoTuneField, type StatsTick } from '../../../../shared/contract/features/stats.ts';
import { msg } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import type { CliCommand, CliContext, CliFeature, Flag } from '../../cli/command.ts';
import { CHANGE_FLAGS, checked, choicesOf, defined, HOST_FLAGS, JSON_OUT, num, size, str } from '../../cli/flags.ts';
import { CountSchema } from '../../cli/events-command.ts';
import { pad } from '../../cli/format.ts';
import { onInterrupt } from '../../cli/interrupt.ts';
import { reportLink } from '../../cli/link-report.ts';
import { printJsonLine, printResult, runOrShow } from '../../cli/output.ts';

const fmtLat = (v: number | null): string => (v === null ? '-' : `${v.toFixed(2)}ms`);

/** One tick as `spindle stats` prints it (exported for its tests). */
export function printTick(ctx: Pick<CliContext, 'io' | 'text' | 'say'>, t: StatsTick, json: boolean): void {
  if (json) {
    printJsonLine(ctx.io, t);
    return;
  }
  if (t.gap) {
    ctx.io.out(`${new Date(t.t).toISOString()}  ${ctx.text('cli.stream.noSample', { reason: ctx.say(t.gap.msg ?? t.gap.message) })}\n`);
    return;
  }
  ctx.io.out(`${new Date(t.t).toISOString()}\n`);
  // Padded by display width: a VM's name may be Chinese.
  for (const d of t.disks) {
    const rates = ctx.say(
      msg('stats.cli.stats.tick', {
        rIops: d.rdIops.toFixed(1).padStart(8),
        rBps: formatBytes(d.rdBps).padStart(10),
        rLat: fmtLat(d.rdLatMs).padStart(9),
        wIops: d.wrIops.toFixed(1).padStart(8),
        wBps: formatBytes(d.wrBps).padStart(10),
        wLat: fmtLat(d.wrLatMs).padStart(9),
      }),
    );
    ctx.io.out(`  ${pad(`${d.domain}/${d.target}`, 32)} ${rates}\n`);
  }
}

/** The API's own check of an interval (stats.watch). */
const IntervalSchema = API['stats.watch'].params.shape.intervalS;

/**
 * `spindle stats`: a sample per interval until --count samples (gaps do not
 * count) or Ctrl-C. A lost host is reported on stderr and in the series (a
 * gap), reconnected by the session, and sampling goes on when it is back.
 */
const stats: CliCommand = {
  path: ['stats'],
  summary: msg('stats.cli.stats.summary'),
  details: msg('stats.cli.stats.details'),
  flags: [
    ...HOST_FLAGS,
    { name: 'vm', value: 'VM', description: msg('stats.cli.stats.flags.vm'), default: msg('stats.cli.stats.defaults.vm') },
    { name: 'interval', value: 'S', description: msg('stats.cli.stats.flags.interval', { min: STATS_INTERVAL.min, max: STATS_INTERVAL.max }), default: String(STATS_INTERVAL.default) },
    { name: 'count', value: 'N', description: msg('stats.cli.stats.flags.count'), default: msg('cli.help.untilCtrlC') },
    JSON_OUT,
  ],
  async run(ctx, { values }) {
    const interval = checked(ctx, IntervalSchema, num(ctx, values, 'interval') ?? STATS_INTERVAL.default, { '': 'interval' }, values) ?? STATS_INTERVAL.default;
    const n = num(ctx, values, 'count');
    const count = n === undefined ? Infinity : checked(ctx, CountSchema, n, { '': 'count' }, values);
    const vm = str(values, 'vm');
    // Loaded when the command runs (the command list is read at every start).
    const [{ findDomain }, { HostSampler }] = await Promise.all([import('../../plan/lookup.ts'), import('./sampler.ts')]);
    return ctx.withSession(values, async (session) => {
      await session.check();
      if (vm) findDomain(await session.reload(), vm);
      session.monitor();
      const sampler = new HostSampler(session.name, () => session.virsh);
      sampler.setInterval(interval);
      let printed = 0;
      try {
        return await new Promise<number>((resolve, reject) => {
          reportLink(session, 'stats', ctx, reject);
          session.on('restored', () => sampler.resume());
          const dispose = onInterrupt(() => resolve(0));
          sampler.on('tick', (tick: StatsTick) => {
            const t: StatsTick = vm ? { ...tick, disks: tick.disks.filter((d) => d.domain === vm), ended: tick.ended.filter((k) => k.startsWith(`${vm}/`)) } : tick;
            printTick(ctx, t, !!values.json);
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
    });
  },
};

/** --total-bytes-sec ... --write-iops-sec-max: one flag per blkdeviotune limit. */
const LIMIT_FLAGS: ReadonlyArray<Flag & { field: IoTuneField }> = IOTUNE_FIELDS.map((field) => {
  const name = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const bytes = field.includes('Bytes');
  const what = msg(`stats.cli.iotune.what.${field.startsWith('total') ? 'total' : field.startsWith('read') ? 'read' : 'write'}${bytes ? 'Bytes' : 'Iops'}`);
  return { field, name, value: bytes ? 'SIZE' : 'N', description: msg(field.endsWith('Max') ? 'stats.cli.iotune.flags.burst' : 'stats.cli.iotune.flags.limit', { what }), default: msg('stats.cli.iotune.defaults.limit') };
});

const VM: Flag = { name: 'vm', value: 'VM', description: msg('stats.cli.iotune.flags.vm'), required: true };
const TARGET: Flag = { name: 'target', value: 'T', description: msg('stats.cli.iotune.flags.target'), required: true };

const iotuneGet: CliCommand = {
  path: ['iotune', 'get'],
  summary: msg('stats.cli.iotune.get'),
  flags: [...HOST_FLAGS, VM, TARGET, JSON_OUT],
  async run(ctx, { values }) {
    const params = checked(ctx, API['iotune.get'].params, { host: str(values, 'host'), domain: str(values, 'vm'), target: str(values, 'target') }, { host: 'host', domain: 'vm', target: 'target' }, values);
    return ctx.withSession(values, async (session) => {
      const { statsFeature } = await import('./feature.ts');
      const limits = await statsFeature.start(await ctx.featureHost(session)).handlers['iotune.get'](params);
      const show = (l: IoTune | null): string => (l === null ? ctx.text('cli.iotune.notRunning') : Object.keys(l).length ? Object.entries(l).map(([k, v]) => `${k}=${v}`).join(' ') : ctx.text('cli.iotune.noLimits'));
      printResult(ctx, values, limits, `${ctx.text('cli.iotune.live', { limits: show(limits.live) })}\n${ctx.text('cli.iotune.saved', { limits: show(limits.config) })}`);
      return 0;
    });
  },
};

const iotuneSet: CliCommand = {
  path: ['iotune', 'set'],
  summary: msg('stats.cli.iotune.set'),
  flags: [
    ...HOST_FLAGS,
    VM,
    TARGET,
    ...LIMIT_FLAGS.map(({ field: _field, ...f }) => f),
    { name: 'mode', value: 'MODE', description: msg('stats.cli.iotune.flags.mode'), choices: choicesOf(IoTuneSetRequestSchema.shape.mode), default: msg('stats.cli.iotune.defaults.mode') },
    ...CHANGE_FLAGS,
  ],
  async run(ctx, { values }) {
    // Byte limits take sizes ("50M"); IOPS limits plain numbers.
    const limits = defined(Object.fromEntries(LIMIT_FLAGS.map((f) => [f.field, f.value === 'SIZE' ? size(ctx, values, f.name) : num(ctx, values, f.name)])));
    const request = checked(
      ctx,
      IoTuneSetRequestSchema,
      defined({ domain: str(values, 'vm'), target: str(values, 'target'), limits, mode: str(values, 'mode') }),
      { domain: 'vm', target: 'target', mode: 'mode', ...Object.fromEntries(LIMIT_FLAGS.map((f) => [`limits.${f.field}`, f.name])) },
      values,
    );
    const { planIoTune } = await import('./iotune.ts');
    return ctx.withSession(values, async (session) => runOrShow(ctx, session, planIoTune(await session.reload(), session.config.uri, request), values));
  },
};

export const STATS_CLI: CliFeature = {
  groups: { iotune: msg('stats.cli.iotune.group') },
  commands: [stats, iotuneGet, iotuneSet],
};

