// The QEMU guest agent, reached through `virsh qemu-agent-command`: guest
// filesystems (guest-get-fsinfo) matched to the VM's disks, and commands run
// inside the guest (guest-exec, then guest-exec-status until it exits).
import { SpindleError, toSpindleError } from '../../../../shared/core/errors.ts';
import type { GuestFs } from '../../../../shared/contract/ops.ts';
import type { HostSession } from '../../session/host-session.ts';
import { attr, child, children, childText, parseXml } from '../../libvirt/xml.ts';

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

export interface DiskAddress {
  target: string;
  serial?: string;
  pci?: PciAddress;
}

/** Each disk's target, serial and PCI address in the live domain XML. */
export function parseDiskAddresses(domainXml: string): DiskAddress[] {
  const devices = child(child(parseXml(domainXml), 'domain'), 'devices');
  return children(devices, 'disk').flatMap((d) => {
    const target = attr(child(d, 'target'), 'dev');
    if (!target) return [];
    const out: DiskAddress = { target };
    const serial = childText(d, 'serial');
    if (serial) out.serial = serial;
    const a = child(d, 'address');
    if (a && attr(a, 'type') === 'pci') {
      const n = (k: string): number => Number.parseInt(attr(a, k) ?? '0', 16);
      out.pci = { domain: n('domain'), bus: n('bus'), slot: n('slot'), function: n('function') };
    }
    return [out];
  });
}

interface AgentDisk {
  serial?: string;
  dev?: string;
  'bus-type'?: string;
  'pci-controller'?: PciAddress;
}

interface AgentFs {
  name: string;
  mountpoint: string;
  type: string;
  'used-bytes'?: number;
  'total-bytes'?: number;
  disk?: AgentDisk[];
}

/**
 * Which VM disk an agent disk is: its serial when set, else its PCI address
 * (exact for virtio), else the guest's device name. Guest names are the last
 * resort: after hot-plugging, libvirt's vdf can be the guest's /dev/vdc.
 */
