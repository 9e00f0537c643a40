// The API of shared/api.ts, implemented once for both carriers (Electron IPC
// and the browser-mode WebSocket). Every call is validated against the
// contract's schemas before anything runs; results and errors go back as a
// CallOutcome, never as a throw across the boundary. Host changes are pushed
// as events; nothing here polls.
import { localLibvirtdAnswers } from '../libvirt/local-probe.ts';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { API, EVENTS, isApiMethod, type ApiEvent, type ApiMethod, type ApiResult, type CallOutcome, type HostEntry } from '../../../shared/contract/api.ts';
import { SpindleError, toSpindleError, type ErrorInfo } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { schemaVerdicts } from '../../../shared/core/schema-verdicts.ts';
import { BUILTIN_LOCAL_HOST_NAME, type Domain, type HostConfig, type HostStatus, type Pool } from '../../../shared/contract/models.ts';
import { validateName } from '../../../shared/core/validation.ts';
import { HostRegistry, saveCheckedHost } from '../config/host-registry.ts';
import { HostSession } from '../session/host-session.ts';
import type { InventoryResult } from '../libvirt/inventory.ts';
import { HostKeyStore } from '../transport/host-keys.ts';
import type { Job } from '../../../shared/contract/ops.ts';
import { startFeatures, type ServiceMethod, type StartedFeatures } from '../features/index.ts';
import type { FeatureHost, Handler } from '../features/feature.ts';
import { JobManager } from '../plan/jobs.ts';
import { undoInterrupted } from '../plan/interrupted-jobs.ts';
import { JobJournal } from '../plan/job-journal.ts';
import { planInfo } from '../plan/plan.ts';
import { joinTexts } from '../plan/plan-errors.ts';
import { planWith } from './plan-operation.ts';
import type { SshSecrets } from '../transport/ssh-runner.ts';

/**
 * A call whose parameters the contract refuses: every issue with zod's
 * verdict as a message (shared/core/schema-verdicts.ts, as the CLI's flag
 * checks say them), and the first field at fault (inside an operation's
 * request, as its wizard names it) so the wizard can return to its step.
 */
function badParams(method: ApiMethod, params: unknown): SpindleError {
  const verdicts = schemaVerdicts(API[method].params, params) ?? [];
  const why = joinTexts(verdicts.map((v) => msg('service.badParam', { field: v.path || msg('service.wholeParams'), verdict: v.msg })));
  const first = verdicts[0]?.path;
  return SpindleError.of('INVALID_ARGUMENT', 'service.badParams', { method, why }, first ? first.replace(/^op\.request\./, '') : undefined);
}

export const DEMO_HOST: HostConfig = { kind: 'local', name: 'Demo', uri: 'test:///default', sudo: false };
export const LOCAL_HOST: HostConfig = { kind: 'local', name: BUILTIN_LOCAL_HOST_NAME, uri: 'qemu:///system', sudo: false };

export interface ServiceOptions {
  configDir: string;
  /** OpenSSH known_hosts files to honour (default: the user's and the system's). */
  knownHostsFiles?: string[];
  /** First start: add the local system connection when libvirtd answers (default true). */
  addLocalHost?: boolean;
}

/** Emits 'event' (name: ApiEvent, payload) for the carriers to forward. */
export class SpindleService extends EventEmitter {
  readonly registry: HostRegistry;
  readonly hostKeys: HostKeyStore;
  private readonly sessions = new Map<string, HostSession>();
  /** Passwords and passphrases, in memory only, per host name. */
  private readonly secrets = new Map<string, SshSecrets>();
  readonly journal: JobJournal;
  readonly jobs: JobManager;
  /** The features (features/index.ts): their handlers, planners and hooks. */
  private readonly features: StartedFeatures;
  private builtIn = new Set<string>();
  private configs: HostConfig[] = [];

