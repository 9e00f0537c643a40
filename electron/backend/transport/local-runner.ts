// Runs programs on this machine with child_process and no shell, so argument
// arrays reach the program byte for byte.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { commandNotFound } from './command-errors.ts';
import { LOCAL_LABEL, place } from './place.ts';
import { assertArgumentSafe } from './quote.ts';
import { lineStream, runnerArgv, runOutcome, withSudo, type LineStream, type RunOptions, type RunResult, type Runner, type StreamOptions } from './runner.ts';

export class LocalRunner implements Runner {
  readonly label = LOCAL_LABEL;
  private readonly children = new Set<ChildProcess>();

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    if (opts.tether && opts.stdin !== undefined) throw SpindleError.of('INVALID_ARGUMENT', 'transport.tetherStdin');
    const full = runnerArgv(argv, opts);
    full.forEach(assertArgumentSafe);
    const [program, ...args] = full;
    if (!program) throw SpindleError.of('INVALID_ARGUMENT', 'transport.emptyCommand');
    const started = performance.now();

    // Input goes in through a file, not a pipe: Node's child "pipes" are
    // sockets, and programs that open /dev/stdin (virsh ... --file /dev/stdin)
    // get ENXIO on a socket.
    const stdinFd = opts.stdin !== undefined ? stdinFile(opts.stdin) : null;
    return new Promise<RunResult>((resolve, reject) => {
      let child: ChildProcess & { stdout: NonNullable<ChildProcess['stdout']>; stderr: NonNullable<ChildProcess['stderr']> };
      try {
        child = spawn(program, args, {
          shell: false,
          stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
          env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' },
        }) as typeof child;
      } finally {
        if (stdinFd !== null) closeSync(stdinFd);
      }
      this.children.add(child);
      const run = runOutcome(
        argv,
        this.label,
        opts,
        started,
        {
          stop: (why) => {
            // TERM first: sudo relays it to the command (it cannot relay KILL).
            child.kill('SIGTERM');
            if (why === 'timeout') setTimeout(() => child.kill('SIGKILL'), 300).unref();
          },
          cleanup: () => this.children.delete(child),
        },
        resolve,
        reject,
      );
      child.stdout.on('data', run.stdout);
      child.stderr.on('data', run.stderr);
      child.on('error', (e: NodeJS.ErrnoException) => {
        run.fail(e.code === 'ENOENT' ? commandNotFound(program, this.label) : SpindleError.of('COMMAND_FAILED', 'transport.startFailed', { program, where: place(this.label), error: e.message }));
      });
      child.on('close', run.exit);
      if (child.stdin) {
        child.stdin.on('error', () => undefined); // the program may exit before reading stdin
        // A tether stays open while the command runs: its end is what kills the command.
        if (opts.tether) child.once('exit', () => child.stdin?.end());
        else child.stdin.end('');
      }
    });
  }

  async stream(argv: readonly string[], opts: StreamOptions = {}): Promise<LineStream> {
    const full = withSudo(argv, opts.sudo);
    full.forEach(assertArgumentSafe);
    const [program, ...args] = full;
    if (!program) throw SpindleError.of('INVALID_ARGUMENT', 'transport.emptyCommand');
    const child = spawn(program, args, { shell: false, stdio: [opts.interactive ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    this.children.add(child);
    return childLineStream(child, () => this.children.delete(child), program, this.label);
  }

  async close(): Promise<void> {
    for (const c of this.children) c.kill('SIGTERM');
    this.children.clear();
  }
}

/**
 * An unlinked temporary file holding `data`, opened for reading. It lives in
 * /dev/shm (memory) where that exists, so input that may hold a secret never
 * reaches a disk; mode 0600 and unlinked before the program even starts.
 */
function stdinFile(data: string): number {
  const dir = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const file = path.join(dir, `spindle-stdin-${process.pid}-${randomBytes(8).toString('hex')}`);
  const w = openSync(file, 'wx', 0o600);
  try {
    writeSync(w, data);
  } finally {
    closeSync(w);
  }
  const r = openSync(file, 'r');
  unlinkSync(file);
  return r;
}

function childLineStream(child: ChildProcess, onGone: () => void, program: string, where: string): LineStream {
  const { stream, events } = lineStream({
    write: (text) => {
      child.stdin?.write(text);
    },
    stop: () => {
      child.kill('SIGTERM');
    },
    onGone,
  });
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', events.stdout);
  child.stdin?.on('error', () => undefined);
  child.stderr?.on('data', events.stderr);
  child.on('error', (e: NodeJS.ErrnoException) => {
    const missing = e.code === 'ENOENT' ? commandNotFound(program, where) : undefined;
    events.end(missing ? (missing.msg ?? missing.message) : e.message);
  });
  child.on('close', (code, signal) => events.end(msg('transport.stream.exited', { code: code ?? signal ?? '' })));
  return stream;
}
