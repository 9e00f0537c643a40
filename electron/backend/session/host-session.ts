// One connected host: its runner, its virsh executor, the cached inventory and
// the event watcher that keeps it fresh. The CLI, the desktop app and browser
// mode all work through this object.
import { EventEmitter } from 'node:events';
import { SpindleError, toSpindleError, type ErrorInfo } from '../../../shared/core/errors.ts';
import type { Domain, HostConfig, HostStatus, Pool } from '../../../shared/contract/models.ts';
import { isLinkLoss, mapVirshError } from '../transport/command-errors.ts';
import { place } from '../transport/place.ts';
import { EventWatcher, type LibvirtEvent, type StreamEnd } from '../libvirt/events.ts';
import { loadDomain, loadInventory, loadPool, type InventoryResult } from '../libvirt/inventory.ts';
import { VirshSession } from '../libvirt/virsh-session.ts';
import { VirshProcess, type BatchOutput, type VirshExecutor } from '../libvirt/virsh.ts';
import type { HostKeyStore } from '../transport/host-keys.ts';
import { LocalRunner } from '../transport/local-runner.ts';
import type { LineStream, RunOptions, Runner } from '../transport/runner.ts';
import { SshRunner, type SshSecrets } from '../transport/ssh-runner.ts';
import { inventoryChanges } from './inventory-diff.ts';
import { reconnectDelay, reconnectPhase } from './reconnect.ts';

export function createRunner(config: HostConfig, hostKeys: HostKeyStore, secrets: SshSecrets = {}): Runner {
  if (config.kind === 'local') return new LocalRunner();
  const target = { host: config.host, port: config.port, user: config.user, auth: config.auth, ...(config.keyPath ? { keyPath: config.keyPath } : {}) };
  return new SshRunner(target, hostKeys, secrets);
}

export function createVirsh(config: HostConfig, runner: Runner): VirshExecutor {
  // The test driver keeps its state in the client: one long-lived process.
  if (config.uri.startsWith('test:')) return new VirshSession(runner, config.uri, { sudo: config.sudo });
  return new VirshProcess(runner, config.uri, { sudo: config.sudo, parallel: config.kind === 'ssh' ? 4 : 2 });
}

export interface HostSessionOptions {
  hostKeys: HostKeyStore;
  secrets?: SshSecrets;
  /** Coalesces bursts of events for one object into one re-read. */
  debounceMs?: number;
}

/**
 * A virsh that tells its session when a command shows the host is gone, and
 * while the session knows it is gone fails at once instead of starting
 * commands (or SSH handshakes) that cannot work.
 */
class MonitoredVirsh implements VirshExecutor {
  constructor(
    private readonly inner: VirshExecutor,
    private readonly session: { downError(): SpindleError | null; linkLost(e: SpindleError): void },
  ) {}

  get uri(): string {
    return this.inner.uri;
  }

  get where(): string {
    return this.inner.where;
  }

  private async watched<T>(job: () => Promise<T>): Promise<T> {
    const down = this.session.downError();
    if (down) throw down;
    try {
      return await job();
    } catch (e) {
      const err = toSpindleError(e);
      if (isLinkLoss(err)) this.session.linkLost(err);
      throw err;
    }
  }

  exec(args: readonly string[], opts?: RunOptions): Promise<string> {
    return this.watched(() => this.inner.exec(args, opts));
  }

  batch(cmds: ReadonlyArray<readonly string[]>): Promise<BatchOutput> {
    return this.watched(() => this.inner.batch(cmds));
  }

