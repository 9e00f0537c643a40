// libvirt change notifications, read from long-lived `virsh event --loop`
// processes (domain lifecycle and device events, pool lifecycle and refresh),
// so the inventory stays fresh without polling.
import { EventEmitter } from 'node:events';
import { toSpindleError } from '../../../shared/core/errors.ts';
import { msg, type MessageKey, type Msg } from '../../../shared/core/messages.ts';
import type { LineStream } from '../transport/runner.ts';
import type { VirshExecutor } from './virsh.ts';

export interface LibvirtEvent {
  kind: 'domain' | 'pool';
  /** lifecycle, device-added, device-removed, refresh, block-job, tray-change... */
  event: string;
  name: string;
  /** As virsh prints it ("Started Booted"), or Spindle's English for the events it makes (resync). */
  detail: string;
  /** The detail as a message, where Spindle wrote it (resync). */
  detailMsg?: Msg;
  timestamp?: string;
}

/** How an event stream ended: why, as a message, and whether the link to the host was lost (a flag, not read from the text). */
export interface StreamEnd {
  msg: Msg;
  linkLost: boolean;
}

/** The runner's end reason that says the link to the host was lost (ssh-runner.ts). */
const LINK_LOST_KEY = 'transport.stream.linkLost' satisfies MessageKey;

const PREFIX = /^(?:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}): )?event '([^']+)' for (domain '|storage pool )/;

/** Parses one line printed by `virsh event` / `virsh pool-event`; null for anything else. */
export function parseEventLine(line: string): LibvirtEvent | null {
  const clean = line.replace(/\r$/, '');
  const m = PREFIX.exec(clean);
  if (!m) return null;
  const rest = clean.slice(m[0].length);
  // Domain names are printed between single quotes, pool names bare (libvirt
  // 9.0); neither is escaped, and the detail follows ": ".
  const quoted = m[3] === "domain '";
  const sepText = quoted ? "': " : ': ';
  const sep = rest.lastIndexOf(sepText);
  let name: string;
  let detail = '';
  if (sep >= 0) {
    name = rest.slice(0, sep);
    detail = rest.slice(sep + sepText.length);
  } else if (!quoted) {
    name = rest;
  } else if (rest.endsWith("'")) {
    name = rest.slice(0, -1);
  } else {
    return null;
  }
  const ev: LibvirtEvent = { kind: quoted ? 'domain' : 'pool', event: m[2] ?? '', name, detail };
  if (m[1]) ev.timestamp = m[1];
  return ev;
}

const STREAMS: string[][] = [
  ['event', '--all', '--loop', '--timestamp'],
  ['pool-event', '--event', 'lifecycle', '--loop', '--timestamp'],
  ['pool-event', '--event', 'refresh', '--loop', '--timestamp'],
];

/**
 * Keeps the event processes running: restarts one that ends, with backoff.
 * virsh prints nothing once its callback is registered, so a stream counts as
 * subscribed after it has stayed up for `settleMs`; 'subscribed' then tells
 * the owner to reload whatever may have changed before that moment.
 * While the host is known to be down its owner pauses the restarts, and
 * resumes them the moment it is back, so streams return at once instead of
 * at the end of a backoff.
 * Emits 'event' (LibvirtEvent), 'subscribed', 'stream-error' (string: what
 * virsh printed as an error, its own words), 'stream-failed' (SpindleError: a
 * stream could not start), 'stream-ended' (StreamEnd).
 */
export class EventWatcher extends EventEmitter {
  private readonly live = new Map<number, LineStream>();
  private readonly opening = new Set<number>();
  private readonly failures = new Map<number, number>();
  /** Pending restarts, by stream. */
  private readonly restarts = new Map<number, NodeJS.Timeout>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private paused = false;

  constructor(
    private readonly virsh: VirshExecutor,
    private readonly settleMs = 750,
  ) {
    super();
  }

  /** Resolves once every stream is subscribed (or has failed once and is retrying). */
  async start(): Promise<void> {
    await Promise.all(STREAMS.map((_, i) => this.open(i)));
  }

  get running(): number {
    return this.live.size;
  }

  /** Stops restarting ended streams (the host is down: they would only fail). */
  pause(): void {
    this.paused = true;
    for (const t of this.restarts.values()) clearTimeout(t);
    this.restarts.clear();
  }

  /** Opens every stream that is not running, now. Returns how many it opened. */
  resume(): number {
    this.paused = false;
    let n = 0;
    STREAMS.forEach((_, i) => {
      if (this.live.has(i) || this.opening.has(i)) return;
      const t = this.restarts.get(i);
      if (t) clearTimeout(t);
      this.restarts.delete(i);
      this.failures.set(i, 0);
      n++;
      void this.open(i);
    });
    return n;
  }

  private async open(i: number): Promise<void> {
    if (this.stopped) return;
    const args = STREAMS[i];
    if (!args) return;
    let s: LineStream;
    this.opening.add(i);
    try {
      s = await this.virsh.stream(args);
    } catch (e) {
      this.emit('stream-failed', toSpindleError(e));
      this.scheduleRestart(i);
      return;
    } finally {
      this.opening.delete(i);
    }
    if (this.stopped) {
      s.stop();
      return;
    }
    const opened = Date.now();
    this.live.set(i, s);
    s.onLine((line) => {
      const ev = parseEventLine(line);
      if (ev) this.emit('event', ev);
      else if (/^error:/.test(line.trim())) this.emit('stream-error', line.trim());
    });
    s.onStderr((t) => {
      if (t.trim()) this.emit('stream-error', t.trim());
    });
    s.onEnd((reason, reasonMsg) => {
      this.live.delete(i);
      if (this.stopped) return;
      // A stream that lived a while earns a quick restart; a crashing one backs off.
      if (Date.now() - opened > 30_000) this.failures.set(i, 0);
      const end: StreamEnd = { msg: msg('session.events.streamEnded', { reason: reasonMsg ?? reason }), linkLost: reasonMsg?.key === LINK_LOST_KEY };
      this.emit('stream-ended', end);
      this.scheduleRestart(i);
    });
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.live.get(i) === s) this.emit('subscribed', i);
        resolve();
      }, this.settleMs);
      this.timers.add(t);
      s.onEnd(() => {
        clearTimeout(t);
        this.timers.delete(t);
        resolve();
      });
    });
  }

  private scheduleRestart(i: number): void {
    if (this.stopped || this.paused || this.restarts.has(i)) return;
    const n = (this.failures.get(i) ?? 0) + 1;
    this.failures.set(i, n);
    const delay = Math.min(15_000, 250 * 2 ** (n - 1));
    const t = setTimeout(() => {
      this.restarts.delete(i);
      void this.open(i);
    }, delay);
    this.restarts.set(i, t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of [...this.timers, ...this.restarts.values()]) clearTimeout(t);
    this.timers.clear();
    this.restarts.clear();
    for (const s of this.live.values()) s.stop();
    this.live.clear();
  }
}
