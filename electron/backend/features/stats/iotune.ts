// I/O limits (virsh blkdeviotune): reading them, and a plan that sets all
// twelve at once, so the disk ends up with exactly the limits asked for
// (blkdeviotune keeps any value it is not given). 0 means "no limit".
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { IOTUNE_FIELDS, type IoTune, type IoTuneField, type IoTuneSetRequest } from '../../../../shared/contract/stats.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { findDisk, findDomain } from '../../plan/lookup.ts';

const snake = (f: IoTuneField): string => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const flag = (f: IoTuneField): string => `--${snake(f).replace(/_/g, '-')}`;

/** `virsh blkdeviotune DOM DISK` output: "name: value" lines. */
export function parseIoTune(out: string): IoTune {
  const byName = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) byName.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const r: IoTune = {};
  for (const f of IOTUNE_FIELDS) {
    const v = Number(byName.get(snake(f)) ?? '0');
    if (Number.isFinite(v) && v > 0) r[f] = v;
  }
  return r;
}

const refuse = (message: string, hint: string, field = 'limits'): SpindleError => new SpindleError('INVALID_ARGUMENT', message, hint, { field });

/** The rules libvirt and QEMU enforce, checked first with a clear reason. */
export function validateIoTune(l: IoTune): void {
  for (const kind of ['BytesSec', 'IopsSec'] as const) {
    const total = l[`total${kind}`] ?? 0;
    const rw = (l[`read${kind}`] ?? 0) + (l[`write${kind}`] ?? 0);
    const what = kind === 'BytesSec' ? 'throughput' : 'IOPS';
    if (total && rw) throw refuse(`A total ${what} limit and separate read/write ${what} limits cannot be set together.`, `Use either the total, or read and write.`);
    for (const dir of ['total', 'read', 'write'] as const) {
      const base = l[`${dir}${kind}`] ?? 0;
      const max = l[`${dir}${kind}Max`] ?? 0;
      if (max && !base) throw refuse(`A ${dir} ${what} burst needs a ${dir} ${what} limit.`, 'Set the limit too, or clear the burst.');
      if (max && max < base) throw refuse(`The ${dir} ${what} burst (${max}) is below its limit (${base}).`, 'A burst allows more than the limit for a while: make it at least the limit.');
    }
  }
}

export function planIoTune(inv: Inventory, uri: string, req: IoTuneSetRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const disk = findDisk(dom, req.target);
  validateIoTune(req.limits);
  const running = dom.state === 'running' || dom.state === 'paused';
  const mode = req.mode ?? (running ? 'both' : 'persistent');
  if (mode !== 'persistent' && !running) throw refuse(`VM "${dom.name}" is not running, so no limit can be set live.`, 'Choose "persistent": it applies at the next start.', 'mode');
  const values = IOTUNE_FIELDS.flatMap((f) => [flag(f), String(req.limits[f] ?? 0)]);
  const set = IOTUNE_FIELDS.filter((f) => (req.limits[f] ?? 0) > 0);
  const summary = set.length ? set.map((f) => `${snake(f)}=${req.limits[f]}`).join(', ') : 'no limits';
  const sides = mode === 'both' ? (['--config', '--live'] as const) : mode === 'live' ? (['--live'] as const) : (['--config'] as const);
  const steps: PlanStep[] = sides.map((side) => ({
    description: side === '--live' ? `Set the I/O limits of ${disk.target} in running VM "${dom.name}" (${summary})` : `Save the I/O limits of ${disk.target} in the configuration of VM "${dom.name}" (${summary})`,
    argv: ['virsh', '--connect', uri, 'blkdeviotune', '--domain', dom.name, '--device', disk.target, ...values, side],
    ...(side === '--live' && mode === 'both' ? { partialNote: `The limits are saved for the next start of "${dom.name}", but the running VM did not take them (it has a pending change).` } : {}),
  }));
  return { title: `I/O limits of ${dom.name}:${disk.target}: ${summary}`, steps, warnings: set.length ? [] : ['This removes every I/O limit of the disk.'] };
}