  stream(args: readonly string[]): Promise<LineStream> {
    return this.watched(() => this.inner.stream(args));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Events: 'status' (HostStatus, ErrorInfo | null), 'inventory' (full reload),
 * 'domain' (name, Domain | null), 'pool' (name, Pool | null), 'libvirt-event',
 * 'link-lost' (SpindleError), 'restored' (ms the host was gone),
 * 'recovery-failed' (SpindleError: the host answers but refuses; no more tries),
 * 'resync' (LibvirtEvent[]: what changed while it was gone, once re-read).
 *
 * A session that watches the host (watch(), or monitor() for the CLI's
 * stats) keeps it connected: a lost SSH link, a libvirtd restart or a
 * command that finds the host gone turns the host "reconnecting" at once;
 * it is tried again with backoff (reconnect.ts) and, once back, the event
 * streams restart and the inventory is read again.
 */
export class HostSession extends EventEmitter {
  readonly runner: Runner;
  readonly virsh: VirshExecutor;
  /** The unmonitored virsh: the reconnect probe must not fail fast on itself. */
  private readonly directVirsh: VirshExecutor;
  private inventory: InventoryResult | null = null;
  private watcher: EventWatcher | null = null;
  private status: HostStatus = 'offline';
  private error: ErrorInfo | null = null;
  private readonly pendingDomains = new Map<string, NodeJS.Timeout>();
  private readonly pendingPools = new Map<string, NodeJS.Timeout>();
  private readonly debounceMs: number;
  private monitoring = false;
  private closed = false;
  /** Since when, and why, the host is gone (null while it answers). */
  private lost: { at: number; error: SpindleError; attempt: number } | null = null;
  private recoveryTimer: NodeJS.Timeout | null = null;
  /** The next reload follows a gap: report what changed during it. */
  private resyncPending = false;

  constructor(
    readonly config: HostConfig,
    opts: HostSessionOptions,
  ) {
    super();
    this.runner = createRunner(config, opts.hostKeys, opts.secrets);
    this.directVirsh = createVirsh(config, this.runner);
    this.virsh = new MonitoredVirsh(this.directVirsh, { downError: () => this.downError(), linkLost: (e) => this.linkLost(e) });
    this.debounceMs = opts.debounceMs ?? 150;
    if (this.runner instanceof SshRunner) this.runner.on('link-lost', (e: SpindleError) => this.linkLost(e));
  }

  get name(): string {
    return this.config.name;
  }

  getStatus(): { status: HostStatus; error: ErrorInfo | null } {
    return { status: this.status, error: this.error };
  }

  getInventory(): InventoryResult | null {
    return this.inventory;
  }

  private setStatus(status: HostStatus, error: SpindleError | null): void {
    this.status = status;
    this.error = error ? error.toJSON() : null;
    this.emit('status', status, this.error);
  }

  /** Checks that virsh answers for this URI; typed error otherwise. */
  async check(): Promise<string> {
    try {
      this.setStatus('connecting', null);
      const out = await this.directVirsh.exec(['uri']);
      this.setStatus('online', null);
      return out.trim();
    } catch (e) {
      const err = toSpindleError(e);
      this.setStatus(err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' ? 'offline' : 'error', err);
      throw err;
    }
  }

  async reload(): Promise<InventoryResult> {
    try {
      const before = this.inventory;
      const inv = await loadInventory(this.virsh, this.config.name);
      this.inventory = inv;
      if (this.status !== 'online') this.setStatus('online', null);
      this.emit('inventory', inv);
      if (this.resyncPending) {
        this.resyncPending = false;
        this.emit('resync', before ? inventoryChanges(before, inv) : []);
      }
      return inv;
    } catch (e) {
      const err = toSpindleError(e);
      // A lost host is already "reconnecting" (the monitored virsh said so).
      if (!(this.monitoring && isLinkLoss(err))) this.setStatus(err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' || err.code === 'DISCONNECTED' ? 'offline' : 'error', err);
      throw err;
    }
  }

  /** Keeps the host connected (reconnects after a loss) without event streams: the CLI's stats. */
  monitor(): void {
    this.monitoring = true;
  }

  /** Starts the event streams (not for the test driver, whose state lives in our own session). */
  async watch(): Promise<void> {
    this.monitoring = true;
    if (this.watcher || this.config.uri.startsWith('test:')) return;
    const w = new EventWatcher(this.virsh);
    this.watcher = w;
    w.on('event', (ev: LibvirtEvent) => this.onEvent(ev));
    let initial = true;
    w.on('subscribed', () => {
      // Whatever changed before the subscription took hold (or while a
      // stream was down) is caught by one reload, coalesced across streams.
      if (initial) return;
      this.scheduleReload();
    });
    // A stream that fails because libvirtd went away tells the session at
    // once: the host is reconnecting, and comes back by itself.
    const where = this.runner.label;
    w.on('stream-error', (text: string) => this.streamTrouble(mapVirshError(text, where) ?? streamLoss(text, where)));
    w.on('stream-failed', (err: SpindleError) => this.streamTrouble(err));
    w.on('stream-ended', (end: StreamEnd) => this.streamTrouble(streamEndLoss(end, where)));
    await w.start();
    initial = false;
    await this.reload();
  }

  /** What an event stream's trouble says about the host: gone (reconnect), or refusing us. */
  private streamTrouble(err: SpindleError | null): void {
    if (!err) return;
    if (isLinkLoss(err)) this.linkLost(err);
    else if (err.code === 'PERMISSION_DENIED' && this.status !== 'error') this.setStatus('error', err);
  }

  /** The error calls fail with while the host is gone, or null. */
  private downError(): SpindleError | null {
    if (!this.lost || !this.monitoring) return null;
    const why = this.lost.error;
    return SpindleError.of('DISCONNECTED', 'session.reconnecting', { host: this.name, cause: why.msg ?? why.message }, undefined, {
      ...(why.details ?? {}),
      cause: why.code,
    });
  }

  /** A command, a stream or the SSH link found the host gone. */
  linkLost(error: SpindleError): void {
    if (this.closed || this.lost) return;
    if (!this.monitoring) {
      // Nobody keeps this session connected: the next command reconnects.
      this.setStatus('offline', error);
      return;
    }
    this.lost = { at: Date.now(), error, attempt: 0 };
    this.watcher?.pause();
    this.setStatus('reconnecting', error);
    this.emit('link-lost', error);
    this.scheduleRecovery();
  }

  private scheduleRecovery(): void {
    const lost = this.lost;
    if (!lost || this.closed) return;
    const delay = reconnectDelay(lost.attempt, Date.now() - lost.at);
    this.recoveryTimer = setTimeout(() => void this.tryRecover(), delay);
  }

  private async tryRecover(): Promise<void> {
    this.recoveryTimer = null;
    const lost = this.lost;
    if (!lost || this.closed) return;
    lost.attempt += 1;
    try {
      await this.directVirsh.exec(['uri'], { timeoutMs: 15_000 });
    } catch (e) {
      if (this.closed) return;
      const err = toSpindleError(e);
      if (!isLinkLoss(err)) {
        // Reachable but refusing (credentials, host key, permissions): that needs the user, not more tries.
        this.lost = null;
        this.setStatus('error', err);
        this.emit('recovery-failed', err);
        return;
      }
      const phase = reconnectPhase(Date.now() - lost.at);
      if (phase !== this.status || err.code !== this.error?.code) this.setStatus(phase, err);
      this.scheduleRecovery();
      return;
    }
    if (this.closed) return;
    const downMs = Date.now() - lost.at;
    this.lost = null;
    this.setStatus('online', null);
    this.resyncPending = true;
    this.emit('restored', downMs);
    // Streams first; their subscription triggers the re-read, so nothing
    // that changes in between is missed. Without streams, re-read now.
    const reopened = this.watcher?.resume() ?? 0;
    if (reopened === 0 && this.inventory) this.scheduleReload();
  }

  private reloadTimer: NodeJS.Timeout | null = null;

  private scheduleReload(): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      this.reload().catch(() => undefined);
    }, this.debounceMs);
  }

  private onEvent(ev: LibvirtEvent): void {
    this.emit('libvirt-event', ev);
    const pending = ev.kind === 'domain' ? this.pendingDomains : this.pendingPools;
    const old = pending.get(ev.name);
    if (old) clearTimeout(old);
    pending.set(
      ev.name,
      setTimeout(() => {
        pending.delete(ev.name);
        const job = ev.kind === 'domain' ? this.refreshDomain(ev.name) : this.refreshPool(ev.name);
        job.catch(() => undefined);
      }, this.debounceMs),
    );
  }

  async refreshDomain(name: string): Promise<Domain | null> {
    const volumes = this.inventory?.pools.flatMap((p) => p.volumes) ?? [];
    const dom = await loadDomain(this.virsh, name, volumes);
    if (this.inventory) replaceNamed(this.inventory.domains, name, dom);
    this.emit('domain', name, dom);
    return dom;
  }

  async refreshPool(name: string): Promise<Pool | null> {
    const pool = await loadPool(this.virsh, name);
    if (this.inventory) replaceNamed(this.inventory.pools, name, pool);
    this.emit('pool', name, pool);
    return pool;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.stop();
    this.watcher = null;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    for (const t of [...this.pendingDomains.values(), ...this.pendingPools.values()]) clearTimeout(t);
    await this.virsh.close();
    await this.runner.close();
  }
}

/**
 * What a virsh event loop prints when libvirtd goes away under it (it then
 * exits): the link is lost, the daemon may be restarting. virsh's own words
 * (libvirt's errors) are all there is to go by; they are passed on as they are.
 */
function streamLoss(text: string, where: string): SpindleError | null {
  if (!/Disconnected from .* due to|End of file while reading data|client socket is closed|Cannot recv data|Cannot write data/i.test(text)) return null;
  return SpindleError.of('DISCONNECTED', 'session.libvirtLost', { where: place(where), error: text.split('\n')[0]?.slice(0, 200) ?? '' });
}

/** An event stream that ended because the link to the host was lost (the runner says so), as the loss it is; null for any other end. */
export function streamEndLoss(end: StreamEnd, where: string): SpindleError | null {
  return end.linkLost ? SpindleError.of('DISCONNECTED', 'session.libvirtLost', { where: place(where), error: end.msg }) : null;
}

export function unknownHost(name: string): SpindleError {
  return SpindleError.of('UNKNOWN_HOST', 'session.unknownHost', { name });
}

/** What a reload of one object says about the inventory's list: it is there now (replaced or added), or gone (null: removed). */
function replaceNamed<T extends { name: string }>(list: T[], name: string, now: T | null): void {
  const i = list.findIndex((x) => x.name === name);
  if (now && i >= 0) list[i] = now;
  else if (now) list.push(now);
  else if (i >= 0) list.splice(i, 1);
}
