// The one way Spindle runs anything on a host: a program and an argument
// array, never a shell string built by hand. Below the interfaces, what the
// local and the SSH runner do alike: the bookkeeping of one run (output,
// timeout, cancel, one outcome) and of one stream (data, lines, one end).
import { SpindleError } from '../../../shared/core/errors.ts';
import { english, msgOf, type Msg, type Text } from '../../../shared/core/messages.ts';
import { place } from './place.ts';

export interface RunOptions {
  /** Milliseconds before the command is killed and TIMEOUT is raised. */
  timeoutMs?: number;
  /** Bytes written to the command's standard input (then closed). */
  stdin?: string;
  /** Run through `sudo -n` (never waits for a password). */
  sudo?: boolean;
  signal?: AbortSignal;
  /**
   * The command dies with Spindle: it runs under a small sh wrapper that
   * kills it when its standard input (held open by Spindle, or by the SSH
   * channel) reaches end of file, as it does when this process is killed,
   * even with kill -9. For long steps (writing a whole image); excludes stdin.
   */
  tether?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when killed by a signal. */
  code: number | null;
  durationMs: number;
}

export interface StreamOptions {
  sudo?: boolean;
  /** Keep stdin open for write() (a persistent virsh session). */
  interactive?: boolean;
}

/** A long-running command: event streams read lines, a session writes commands. */
export interface LineStream {
  onData(cb: (text: string) => void): void;
  onLine(cb: (line: string) => void): void;
  write(text: string): void;
  onStderr(cb: (text: string) => void): void;
  /** Called once when the command ends for any reason (exit, kill, lost link): why in English, and as a message when it is one. */
  onEnd(cb: (reason: string, reasonMsg?: Msg) => void): void;
  stop(): void;
}

export interface Runner {
  /** Human label for errors: "local" or "user@host:port". */
  readonly label: string;
  run(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  stream(argv: readonly string[], opts?: StreamOptions): Promise<LineStream>;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The wrapper of a tethered command (argv as "$@", never inside the script):
 * the command runs in the background with stdin from /dev/null; a watcher
 * reads the tether (our stdin) and kills the command at end of file; TERM,
 * INT and HUP to the wrapper (sudo relays them) are passed on; the exit
 * status is the command's.
 */
export const TETHER_SH = [
  'exec 3<&0 </dev/null',
  'trap \'kill -TERM "$c" 2>/dev/null\' HUP INT TERM',
  '"$@" 3<&- &',
  'c=$!',
  '{ cat >/dev/null; kill -TERM "$c" 2>/dev/null; } <&3 >/dev/null 2>&1 &',
  'w=$!',
  'exec 3<&-',
  'wait "$c"; s=$?',
  // A trapped signal interrupts wait; wait again for the real status.
  'while kill -0 "$c" 2>/dev/null; do wait "$c"; s=$?; done',
  'kill "$w" 2>/dev/null',
  'exit "$s"',
].join('\n');

export function tethered(argv: readonly string[]): string[] {
  return ['sh', '-c', TETHER_SH, 'spindle-tether', ...argv];
}

/** The argument array a runner starts: tethered and/or through sudo. */
export function runnerArgv(argv: readonly string[], opts: Pick<RunOptions, 'sudo' | 'tether'>): string[] {
  return withSudo(opts.tether ? tethered(argv) : argv, opts.sudo);
}

export function withSudo(argv: readonly string[], sudo: boolean | undefined): string[] {
  // `--` stops sudo from reading a program name that starts with '-' as an option.
  return sudo ? ['sudo', '-n', '--', ...argv] : [...argv];
}

/** Splits a byte stream into lines, keeping a partial last line until it completes. */
export class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const text = this.rest + chunk;
    const parts = text.split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.emit(p);
  }
  flush(): void {
    if (this.rest) this.emit(this.rest);
    this.rest = '';
  }
}

/** How one run was asked to stop before it ended. */
export type StopReason = 'timeout' | 'cancel';

/** What a runner tells a run's bookkeeping (runOutcome) as the command goes. */
export interface RunEvents {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** It could not run, or the link to it was lost: the run fails with `e`. */
  fail(e: Error): void;
  /** It exited (null: killed by a signal). */
  exit(code: number | null): void;
}

/**
 * The bookkeeping of one run, the same for a child process and an SSH
 * channel: the output collected; the timeout and the caller's cancel, each
 * stopping the command with `stop` and refusing with the same message; and
 * one outcome only, whichever comes first, after `cleanup`.
 */
export function runOutcome(
  argv: readonly string[],
  where: string,
  opts: Pick<RunOptions, 'timeoutMs' | 'signal'>,
  started: number,
  hooks: { stop(why: StopReason): void; cleanup(): void },
  resolve: (r: RunResult) => void,
  reject: (e: unknown) => void,
): RunEvents {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let settled = false;
  const settle = (fn: () => void): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    hooks.cleanup();
    fn();
  };
  const timer = setTimeout(() => {
    hooks.stop('timeout');
    settle(() => reject(SpindleError.of('TIMEOUT', 'transport.timeout', { program: argv[0] ?? '', seconds: timeoutMs / 1000, where: place(where) }, undefined, { command: argv.join(' ') })));
  }, timeoutMs);
  const onAbort = (): void => {
    hooks.stop('cancel');
    settle(() => reject(SpindleError.of('CANCELLED', 'transport.cancelled', { program: argv[0] ?? '' })));
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    stdout: (d) => void out.push(d),
    stderr: (d) => void err.push(d),
    fail: (e) => settle(() => reject(e)),
    exit: (code) =>
      settle(() =>
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          code,
          durationMs: performance.now() - started,
        }),
      ),
  };
}

/** What a runner tells a stream's bookkeeping (lineStream) as the command goes. */
export interface StreamEvents {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The command is gone (exit, kill, lost link): said once, with why (a message, or an OS error's text). */
  end(reason: Text): void;
}

/**
 * A LineStream over a running command, the same for a child process and an
 * SSH channel: its output to the data and line listeners, and one end (the
 * partial last line flushed, `onGone` called, then the end listeners).
 */
export function lineStream(io: { write(text: string): void; stop(): void; onGone(): void }): { stream: LineStream; events: StreamEvents } {
  const dataCbs: Array<(t: string) => void> = [];
  const lineCbs: Array<(l: string) => void> = [];
  const errCbs: Array<(t: string) => void> = [];
  const endCbs: Array<(r: string, m?: Msg) => void> = [];
  let ended = false;
  const splitter = new LineSplitter((l) => lineCbs.forEach((cb) => cb(l)));
  const events: StreamEvents = {
    stdout: (d) => {
      dataCbs.forEach((cb) => cb(d));
      splitter.push(d);
    },
    stderr: (d) => errCbs.forEach((cb) => cb(d)),
    end: (reason) => {
      if (ended) return;
      ended = true;
      splitter.flush();
      io.onGone();
      endCbs.forEach((cb) => cb(english(reason), msgOf(reason)));
    },
  };
  const stream: LineStream = {
    onData: (cb) => void dataCbs.push(cb),
    onLine: (cb) => void lineCbs.push(cb),
    write: (text) => io.write(text),
    onStderr: (cb) => void errCbs.push(cb),
    onEnd: (cb) => void endCbs.push(cb),
    stop: () => io.stop(),
  };
  return { stream, events };
}
