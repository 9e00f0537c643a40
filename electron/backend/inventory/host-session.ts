// One connected host: its runner, its virsh executor, the cached inventory and
// the event watcher that keeps it fresh. The CLI, the desktop app and browser
// mode all work through this object.
import { EventEmitter } from 'node:events';
import { SpindleError, toSpindleError, type ErrorInfo } from '../../../shared/errors.ts';
import type { Domain, HostConfig, HostStatus, Pool } from '../../../shared/models.ts';
import { mapVirshError } from '../transport/command-errors.ts';
import { EventWatcher, type LibvirtEvent } from '../libvirt/events.ts';
import { loadDomain, loadInventory, loadPool, type InventoryResult } from '../libvirt/inventory.ts';
import { VirshSession } from '../libvirt/virsh-session.ts';
import { VirshProcess, type VirshExecutor } from '../libvirt/virsh.ts';
import type { HostKeyStore } from '../transport/host-keys.ts';
import { LocalRunner } from '../transport/local-runner.ts';
import type { Runner } from '../transport/runner.ts';
import { SshRunner, type SshSecrets } from '../transport/ssh-runner.ts';

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
 * Events: 'status' (HostStatus, ErrorInfo | null), 'inventory' (full reload),
 * 'domain' (name, Domain | null), 'pool' (name, Pool | null), 'libvirt-event'.
 */
export class HostSession extends EventEmitter {
  readonly runner: Runner;
  readonly virsh: VirshExecutor;
  private inventory: InventoryResult | null = null;
  private watcher: EventWatcher | null = null;
  private status: HostStatus = 'offline';
  private error: ErrorInfo | null = null;
  private readonly pendingDomains = new Map<string, NodeJS.Timeout>();
  private readonly pendingPools = new Map<string, NodeJS.Timeout>();
  private readonly debounceMs: number;

  constructor(
    readonly config: HostConfig,
    opts: HostSessionOptions,
  ) {
    super();
    this.runner = createRunner(config, opts.hostKeys, opts.secrets);
    this.virsh = createVirsh(config, this.runner);
    this.debounceMs = opts.debounceMs ?? 150;
    if (this.runner instanceof SshRunner) {
      this.runner.on('status', (s: HostStatus, e: SpindleError | null) => this.setStatus(s, e));
    }
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
      const out = await this.virsh.exec(['uri']);
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
      const inv = await loadInventory(this.virsh, this.config.name);
      this.inventory = inv;
      if (this.status !== 'online') this.setStatus('online', null);
      this.emit('inventory', inv);
      return inv;
    } catch (e) {
      const err = toSpindleError(e);
      this.setStatus(err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' || err.code === 'DISCONNECTED' ? 'offline' : 'error', err);
      throw err;
    }
  }

  /** Starts the event streams (not for the test driver, whose state lives in our own session). */
  async watch(): Promise<void> {
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
    // A stream that fails because libvirtd went away (or access was lost)
    // tells the user at once; the reload after resubscribing sets it online.
    w.on('stream-error', (text: string) => {
      const err = mapVirshError(text, this.runner.label);
      if (err && (err.code === 'LIBVIRTD_NOT_RUNNING' || err.code === 'PERMISSION_DENIED') && this.status !== 'error') this.setStatus('error', err);
    });
    await w.start();
    initial = false;
    await this.reload();
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
    if (this.inventory) {
      const list = this.inventory.domains;
      const i = list.findIndex((d) => d.name === name);
      if (dom && i >= 0) list[i] = dom;
      else if (dom) list.push(dom);
      else if (i >= 0) list.splice(i, 1);
    }
    this.emit('domain', name, dom);
    return dom;
  }

  async refreshPool(name: string): Promise<Pool | null> {
    const pool = await loadPool(this.virsh, name);
    if (this.inventory) {
      const list = this.inventory.pools;
      const i = list.findIndex((p) => p.name === name);
      if (pool && i >= 0) list[i] = pool;
      else if (pool) list.push(pool);
      else if (i >= 0) list.splice(i, 1);
    }
    this.emit('pool', name, pool);
    return pool;
  }

  async close(): Promise<void> {
    this.watcher?.stop();
    this.watcher = null;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const t of [...this.pendingDomains.values(), ...this.pendingPools.values()]) clearTimeout(t);
    await this.virsh.close();
    await this.runner.close();
  }
}

export function unknownHost(name: string): SpindleError {
  return new SpindleError('UNKNOWN_HOST', `There is no saved host named "${name}".`, 'List the saved hosts with "spindle hosts list", or add it with "spindle hosts add".');
}
