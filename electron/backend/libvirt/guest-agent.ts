// The QEMU guest agent's protocol, reached through `virsh qemu-agent-command`:
// one agent command, and a program run inside the guest (guest-exec returns a
// pid at once; guest-exec-status is asked until the program has exited). The
// plan executor and the features both run guest commands through these.
import { SpindleError } from '../../../shared/core/errors.ts';
import { virsh, virshArgv } from './commands.ts';
import type { VirshExecutor } from './virsh.ts';

/** Whatever can run virsh on the guest's host (a HostSession is one). */
export interface AgentHost {
  readonly virsh: VirshExecutor;
}

/** The argv of one agent command (what plans show and run). */
export function agentArgv(uri: string, domain: string, command: string, args?: unknown, timeoutS = 10): string[] {
  const body = JSON.stringify(args === undefined ? { execute: command } : { execute: command, arguments: args });
  return virshArgv(uri, virsh.qemuAgentCommand(domain, body, timeoutS));
}

export async function agentCommand<T>(host: AgentHost, domain: string, command: string, args?: unknown, timeoutS = 10): Promise<T> {
  const body = JSON.stringify(args === undefined ? { execute: command } : { execute: command, arguments: args });
  const out = await host.virsh.exec(virsh.qemuAgentCommand(domain, body, timeoutS));
  const parsed = JSON.parse(out) as { return: T };
  return parsed.return;
}

export interface GuestExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The guest-exec request for a program and its arguments (no shell inside the guest either); `input` becomes its stdin. */
export function guestExecArgs(argv: readonly string[], input?: string): { path: string; arg: string[]; 'capture-output': true; 'input-data'?: string } {
  const [path, ...arg] = argv;
  if (!path) throw SpindleError.of('INVALID_ARGUMENT', 'plan.guest.noProgram');
  return { path, arg, 'capture-output': true, ...(input !== undefined ? { 'input-data': Buffer.from(input, 'utf8').toString('base64') } : {}) };
}

/** The pid a guest-exec answered with; refuses an answer without one. */
export function guestExecPid(answer: { pid?: number } | undefined, domain: string, program: string | undefined): number {
  if (typeof answer?.pid === 'number') return answer.pid;
  throw SpindleError.of('AGENT_UNAVAILABLE', 'plan.guest.notStarted', { domain, program: program ?? '' });
}

/** Runs a program in the guest and waits for it; a non-zero exit is returned, not thrown. */
export async function runInGuest(host: AgentHost, domain: string, argv: readonly string[], input?: string, timeoutMs = 60_000): Promise<GuestExecResult> {
  const started = await agentCommand<{ pid?: number }>(host, domain, 'guest-exec', guestExecArgs(argv, input));
  return waitGuestExec(host, domain, guestExecPid(started, domain, argv[0]), timeoutMs, 100);
}

/** Waits for a started guest-exec to end and returns its exit code and output. */
export async function waitGuestExec(host: AgentHost, domain: string, pid: number, timeoutMs = 120_000, pollMs = 200): Promise<GuestExecResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await agentCommand<{ exited: boolean; exitcode?: number; signal?: number; 'out-data'?: string; 'err-data'?: string }>(host, domain, 'guest-exec-status', { pid });
    if (st.exited) {
      return {
        exitCode: st.exitcode ?? (st.signal !== undefined ? 128 + st.signal : -1),
        stdout: Buffer.from(st['out-data'] ?? '', 'base64').toString('utf8'),
        stderr: Buffer.from(st['err-data'] ?? '', 'base64').toString('utf8'),
      };
    }
    if (Date.now() > deadline) throw SpindleError.of('TIMEOUT', 'plan.guest.timeout', { pid, seconds: Math.round(timeoutMs / 1000) });
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * The same protocol in a plan's exported shell script: a guest-exec returns a
 * pid at once, so this waits for the command and fails when it does.
 */
export const GUEST_EXEC_SH: string[] = String.raw`# spindle_guest_exec URI DOMAIN REQUEST: a guest-exec, then wait for its exit status.
spindle_guest_exec() {
  pid=$(virsh --connect "$1" qemu-agent-command --domain "$2" "$3" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
  [ -n "$pid" ] || return 1
  while :; do
    st=$(virsh --connect "$1" qemu-agent-command --domain "$2" "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}")
    case $st in *'"exited":true'*) break ;; esac
    sleep 0.2
  done
  case $st in *'"exitcode":0'*) ;; *) printf '%s\n' "$st" >&2; return 1 ;; esac
}`.split('\n');
