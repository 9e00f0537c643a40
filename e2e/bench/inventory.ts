// npm run bench:inventory — how long a full inventory load takes on a host
// with 100 domains x 4 disks and 3 dir pools x 100 volumes: through the
// backend locally and over SSH to 127.0.0.1, against a naive loader that runs
// one virsh process per object. Needs root and the test bed (sshd).
// Prints figures and ends with one line:
//   bench:inventory local_s=<median> ssh_s=<median> naive_s=<median> speedup=<naive/local>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import { HostKeyStore } from '../../electron/backend/transport/host-keys.ts';
import { parseNameList, parseVolList } from '../../electron/backend/libvirt/parse-text.ts';
import type { HostConfig } from '../../shared/contract/models.ts';

const URI = 'qemu:///system';
const DOMAINS = 100;
const DISKS = 4;
const POOLS = 3;
const VOLUMES = 100;
const RUNS = 5;
const PREFIX = 'spindle-bench';

const virsh = (...args: string[]): string => execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function setup(dir: string): void {
  const cmds: string[] = [];
  for (let p = 0; p < POOLS; p++) {
    const target = path.join(dir, `pool${p}`);
    execFileSync('mkdir', ['-p', target]);
    cmds.push(`pool-create-as ${PREFIX}-pool${p} dir --target ${target}`);
    for (let v = 0; v < VOLUMES; v++) cmds.push(`vol-create-as ${PREFIX}-pool${p} vol${v}.qcow2 16M --format qcow2`);
  }
  for (let d = 0; d < DOMAINS; d++) {
    const disks = Array.from({ length: DISKS }, (_, k) => {
      const p = k % POOLS;
      const v = (d * DISKS + k) % VOLUMES;
      return `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${dir}/pool${p}/vol${v}.qcow2'/><target dev='vd${String.fromCharCode(97 + k)}' bus='virtio'/></disk>`;
    }).join('');
    const xml = `<domain type='qemu'><name>${PREFIX}-vm${d}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${disks}</devices></domain>`;
    const f = path.join(dir, `vm${d}.xml`);
    writeFileSync(f, xml);
    cmds.push(`define ${f}`);
  }
  execFileSync('virsh', ['-q', '-c', URI, cmds.join(' ; ')], { stdio: 'ignore', maxBuffer: 64 << 20 });
}

function cleanup(dir: string): void {
  const doms = parseNameList(virsh('list', '--all', '--name')).filter((n) => n.startsWith(`${PREFIX}-vm`));
  const pools = parseNameList(virsh('pool-list', '--all', '--name')).filter((n) => n.startsWith(`${PREFIX}-pool`));
  const cmds = [...doms.map((d) => `undefine ${d}`), ...pools.map((p) => `pool-destroy ${p}`)];
  if (cmds.length) execFileSync('virsh', ['-q', '-c', URI, cmds.join(' ; ')], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

/** One virsh process per object, the way a shell script would do it. */
function naiveLoad(): number {
  const t0 = performance.now();
  const doms = parseNameList(virsh('list', '--all', '--name'));
  const pools = parseNameList(virsh('pool-list', '--name')); // active pools: only they have volumes
  for (const d of doms) virsh('dumpxml', d);
  for (const p of pools) {
    virsh('pool-dumpxml', p);
    for (const v of parseVolList(virsh('vol-list', p))) virsh('vol-dumpxml', '--pool', p, v.name);
  }
  return (performance.now() - t0) / 1000;
}

async function timeBackend(host: HostConfig, keys: HostKeyStore, secrets: object): Promise<{ times: number[]; domains: number; volumes: number }> {
  const s = new HostSession(host, { hostKeys: keys, secrets });
  const times: number[] = [];
  let domains = 0;
  let volumes = 0;
  try {
    await s.check(); // connection setup is not part of a load
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const inv = await s.reload();
      times.push((performance.now() - t0) / 1000);
      domains = inv.domains.length;
      volumes = inv.pools.reduce((n, p) => n + p.volumes.length, 0);
    }
  } finally {
    await s.close();
  }
  return { times, domains, volumes };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:inventory needs root (it defines domains on qemu:///system)');
  const bed = JSON.parse(readFileSync('/var/lib/spindle-testbed/testbed.json', 'utf8')) as {
    ssh: { host: string; port: number; user: string; keyPath: string; hostKeyPub: string };
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), `${PREFIX}-`));
  execFileSync('chmod', ['755', dir]);
  const cfg = mkdtempSync(path.join(os.tmpdir(), 'spindle-bench-cfg-'));
  cleanup(path.join(os.tmpdir(), 'nonexistent'));
  try {
    const t0 = performance.now();
    setup(dir);
    console.log(`setup: ${DOMAINS} domains x ${DISKS} disks, ${POOLS} pools x ${VOLUMES} volumes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const keys = new HostKeyStore(cfg, []);
    const fp = execFileSync('ssh-keygen', ['-lf', bed.ssh.hostKeyPub], { encoding: 'utf8' }).split(' ')[1] ?? '';

    const local = await timeBackend({ kind: 'local', name: 'local', uri: URI, sudo: false }, keys, {});
    console.log(`backend local: ${local.domains} domains, ${local.volumes} volumes; runs ${local.times.map((t) => t.toFixed(3)).join(' ')} s`);
    const ssh = await timeBackend(
      { kind: 'ssh', name: 'loopback', host: bed.ssh.host, port: bed.ssh.port, user: bed.ssh.user, auth: 'key', keyPath: bed.ssh.keyPath, uri: URI, sudo: true },
      keys,
      { acceptFingerprint: fp },
    );
    console.log(`backend ssh:   ${ssh.domains} domains, ${ssh.volumes} volumes; runs ${ssh.times.map((t) => t.toFixed(3)).join(' ')} s`);
    const naive: number[] = [];
    for (let i = 0; i < RUNS; i++) naive.push(naiveLoad());
    console.log(`naive (one virsh per object): runs ${naive.map((t) => t.toFixed(3)).join(' ')} s`);

    const l = median(local.times);
    const s = median(ssh.times);
    const n = median(naive);
    console.log(`targets: local <= 0.3 s, ssh <= 0.5 s, speedup >= 25`);
    console.log(`bench:inventory local_s=${l.toFixed(3)} ssh_s=${s.toFixed(3)} naive_s=${n.toFixed(3)} speedup=${(n / l).toFixed(1)}`);
  } finally {
    cleanup(dir);
    rmSync(cfg, { recursive: true, force: true });
  }
}

// --setup DIR / --cleanup DIR: leave the objects defined for profiling.
const [flag, arg] = process.argv.slice(2);
const run = flag === '--setup' && arg ? async () => setup(arg) : flag === '--cleanup' && arg ? async () => cleanup(arg) : main;
run().catch((e: unknown) => {
  console.error(`bench:inventory failed: ${(e as Error).message}`);
  process.exit(1);
});
