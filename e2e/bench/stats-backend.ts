// The backend half of bench:stats: CPU time per tick for 50 running domains x
// 4 disks. The domstats text is built from a real recorded sample (the test
// bed's vdb block while the guest wrote with dd oflag=direct), replicated with
// rising counters, and goes through the real code of a tick: parse, rates,
// the 10-minute ring, the outgoing event's schema check, alert rules (one per
// disk) and the JSON the carrier sends. The baseline parses the same text
// with the general-purpose domstats parser the inventory uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENTS } from '../../shared/contract/api.ts';
import type { AlertRule } from '../../shared/contract/features/stats.ts';
import { blockStatsByTarget, parseDomStats } from '../../electron/backend/libvirt/parse-text.ts';
import { AlertEngine } from '../../electron/backend/features/stats/alerts.ts';
import { parseBlockCounters } from '../../electron/backend/features/stats/counters.ts';
import { HostSampler } from '../../electron/backend/features/stats/sampler.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const DOMAINS = 50;
export const DISKS = 4;

/** The block lines of vdb in the recorded sample, as a template with its counters. */
function template(): Array<[string, number]> {
  const text = readFileSync(path.join(root, 'electron/backend/features/stats/testdata/domstats-2.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('  block.1.'))
    .map((l) => {
      const [k, v] = l.trim().slice('block.1.'.length).split('=');
      return [k ?? '', Number(v)] as [string, number];
    })
    .filter(([k]) => k !== 'name' && k !== 'path');
}

function domstats(tick: number, tpl: Array<[string, number]>): string {
  const out: string[] = [];
  for (let d = 0; d < DOMAINS; d++) {
    out.push(`Domain: 'vm-${d}'`, `  block.count=${DISKS}`);
    for (let i = 0; i < DISKS; i++) {
      out.push(`  block.${i}.name=vd${String.fromCharCode(97 + i)}`, `  block.${i}.path=/var/lib/libvirt/images/vm-${d}-${i}.qcow2`);
      for (const [k, v] of tpl) {
        const grow = k.endsWith('reqs') ? 5000 : k.endsWith('bytes') ? 5000 * 4096 : k.endsWith('times') ? 5000 * 90_000 : 0;
        out.push(`  block.${i}.${k}=${v + tick * grow * (1 + ((d + i) % 7))}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

export async function backendMsPerTick(ticks = 300): Promise<{ backendMs: number; parseMs: number; baselineParseMs: number }> {
  const tpl = template();
  const texts = Array.from({ length: ticks + 1 }, (_, i) => domstats(i, tpl));
  const sampler = new HostSampler('bench', () => undefined);
  const alerts = new AlertEngine('/nonexistent');
  const rules: AlertRule[] = [];
  for (let d = 0; d < DOMAINS; d++) for (let i = 0; i < DISKS; i++) rules.push({ id: `r${d}-${i}`, scope: { kind: 'disk', host: 'bench', domain: `vm-${d}`, target: `vd${String.fromCharCode(97 + i)}` }, metric: 'iops', limit: 1e9 });
  (alerts as unknown as { rules: AlertRule[] }).rules = rules; // no file: the bench measures evaluation only
  sampler.ingest(texts[0]!, 0);
  const cpu0 = process.cpuUsage();
  for (let i = 1; i <= ticks; i++) {
    const tick = sampler.ingest(texts[i]!, i * 1000)!;
    const ok = EVENTS.stats.safeParse(tick);
    if (!ok.success) throw new Error('bad tick');
    alerts.onTick(tick);
    JSON.stringify({ event: 'stats', payload: ok.data });
  }
  const cpu = process.cpuUsage(cpu0);
  const base0 = process.cpuUsage();
  for (let i = 1; i <= ticks; i++) {
    for (const m of parseDomStats(texts[i]!).values()) blockStatsByTarget(m);
  }
  const base = process.cpuUsage(base0);
  const own0 = process.cpuUsage();
  for (let i = 1; i <= ticks; i++) parseBlockCounters(texts[i]!);
  const own = process.cpuUsage(own0);
  const ms = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000 / ticks;
  return { backendMs: ms(cpu), parseMs: ms(own), baselineParseMs: ms(base) };
}