  constructor(private readonly opts: ServiceOptions) {
    super();
    this.registry = new HostRegistry(opts.configDir);
    this.journal = new JobJournal(opts.configDir);
    this.jobs = new JobManager({ journal: this.journal });
    this.hostKeys = new HostKeyStore(opts.configDir, opts.knownHostsFiles);
    this.jobs.on('job', (job: Job) => this.emitEvent('job', job));
    const host: FeatureHost = {
      configDir: opts.configDir,
      session: (name) => this.requireSession(name),
      loaded: async (name) => {
        const session = this.requireSession(name);
        return { session, inv: session.getInventory() ?? (await session.reload()) };
      },
      sessions: () => this.sessions,
      emit: (event, payload) => this.emitEvent(event, payload),
      problem: (e) => this.settingsProblem(e),
    };
    this.features = startFeatures(host);
    this.handlers = { ...this.serviceHandlers, ...this.features.handlers };
  }

  /** Loads saved hosts (adding the defaults on first start) and connects them in the background. */
  async init(): Promise<void> {
    const report = (e: unknown) => this.settingsProblem(e);
    let unsaved: HostConfig[] | null = null;
    if (!existsSync(this.registry.file)) {
      const defaults = [...(this.opts.addLocalHost !== false && (await localLibvirtdAnswers()) ? [LOCAL_HOST] : []), DEMO_HOST];
      defaults.forEach((h) => this.builtIn.add(h.name));
      try {
        for (const h of defaults) await this.registry.add(h);
      } catch (e) {
        // A settings folder that cannot be written: start with the defaults in memory, and say why they are not kept.
        unsaved = defaults;
        report(e);
      }
    }
    try {
      this.configs = unsaved ?? (await this.registry.list());
    } catch (e) {
      // A corrupt file was kept aside (or the folder cannot be read): start empty and say so.
      this.configs = [];
      report(e);
    }
    // Jobs an earlier run of Spindle was killed in the middle of: listed with what they left.
    await this.jobs.loadInterrupted().catch(report);
    for (const f of this.features.instances) await f.init?.().catch(report);
    for (const c of this.configs) void this.connect(c).catch(() => undefined);
  }

