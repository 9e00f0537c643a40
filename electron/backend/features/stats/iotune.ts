// I/O limits (virsh blkdeviotune): reading them from each configuration the
// disk is in, and a plan that sets all twelve at once, so the disk ends up
// with exactly the limits asked for (blkdeviotune keeps any value it is not
// given). 0 means "no limit". A disk attached "Now only" has no saved
// configuration to read or write (blkdeviotune --config fails "disk 'vdc' was
// not found in the domain config"), a disk saved for the next start no live
// one: both the reading and the plan go by where the disk is.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { modesForDevice, type ChangeMode, type DevicePresence } from '../../../../shared/core/domain-rules.ts';
import { msg, type Msg, type Text } from '../../../../shared/core/messages.ts';
import type { Domain, Inventory } from '../../../../shared/contract/models.ts';
import { diskPresence, IOTUNE_FIELDS, type IoTune, type IoTuneField, type IoTuneReading, type IoTuneSetRequest } from '../../../../shared/contract/features/stats.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
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

/** Where the disk is; the "no such disk" refusal when it is in neither configuration. */
function presenceOf(dom: Domain, target: string): DevicePresence {
  const p = diskPresence(dom, target);
  if (p) return p;
  findDisk(dom, target); // throws: the VM has no such disk
  return { active: false, persistent: false, inLive: false, inSaved: false };
}

/**
 * A disk's limits in each configuration it is in (null where it is not).
 * The one reading both `iotune.get` and `spindle iotune get` use.
 */
export async function readIoTune(exec: Pick<VirshExecutor, 'exec'>, inv: Inventory, domain: string, target: string): Promise<IoTuneReading> {
  const dom = findDomain(inv, domain);
  const p = presenceOf(dom, target);
  const read = (side: 'live' | 'config', there: boolean) => (there ? exec.exec(virsh.blkdeviotune(dom.name, target, side)).then(parseIoTune) : Promise.resolve(null));
  const [live, config] = await Promise.all([read('live', p.active && p.inLive), read('config', p.persistent && p.inSaved)]);
  return { live, config };
}

const KIND = { BytesSec: msg('stats.iotune.kind.bytes'), IopsSec: msg('stats.iotune.kind.iops') } as const;
const DIR: Record<'total' | 'read' | 'write', Msg> = { total: msg('stats.iotune.dir.total'), read: msg('stats.iotune.dir.read'), write: msg('stats.iotune.dir.write') };

/** The rules libvirt and QEMU enforce, checked first with a clear reason. */
export function validateIoTune(l: IoTune): void {
  for (const kind of ['BytesSec', 'IopsSec'] as const) {
    const total = l[`total${kind}`] ?? 0;
    const rw = (l[`read${kind}`] ?? 0) + (l[`write${kind}`] ?? 0);
    const what = KIND[kind];
    if (total && rw) throw SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.totalWithRw', { what }, 'limits');
    for (const dir of ['total', 'read', 'write'] as const) {
      const base = l[`${dir}${kind}`] ?? 0;
      const max = l[`${dir}${kind}Max`] ?? 0;
      if (max && !base) throw SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.burstNeedsBase', { dir: DIR[dir], what }, 'limits');
      if (max && max < base) throw SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.burstBelowBase', { dir: DIR[dir], what, max, base }, 'limits');
    }
  }
}

/** Why a disk cannot take a mode, as the refusal a user sees (field "mode"). */
function modeRefusal(p: DevicePresence, vm: string, target: string): SpindleError {
  if (!p.active) return SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.notRunning', { vm }, 'mode');
  if (!p.persistent) return SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.transient', { vm }, 'mode');
  if (!p.inSaved) return SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.liveOnly', { vm, target }, 'mode');
  return SpindleError.of('INVALID_ARGUMENT', 'stats.iotune.configOnly', { vm, target }, 'mode');
}

export function planIoTune(inv: Inventory, uri: string, req: IoTuneSetRequest): Plan {
  const dom = findDomain(inv, req.domain);
  const target = req.target;
  const p = presenceOf(dom, target);
  validateIoTune(req.limits);
  const modes = modesForDevice(p);
  const mode: ChangeMode | undefined = req.mode ?? modes[0];
  if (mode === undefined || !modes.includes(mode)) throw modeRefusal(p, dom.name, target);
  const values = IOTUNE_FIELDS.flatMap((f) => [flag(f), String(req.limits[f] ?? 0)]);
  const set = IOTUNE_FIELDS.filter((f) => (req.limits[f] ?? 0) > 0);
  // libvirt's own names for the limits: the same in every language.
  const summary: Text = set.length ? set.map((f) => `${snake(f)}=${req.limits[f]}`).join(', ') : msg('stats.iotune.noLimits');
  const sides = mode === 'both' ? (['config', 'live'] as const) : mode === 'live' ? (['live'] as const) : (['config'] as const);
  const steps: PlanStep[] = sides.map((side) => ({
    description: msg(side === 'live' ? 'stats.iotune.stepLive' : 'stats.iotune.stepSaved', { vm: dom.name, target, summary }),
    argv: virshArgv(uri, virsh.blkdeviotune(dom.name, target, side, values)),
    ...(side === 'live' && mode === 'both' ? { partialNote: msg('stats.iotune.partialLive', { vm: dom.name }) } : {}),
  }));
  return { title: msg('stats.iotune.title', { vm: dom.name, target, summary }), steps, warnings: set.length ? [] : [msg('stats.iotune.clearsAll')] };
}
