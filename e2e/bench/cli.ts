// npm run bench:cli — how long the `spindle` command takes as a whole process
// (start-up included), the way a user or a script meets it:
//   - `spindle hosts list` (no connection: start-up, parsing, the settings file);
//   - `spindle inventory --json` of 100 domains x 4 disks + 3 pools x 100 volumes
//     on qemu:///system (made and removed as bench:inventory does: needs root),
//     against the same reads through libvirt-python (what virt-manager uses) as a
//     whole `python3` process, when python3-libvirt is installed; the two are run
//     alternately so a drifting machine moves both.
// Wall times are medians; CPU is the mean of the children's user + system time.
// Prints figures and ends with one line:
//   bench:cli hosts_list_s=<median> inventory_s=<median> [libvirt_python_s=<median> ratio=<inventory/python>]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain ES module beside bin.js, no types
import { buildCli } from '../../electron/backend/cli/build.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BIN = path.join(ROOT, 'electron/backend/cli/bin.js');
const URI = 'qemu:///system';
const RUNS = 11;
const TICK = 100; // USER_HZ: /proc times are in 1/100 s

/** User + system seconds of the children this process has waited for (Linux). */
function childCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields 16 and 17 (cutime, cstime), counted from field 3 (state, after the name in parentheses).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / TICK;
}

interface Timing {
  wall: number[];
  cpu: number;
}

/** Runs `argv` `runs` times (after one warm-up), each a whole process, its output thrown away. */
function time(argv: string[], env: NodeJS.ProcessEnv, runs: number, check?: (stdout: string) => void): Timing {
  const run = (capture: boolean): number => {
    const t0 = performance.now();
    const r = spawnSync(argv[0] ?? '', argv.slice(1), { env, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 256 << 20, encoding: 'utf8' });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (capture) check?.(r.stdout);
    return s;
  };
  run(true);
  const cpu0 = childCpu();
  const wall = Array.from({ length: runs }, () => run(false));
  return { wall, cpu: (childCpu() - cpu0) / runs };
}