export function matchAgentDisk(d: AgentDisk, disks: DiskAddress[]): string | undefined {
  if (d.serial) {
    const bySerial = disks.find((x) => x.serial === d.serial);
    if (bySerial) return bySerial.target;
  }
  const p = d['pci-controller'];
  if (p && d['bus-type'] === 'virtio') {
    const byPci = disks.find((x) => x.pci && x.pci.domain === p.domain && x.pci.bus === p.bus && x.pci.slot === p.slot && x.pci.function === p.function);
    if (byPci) return byPci.target;
  }
  const name = d.dev?.replace(/^\/dev\//, '');
  return name && disks.some((x) => x.target === name) ? name : undefined;
}

export function parseFsInfo(json: string, disks: DiskAddress[]): GuestFs['filesystems'] {
  const parsed = JSON.parse(json) as { return?: AgentFs[] };
  return (parsed.return ?? []).map((f) => {
    const out: GuestFs['filesystems'][number] = {
      mountpoint: f.mountpoint,
      type: f.type,
      // name is the kernel's block device of the filesystem itself (vdc1 on a partition of vdc).
      device: `/dev/${f.name}`,
      targets: [...new Set((f.disk ?? []).map((d) => matchAgentDisk(d, disks)).filter((t): t is string => !!t))],
    };
    const disk = f.disk?.[0]?.dev;
    if (disk && disk.replace(/^\/dev\//, '') !== f.name) out.parentDevice = disk;
    if (typeof f['used-bytes'] === 'number') out.usedBytes = f['used-bytes'];
    if (typeof f['total-bytes'] === 'number') out.totalBytes = f['total-bytes'];
    return out;
  });
}

/** The argv of one agent command (what plans show and run). */
export function agentArgv(uri: string, domain: string, command: string, args?: unknown, timeoutS = 10): string[] {
  const body = JSON.stringify(args === undefined ? { execute: command } : { execute: command, arguments: args });
  return ['virsh', '--connect', uri, 'qemu-agent-command', '--domain', domain, '--timeout', String(timeoutS), body];
}

export async function agentCommand<T>(session: HostSession, domain: string, command: string, args?: unknown, timeoutS = 10): Promise<T> {
  const out = await session.virsh.exec(agentArgv(session.config.uri, domain, command, args, timeoutS).slice(3));
  const parsed = JSON.parse(out) as { return: T };
  return parsed.return;
}

/**
 * Filesystems mounted in a running guest, each with the VM disks it sits on.
 * `xml` is the live domain XML when the caller has read it already.
 */
export async function guestFsInfo(session: HostSession, domain: string, xml?: string): Promise<GuestFs> {
  const running = session.getInventory()?.domains.find((d) => d.name === domain);
  if (running && running.state !== 'running') return { agent: 'not-running', filesystems: [] };
  xml ??= await session.virsh.exec(['dumpxml', '--domain', domain]);
  try {
    const out = await session.virsh.exec(agentArgv(session.config.uri, domain, 'guest-get-fsinfo').slice(3));
    return { agent: 'ok', filesystems: parseFsInfo(out, parseDiskAddresses(xml)) };
  } catch (e) {
    const err = toSpindleError(e);
    const text = `${err.message} ${err.details?.stderr ?? ''}`;
    // "not supported by the connection driver": libvirt's test driver (the Demo host) has no agent at all.
    if (/not configured|not supported by the connection driver/i.test(text)) return { agent: 'missing', filesystems: [] };
    if (/not responding|not connected|timed out|Timed out/i.test(text)) return { agent: 'unresponsive', filesystems: [] };
    if (/not running/i.test(text)) return { agent: 'not-running', filesystems: [] };
    throw err;
  }
}

export interface GuestExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The guest-exec request for a program and its arguments (no shell inside the guest either); `input` becomes its stdin. */
export function guestExecArgs(argv: readonly string[], input?: string): { path: string; arg: string[]; 'capture-output': true; 'input-data'?: string } {
  const [path, ...arg] = argv;
  if (!path) throw new SpindleError('INVALID_ARGUMENT', 'No program to run in the guest.');
  return { path, arg, 'capture-output': true, ...(input !== undefined ? { 'input-data': Buffer.from(input, 'utf8').toString('base64') } : {}) };
}

/** Runs a program in the guest and waits for it; a non-zero exit is returned, not thrown. */
export async function runInGuest(session: HostSession, domain: string, argv: readonly string[], input?: string, timeoutMs = 60_000): Promise<GuestExecResult> {
  const started = await agentCommand<{ pid?: number }>(session, domain, 'guest-exec', guestExecArgs(argv, input));
  if (typeof started.pid !== 'number') throw new SpindleError('AGENT_UNAVAILABLE', `The guest agent of "${domain}" did not start ${argv[0] ?? 'the command'}.`);
  return waitGuestExec(session, domain, started.pid, timeoutMs, 100);
}

/** Waits for a started guest-exec to end and returns its exit code and output. */
export async function waitGuestExec(session: HostSession, domain: string, pid: number, timeoutMs = 120_000, pollMs = 200): Promise<GuestExecResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await agentCommand<{ exited: boolean; exitcode?: number; signal?: number; 'out-data'?: string; 'err-data'?: string }>(session, domain, 'guest-exec-status', { pid });
    if (st.exited) {
      return {
        exitCode: st.exitcode ?? (st.signal !== undefined ? 128 + st.signal : -1),
        stdout: Buffer.from(st['out-data'] ?? '', 'base64').toString('utf8'),
        stderr: Buffer.from(st['err-data'] ?? '', 'base64').toString('utf8'),
      };
    }
    if (Date.now() > deadline) throw new SpindleError('TIMEOUT', `The command in the guest (pid ${pid}) did not finish in ${Math.round(timeoutMs / 1000)} s.`, 'It may still be running in the guest.');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
