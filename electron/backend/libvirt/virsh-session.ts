// A persistent interactive virsh process. libvirt's test driver
// (test:///default) keeps its state inside the client, so the Demo host needs
// one long-lived connection for changes to persist. Commands are written to
// virsh's stdin; each request ends with an `echo` marker on stdout and a
// deliberately failing lookup whose error marks the end of stderr, so output and
// errors are attributed to the right request without timing guesses.
import { randomBytes } from 'node:crypto';
import { SpindleError } from '../../../shared/core/errors.ts';
import { mapVirshError } from '../transport/command-errors.ts';
import { place } from '../transport/place.ts';
import type { LineStream, RunOptions, Runner } from '../transport/runner.ts';
import { virshLine, type BatchOutput, type VirshExecutor } from './virsh.ts';

interface Pending {
  lines: string[];
  marks: string[];
  errMark: string;
  /** The last stdout marker has arrived; only stderr's is awaited. */
  stdoutDone?: boolean;
  resolve: (r: BatchOutput) => void;
  reject: (e: SpindleError) => void;
  timer: NodeJS.Timeout;
}

export class VirshSession implements VirshExecutor {
  readonly where: string;
  private proc: LineStream | null = null;
  private starting: Promise<LineStream> | null = null;
  private out = '';
  /** How much of `out` has been searched for the end marker already. */
  private scanned = 0;
  private err = '';
  private current: Pending | null = null;
  private readonly queue: Array<() => void> = [];
  private readonly nonce = randomBytes(6).toString('hex');
  private seq = 0;
  private closed = false;
  /** One request at a time: set while a request is written or awaited. */
  private busy = false;

  constructor(
    private readonly runner: Runner,
    readonly uri: string,
    private readonly opts: { sudo?: boolean; timeoutMs?: number } = {},
  ) {
    this.where = runner.label;
  }

  private async ensure(): Promise<LineStream> {
    if (this.closed) throw SpindleError.of('DISCONNECTED', 'transport.virshSession.closed');
    if (this.proc) return this.proc;
    if (this.starting) return this.starting;
    this.starting = (async () => {
      // Not --quiet: it would hide the vol-list table header the parser needs.
      const p = await this.runner.stream(['virsh', '--connect', this.uri], { sudo: this.opts.sudo ?? false, interactive: true });
      // close() may have come while virsh was starting: it found no process to stop, so stop this one
      // (left running, it kept the test process alive: CI hung after server.test).
      if (this.closed) {
        p.stop();
        throw SpindleError.of('DISCONNECTED', 'transport.virshSession.closed');
      }
      p.onData((d) => {
        this.out += d;
        this.pump();
      });
      p.onStderr((d) => {
        this.err += d;
        this.pump();
      });
      p.onEnd((reason, reasonMsg) => {
        this.proc = null;
        const c = this.current;
        this.current = null;
        // Its timeout must not fire later (it would stop a newer session and keep the process alive a minute).
        if (c) clearTimeout(c.timer);
        const stderr = this.err.trim();
        this.out = '';
        this.scanned = 0;
        this.err = '';
        c?.reject(
          mapVirshError(stderr, this.where) ??
            SpindleError.of('DISCONNECTED', 'transport.virshSession.ended', { uri: this.uri, where: place(this.where), reason: reasonMsg ?? reason }, undefined, { stderr }),
        );
        this.next();
      });
      this.proc = p;
      return p;
    })();
    try {
      return await this.starting;
    } finally {
      this.starting = null;
    }
  }

  private pump(): void {
    const c = this.current;
    if (!c) return;
    const lastMark = c.marks[c.marks.length - 1] ?? '';
    // Look only at what arrived since the last look (plus a marker's length):
    // rescanning a multi-megabyte buffer on every chunk made big loads quadratic.
    const anchor = `echo -- ${lastMark}\n${lastMark}`;
    if (!c.stdoutDone) {
      const from = Math.max(0, this.scanned - anchor.length);
      this.scanned = this.out.length;
      if (this.out.indexOf(anchor, from) < 0) return;
      c.stdoutDone = true;
    }
    const errAt = this.err.indexOf(c.errMark);
    if (errAt < 0) return;
    // Everything up to the line holding the error marker belongs to this request.
    const errEnd = this.err.indexOf('\n', this.err.lastIndexOf(c.errMark));
    const errText = this.err.slice(0, errEnd < 0 ? this.err.length : errEnd + 1);
    this.err = errEnd < 0 ? '' : this.err.slice(errEnd + 1);
    const stderr = errText
      .split('\n')
      .filter((l) => l && !l.includes(this.nonce))
      .join('\n');
    const outputs = parseSessionOutput(this.out, c.lines, c.marks);
    const endAnchor = `echo -- ${lastMark}\n${lastMark}`;
    this.out = this.out.slice(this.out.indexOf(endAnchor) + endAnchor.length);
    this.scanned = 0;
    this.current = null;
    clearTimeout(c.timer);
    c.resolve({ outputs, errors: stderr ? stderr + '\n' : '' });
    this.done();
  }

