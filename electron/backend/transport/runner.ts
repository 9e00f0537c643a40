// The one way Spindle runs anything on a host: a program and an argument
// array, never a shell string built by hand.
export interface RunOptions {
  /** Milliseconds before the command is killed and TIMEOUT is raised. */
  timeoutMs?: number;
  /** Bytes written to the command's standard input (then closed). */
  stdin?: string;
  /** Run through `sudo -n` (never waits for a password). */
  sudo?: boolean;
  signal?: AbortSignal;
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
  /** Called once when the command ends for any reason (exit, kill, lost link). */
  onEnd(cb: (reason: string) => void): void;
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