  /** Validates and runs one API call. */
  dispatch<M extends ApiMethod>(method: M, params: unknown): Promise<CallOutcome<M>>;
  dispatch(method: unknown, params: unknown): Promise<CallOutcome<ApiMethod>>;
  async dispatch(method: unknown, params: unknown): Promise<CallOutcome<ApiMethod>> {
    if (!isApiMethod(method)) {
      return { ok: false, error: SpindleError.of('INVALID_ARGUMENT', 'service.unknownMethod', { method: JSON.stringify(method) }).toJSON() };
    }
    const parsed = API[method].params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: badParams(method, params ?? {}).toJSON() };
    try {
      const handler = this.handlers[method] as Handler<typeof method>;
      const result = await handler(parsed.data as never);
      return { ok: true, result: result as ApiResult<ApiMethod> };
    } catch (e) {
      return { ok: false, error: toSpindleError(e).toJSON() };
    }
  }

  private readonly handlers: { [M in ApiMethod]: Handler<M> };

  /** The methods the service answers itself; the rest are the features'. */
  private readonly serviceHandlers: { [M in ServiceMethod]: Handler<M> } = {
    'hosts.list': async () => this.entries(),
    'hosts.test': async ({ config, secrets, acceptFingerprint }) => {
      const s = new HostSession(config, { hostKeys: this.hostKeys, secrets: { ...secrets, ...(acceptFingerprint ? { acceptFingerprint } : {}) } });
      try {
        const uri = await s.check();
        // A test is not an add: an accepted key is shown, and saved by hosts.add.
        const fp = config.kind === 'ssh' ? this.hostKeys.lastPresented(config.host, config.port)?.fingerprint : undefined;
        return fp ? { uri, fingerprint: fp } : { uri };
      } finally {
        await s.close();
      }
    },
    'hosts.add': async ({ config, secrets, acceptFingerprint }) => {
      validateName('host', config.name);
      if (this.configs.some((c) => c.name === config.name)) {
        throw SpindleError.of('INVALID_NAME', 'service.hostExists', { name: config.name }, 'name');
      }
      const sec: SshSecrets = { ...secrets, ...(acceptFingerprint ? { acceptFingerprint } : {}) };
      const probe = new HostSession(config, { hostKeys: this.hostKeys, secrets: sec });
      try {
        await probe.check();
      } finally {
        await probe.close();
      }
      // The accepted key is saved only now, with the host: a failed add stores nothing.
      await saveCheckedHost(this.registry, this.hostKeys, config, acceptFingerprint);
      this.configs = await this.registry.list();
      if (secrets) this.secrets.set(config.name, { ...secrets });
      this.emitEvent('hosts-changed', { hosts: this.entries() });
      void this.connect(config).catch(() => undefined);
      return this.entry(config);
    },
    'hosts.remove': async ({ name }) => {
      const config = this.configs.find((c) => c.name === name);
      if (!config) return { removed: false };
      for (const f of this.features.instances) f.hostRemoved?.(name);
      await this.sessions.get(name)?.close();
      this.sessions.delete(name);
      this.secrets.delete(name);
      await this.registry.remove(name);
      this.configs = await this.registry.list();
      if (config.kind === 'ssh' && !this.configs.some((c) => c.kind === 'ssh' && c.host === config.host && c.port === config.port)) {
        await this.hostKeys.forget(config.host, config.port);
      }
      this.emitEvent('hosts-changed', { hosts: this.entries() });
      return { removed: true };
    },
    'hosts.connect': async ({ name, secrets }) => {
      const config = this.requireConfig(name);
      if (secrets) this.secrets.set(name, { ...this.secrets.get(name), ...secrets });
      await this.connect(config, true);
      return this.entry(config);
    },
    'inventory.get': async ({ host }) => {
      this.requireConfig(host);
      return this.sessions.get(host)?.getInventory() ?? null;
    },
    'inventory.refresh': async ({ host }) => {
      return await this.requireSession(host).reload();
    },
    'ops.plan': async ({ op }) => {
      const s = this.requireSession(op.host);
      const inv = s.getInventory() ?? (await s.reload());
      return planInfo(await planWith(this.features.planners, s, inv, op));
    },
    'ops.start': async ({ op, passphrase }) => {
      const s = this.requireSession(op.host);
      // Planned again on a fresh inventory: never run what an old page saw.
      const plan = await planWith(this.features.planners, s, await s.reload(), op);
      return this.jobs.start(s, op.kind, plan, passphrase ? { passphrase } : {}, async () => {
        await s.reload();
      });
    },
    'jobs.list': async () => this.jobs.list(),
    'jobs.cancel': async ({ id }) => this.jobs.cancel(id),
    'jobs.undo': async ({ id }) => {
      const note = this.jobs.interruptedNote(id);
      const out = await undoInterrupted(this.requireSession(note.host), this.journal, note);
      if (out.state !== 'succeeded') throw out.error ?? SpindleError.of('COMMAND_FAILED', 'service.undoIncomplete');
      const job = await this.jobs.forgetInterrupted(id, out);
      if (!job) throw SpindleError.of('INVALID_ARGUMENT', 'plan.job.notInterrupted', { id }, 'id');
      return job;
    },
    'jobs.forget': async ({ id }) => {
      this.jobs.interruptedNote(id);
      return { forgotten: (await this.jobs.forgetInterrupted(id)) !== null };
    },
    'settings.problems': async () => [...this.settingsProblems],
  };

  private requireSession(host: string): HostSession {
    this.requireConfig(host);
    const s = this.sessions.get(host);
    if (!s) throw SpindleError.of('DISCONNECTED', 'service.notConnected', { host });
    return s;
  }

  private requireConfig(name: string): HostConfig {
    const c = this.configs.find((x) => x.name === name);
    if (!c) throw SpindleError.of('UNKNOWN_HOST', 'service.unknownHost', { name });
    return c;
  }

  private entry(config: HostConfig): HostEntry {
    const st = this.sessions.get(config.name)?.getStatus() ?? { status: 'offline' as HostStatus, error: null };
    const e: HostEntry = { config, status: st.status, error: st.error };
    if (this.builtIn.has(config.name)) e.builtIn = true;
    const sec = this.secrets.get(config.name);
    if (sec?.password !== undefined || sec?.passphrase !== undefined) e.hasSecrets = true;
    return e;
  }

  /** The live session of a host (benchmarks and tools that drive a host directly). */
  session(name: string): HostSession | undefined {
    return this.sessions.get(name);
  }

  entries(): HostEntry[] {
    return this.configs.map((c) => this.entry(c));
  }

  /** Opens (or re-opens) the session of a host: check, load, watch. */
  private async connect(config: HostConfig, force = false): Promise<void> {
    const old = this.sessions.get(config.name);
    if (old && !force) return;
    if (old) await old.close();
    const session = new HostSession(config, { hostKeys: this.hostKeys, secrets: this.secrets.get(config.name) ?? {} });
    this.sessions.set(config.name, session);
    const host = config.name;
    session.on('status', (status: HostStatus, error: ErrorInfo | null) => {
      if (this.sessions.get(host) === session) this.emitEvent('host-status', { host, status, error });
    });
    session.on('inventory', (inv: InventoryResult) => {
      this.emitEvent('inventory', { host, inventory: inv });
      this.poolsChanged(host, inv.pools);
    });
    // Back after a loss: sampling resumes with a new baseline at once (the inventory re-read comes by itself).
    session.on('restored', () => this.hostUp(host));
    session.on('domain', (name: string, domain: Domain | null) => this.emitEvent('domain', { host, name, domain }));
    session.on('pool', (name: string, pool: Pool | null) => {
      this.emitEvent('pool', { host, name, pool });
      const inv = session.getInventory();
      if (inv) this.poolsChanged(host, inv.pools);
    });
    // The service may close while this host is still connecting: then the session closes too,
    // rather than starting its event stream afterwards (a virsh left running keeps the process alive).
    const stillWanted = async (): Promise<boolean> => {
      if (!this.closed) return true;
      await session.close();
      return false;
    };
    await session.check();
    if (!(await stillWanted())) return;
    this.hostUp(host);
    await session.watch(); // loads the inventory once subscribed
    if (!(await stillWanted())) return;
    if (config.uri.startsWith('test:')) await session.reload();
  }

  private closed = false;

  /** Settings problems since the start: kept for windows that connect later, and pushed to those open now. */
  private readonly settingsProblems: ErrorInfo[] = [];

  private settingsProblem(e: unknown): void {
    const error = toSpindleError(e).toJSON();
    this.settingsProblems.push(error);
    this.emitEvent('host-status', { host: 'settings', status: 'error', error });
  }

  private hostUp(host: string): void {
    for (const f of this.features.instances) f.hostUp?.(host);
  }

  private poolsChanged(host: string, pools: Pool[]): void {
    for (const f of this.features.instances) f.poolsChanged?.(host, pools);
  }

  private emitEvent<E extends ApiEvent>(event: E, payload: unknown): void {
    // Outgoing events are checked too: a malformed event is a bug, caught here.
    const parsed = EVENTS[event].safeParse(payload);
    if (!parsed.success) {
      console.error(`spindle: dropped malformed ${event} event: ${parsed.error.message}`);
      return;
    }
    this.emit('event', event, parsed.data);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A job still running is cancelled and undone, as the Cancel button would, before the hosts close.
    await this.jobs.cancelAll();
    // Then each feature cleans up what is its own (sampling stops, host mounts are unmounted).
    for (const f of this.features.instances) await f.close?.().catch(() => undefined);
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    this.sessions.clear();
    this.secrets.clear();
  }
}