  private next(): void {
    if (this.busy) return;
    const run = this.queue.shift();
    if (!run) return;
    this.busy = true;
    run();
  }

  private done(): void {
    this.busy = false;
    this.next();
  }

  private request(lines: string[]): Promise<BatchOutput> {
    if (this.closed) return Promise.reject(SpindleError.of('DISCONNECTED', 'transport.virshSession.closed'));
    for (const l of lines) {
      if (/[\n\r]/.test(l)) return Promise.reject(SpindleError.of('INVALID_NAME', 'transport.virshSession.lineBreak'));
    }
    return new Promise<BatchOutput>((resolve, reject) => {
      const start = (): void => {
        this.ensure()
          .then((p) => {
            const id = this.seq++;
            const marks = lines.map((_, i) => `@@spindle:${this.nonce}:${id}:${i}@@`);
            const errMark = `@@spindle-end:${this.nonce}:${id}@@`;
            const timer = setTimeout(() => {
              // A stuck session is killed; the next request starts a new one.
              this.current = null;
              p.stop();
              this.done();
              reject(SpindleError.of('TIMEOUT', 'transport.virshSession.timeout', { seconds: (this.opts.timeoutMs ?? 60_000) / 1000, where: place(this.where) }));
            }, this.opts.timeoutMs ?? 60_000);
            this.current = { lines, marks, errMark, resolve, reject, timer };
            const script = lines.map((l, i) => `${l}\necho -- ${marks[i]}\n`).join('') + `domstate --domain ${errMark}\n`;
            p.write(script);
          })
          .catch((e: unknown) => {
            reject(e instanceof SpindleError ? e : new SpindleError('COMMAND_FAILED', String(e)));
            this.done();
          });
      };
      this.queue.push(start);
      this.next();
    });
  }

  async exec(args: readonly string[], _opts?: RunOptions): Promise<string> {
    const r = await this.request([virshLine(args)]);
    if (r.errors.trim()) {
      throw mapVirshError(r.errors, this.where) ?? SpindleError.of('COMMAND_FAILED', 'transport.virshFailed', { error: r.errors.trim().replace(/^error:\s*/, '') }, undefined, { stderr: r.errors.trim() });
    }
    return r.outputs[0] ?? '';
  }

  batch(cmds: ReadonlyArray<readonly string[]>): Promise<BatchOutput> {
    if (cmds.length === 0) return Promise.resolve({ outputs: [], errors: '' });
    return this.request(cmds.map(virshLine));
  }

  stream(args: readonly string[]): Promise<LineStream> {
    return this.runner.stream(['virsh', '--quiet', '--connect', this.uri, ...args], { sudo: this.opts.sudo ?? false });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.proc?.stop();
    this.proc = null;
  }
}

/**
 * In interactive mode virsh echoes each command after its prompt, so a
 * command's output is what lies between its echoed line and the prompt before
 * the following `echo` marker.
 */
export function parseSessionOutput(out: string, lines: string[], marks: string[]): string[] {
  const result: string[] = [];
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    const cmdEcho = `${lines[i]}\n`;
    const start = out.indexOf(cmdEcho, pos);
    const anchor = out.indexOf(`echo -- ${marks[i]}\n${marks[i]}`, pos);
    if (start < 0 || anchor < 0 || start > anchor) {
      result.push('');
      continue;
    }
    const promptAt = out.lastIndexOf('virsh ', anchor);
    const body = out.slice(start + cmdEcho.length, promptAt > start ? promptAt : anchor);
    result.push(body);
    pos = anchor + `echo -- ${marks[i]}\n${marks[i]}`.length;
  }
  return result;
}