/** Two commands run in turn, A B A B ...: pairing keeps their ratio fair while the machine's speed drifts. */
function alternate(a: string[], b: string[], env: NodeJS.ProcessEnv, runs: number, checkA: (s: string) => void, checkB: (s: string) => void): { a: Timing; b: Timing } {
  const ta: Timing = { wall: [], cpu: 0 };
  const tb: Timing = { wall: [], cpu: 0 };
  time(a, env, 0, checkA);
  time(b, env, 0, checkB);
  for (let i = 0; i < runs; i++) {
    const x = time(a, env, 1);
    const y = time(b, env, 1);
    ta.wall.push(...x.wall);
    tb.wall.push(...y.wall);
    ta.cpu += x.cpu / runs;
    tb.cpu += y.cpu / runs;
  }
  return { a: ta, b: tb };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const fmt = (t: Timing): string => `median ${median(t.wall).toFixed(3)} s (min ${Math.min(...t.wall).toFixed(3)}, max ${Math.max(...t.wall).toFixed(3)}), cpu ${t.cpu.toFixed(3)} s`;

/** The inventory's reads through libvirt-python: every domain's XML (and the saved one of running domains), every pool's and volume's XML and info. */
const PYTHON_READS = String.raw`
import libvirt, sys
c = libvirt.open(sys.argv[1])
n = 0
for d in c.listAllDomains():
    d.XMLDesc(0); d.info(); n += 1
    if d.isActive(): d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
v = 0
for p in c.listAllStoragePools():
    p.XMLDesc(0); p.info()
    if p.isActive():
        for vol in p.listAllVolumes():
            vol.XMLDesc(0); vol.info(); v += 1
print(n, v)
`;

/** A python3 that has the libvirt module (the one on PATH, else Debian's), or null. */
function pythonWithLibvirt(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(py, ['-c', 'import libvirt'], { stdio: 'ignore' });
      return py;
    } catch {
      /* not this one */
    }
  }
  return null;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:cli needs root (it defines 100 domains on qemu:///system)');
  // A fresh bundle first, so no timed run builds it.
  await (buildCli as (o: { quiet: boolean }) => Promise<void>)({ quiet: true });
  const cfg = mkdtempSync(path.join(os.tmpdir(), 'spindle-bench-cli-'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-bench-'));
  const env = { ...process.env, SPINDLE_CONFIG_DIR: cfg };
  const spindle = (...args: string[]): string[] => [process.execPath, BIN, ...args];
  // The domains and pools of bench:inventory, made by its own script.
  const objects = (flag: '--setup' | '--cleanup', where: string): void => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'e2e/bench/inventory.ts'), flag, where], { cwd: ROOT, stdio: 'inherit' });
  };
  try {
    execFileSync('chmod', ['755', dir]);
    execFileSync(process.execPath, [BIN, 'hosts', 'add', 'local', '--local', '--uri', URI], { env, stdio: 'ignore' });

    // Beside an empty node process: what Spindle adds to node's own start, whatever the machine's load.
    const { a: hosts, b: node } = alternate(
      spindle('hosts', 'list'),
      [process.execPath, '-e', '0'],
      env,
      RUNS,
      (out) => {
        if (!out.includes('local')) throw new Error(`hosts list printed: ${out}`);
      },
      () => undefined,
    );
    console.log(`spindle hosts list: ${fmt(hosts)}`);
    console.log(`  node -e 0, run in turn with it: ${fmt(node)}`);

    objects('--cleanup', path.join(os.tmpdir(), 'spindle-bench-nonexistent'));
    const t0 = performance.now();
    objects('--setup', dir);
    console.log(`setup: 100 domains x 4 disks, 3 pools x 100 volumes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const checkInventory = (out: string): void => {
      const inv = JSON.parse(out) as { domains: Array<{ name: string; disks: unknown[] }>; pools: Array<{ name: string; volumes: unknown[] }> };
      const doms = inv.domains.filter((d) => d.name.startsWith('spindle-bench-vm'));
      const vols = inv.pools.filter((p) => p.name.startsWith('spindle-bench-pool')).reduce((n, p) => n + p.volumes.length, 0);
      if (doms.length !== 100 || doms.some((d) => d.disks.length !== 4) || vols !== 300) throw new Error(`inventory read ${doms.length} bench domains and ${vols} volumes`);
    };
    const inventory = spindle('inventory', '--host', 'local', '--json');
    const py = pythonWithLibvirt();
    let inv: Timing;
    let base: Timing | null = null;
    if (py) {
      const both = alternate(inventory, [py, '-c', PYTHON_READS, URI], env, RUNS, checkInventory, (out) => {
        const [n, v] = out.trim().split(' ').map(Number);
        if ((n ?? 0) < 100 || (v ?? 0) < 300) throw new Error(`libvirt-python read ${out}`);
      });
      inv = both.a;
      base = both.b;
    } else {
      inv = time(inventory, env, RUNS, checkInventory);
    }
    console.log(`spindle inventory --json: ${fmt(inv)}`);
    if (base) {
      console.log(`libvirt-python, the same reads (${py}): ${fmt(base)}`);
      console.log(`  spindle / libvirt-python: wall ${(median(inv.wall) / median(base.wall)).toFixed(1)}x, cpu ${(inv.cpu / base.cpu).toFixed(1)}x`);
    } else {
      console.log('libvirt-python: not installed (apt-get install python3-libvirt), no baseline');
    }
    console.log('targets: hosts list <= 0.15 s');
    const tail = base ? ` libvirt_python_s=${median(base.wall).toFixed(3)} ratio=${(median(inv.wall) / median(base.wall)).toFixed(1)}` : '';
    console.log(`bench:cli hosts_list_s=${median(hosts.wall).toFixed(3)} inventory_s=${median(inv.wall).toFixed(3)}${tail}`);
  } finally {
    objects('--cleanup', dir);
    rmSync(cfg, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:cli failed: ${(e as Error).message}`);
  process.exit(1);
});
