// Real faults for the reconnect tests: TCP resets of established connections
// and a libvirtd restart (an sshd that can be stopped hard is temp-sshd.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/**
 * Resets (RST) every established TCP connection to `port` from this machine,
 * as a flaky network or a stateful firewall would. Returns how many it reset.
 */
export function resetConnections(port: number): number {
  const out = execFileSync('ss', ['-K', '-t', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`:${port}`)).length;
}

/** Stops libvirtd, starts it again (the test bed's own script); resolves when it answers, with that time. */
export function restartLibvirtd(): number {
  execFileSync('pkill', ['-x', 'libvirtd']);
  for (let i = 0; i < 200; i++) {
    try {
      execFileSync('pgrep', ['-x', 'libvirtd'], { stdio: 'ignore' });
      execFileSync('sleep', ['0.05']);
    } catch {
      break; // gone
    }
  }
  execFileSync('bash', [path.join(ROOT, 'e2e/testbed/host-setup.sh')], { stdio: 'ignore' });
  return Date.now();
}
