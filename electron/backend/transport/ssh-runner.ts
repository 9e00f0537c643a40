// Runs programs on a remote host over one ssh2 connection, with a bounded pool
// of exec channels (OpenSSH allows 10 sessions per connection by default),
// keepalive, host key verification, and a second try of a handshake the server
// dropped. A lost link is reported ('link-lost'); the host session decides when
// to reconnect (the next command reconnects in any case).
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg, type MsgParam } from '../../../shared/core/messages.ts';
import type { AuthMethod } from '../../../shared/contract/models.ts';
import type { HostKeyStore } from './host-keys.ts';
import { shellJoin } from './quote.ts';
import { lineStream, runOutcome, tethered, withSudo, type LineStream, type RunOptions, type RunResult, type Runner, type StreamOptions } from './runner.ts';
import { Semaphore } from './semaphore.ts';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  auth: AuthMethod;
  keyPath?: string;
}

/** Secrets are asked for when needed and kept in memory only. */
export interface SshSecrets {
  password?: string;
  passphrase?: string;
  /** Fingerprint the user accepted for a host not seen before. */
  acceptFingerprint?: string;
}

export interface SshRunnerOptions {
  maxChannels?: number;
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
}

export class SshRunner extends EventEmitter implements Runner {
  readonly label: string;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly channels: Semaphore;
  private closed = false;
  private readonly liveChannels = new Set<ClientChannel>();
  private readonly opts: Required<SshRunnerOptions>;

  constructor(
    private readonly target: SshTarget,
    private readonly hostKeys: HostKeyStore,
    private secrets: SshSecrets = {},
    opts: SshRunnerOptions = {},
  ) {
    super();
    this.label = `${target.user}@${target.host}:${target.port}`;
    this.opts = {
      maxChannels: opts.maxChannels ?? 8, // of OpenSSH's default 10, leaving room for the user's own use
      connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
      keepaliveIntervalMs: opts.keepaliveIntervalMs ?? 5_000,
    };
    this.channels = new Semaphore(this.opts.maxChannels);
  }

  setSecrets(secrets: SshSecrets): void {
    this.secrets = { ...this.secrets, ...secrets };
  }

  /**
   * Opens the connection if needed. Pacing retries after a lost link is the
   * host session's job (one place, see inventory/reconnect.ts); here only a
   * handshake that the server dropped before authentication is tried again.
   */
  async connect(): Promise<Client> {
    if (this.closed) throw SpindleError.of('DISCONNECTED', 'transport.ssh.closed', { host: this.label });
    if (this.client) return this.client;
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            const c = await this.openClient();
            this.client = c;
            return c;
          } catch (e) {
            const err = e instanceof SpindleError ? e : SpindleError.of('UNREACHABLE', 'transport.ssh.unreachable', { host: this.label, cause: String(e) });
            if (err.details?.beforeHandshake !== 'true' || attempt >= HANDSHAKE_ATTEMPTS || this.closed) throw err;
            await new Promise((r) => setTimeout(r, handshakeRetryDelay(attempt)));
          }
        }
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  private async openClient(): Promise<Client> {
    const { host, port, user } = this.target;
    const cfg: ConnectConfig = {
      host,
      port,
      username: user,
      readyTimeout: this.opts.connectTimeoutMs,
      keepaliveInterval: this.opts.keepaliveIntervalMs,
      keepaliveCountMax: 3,
    };
    switch (this.target.auth) {
      case 'agent': {
        const sock = process.env.SSH_AUTH_SOCK;
        if (!sock) throw SpindleError.of('AUTH_FAILED', 'transport.ssh.noAgent');
        cfg.agent = sock;
        break;
      }
      case 'key': {
        if (!this.target.keyPath) throw SpindleError.of('INVALID_ARGUMENT', 'transport.ssh.noKeyPath', undefined, 'keyPath');
        try {
          cfg.privateKey = await readFile(this.target.keyPath);
        } catch (e) {
          throw SpindleError.of('AUTH_FAILED', 'transport.ssh.keyUnreadable', { keyPath: this.target.keyPath, error: (e as Error).message }, 'keyPath');
        }
        if (this.secrets.passphrase) cfg.passphrase = this.secrets.passphrase;
        break;
      }
      case 'password':
        if (this.secrets.password === undefined) throw SpindleError.of('AUTH_FAILED', 'transport.ssh.passwordNeeded', { host: this.label }, 'password');
        cfg.password = this.secrets.password;
        break;
    }

    // Ask for the key types already known for this address first (as OpenSSH
    // does): a server that still has its old key is not taken for a changed one.
    const serverHostKey = await this.hostKeys.hostKeyAlgorithms(host, port);
    if (serverHostKey) cfg.algorithms = { serverHostKey };
    let keyError: SpindleError | undefined;
    cfg.hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      this.hostKeys
        .decide(host, port, key, this.secrets.acceptFingerprint)
        .then((d) => {
          keyError = d.error;
          verify(d.accepted);
        })
        .catch((e: unknown) => {
          // A settings file that cannot be read keeps its own error (not "unknown host").
          keyError = e instanceof SpindleError ? e : SpindleError.of('COMMAND_FAILED', 'transport.ssh.hostKeyCheckFailed', { host: this.label, error: String(e) });
          verify(false);
        });
    };

    return new Promise<Client>((resolve, reject) => {
      const c = new Client();
      let ready = false;
      c.on('ready', () => {
        ready = true;
        resolve(c);
      });
      c.on('error', (e: Error & { level?: string; code?: string }) => {
        if (ready) return; // a live connection's error is followed by 'close'
        reject(keyError ?? (droppedBeforeAuth(e) ? this.droppedError(e.message) : this.mapConnectError(e)));
      });
      c.on('close', () => {
        if (!ready) {
          reject(keyError ?? this.droppedError(msg('transport.ssh.closedDuringSetup')));
          return;
        }
        if (this.client === c) {
          this.client = null;
          // The link first: what its streams and commands report next is a consequence.
          if (!this.closed) this.emit('link-lost', linkLost(this.label));
          for (const ch of this.liveChannels) ch.emit('spindle-link-lost');
        }
      });
      try {
        c.connect(cfg);
      } catch (e) {
        reject(this.mapConnectError(e as Error));
      }
    });
  }

  /**
   * The server hung up before authentication: sshd's MaxStartups throttling
   * (many connections at once) does this at random. Nothing ran, so connect()
   * tries the handshake again.
   */
  private droppedError(why: MsgParam): SpindleError {
    return SpindleError.of('UNREACHABLE', 'transport.ssh.dropped', { host: this.label, why }, undefined, { beforeHandshake: 'true' });
  }

  private mapConnectError(e: Error & { level?: string; code?: string }): SpindleError {
    if (e.level === 'client-authentication') {
      const credential =
        this.target.auth === 'password'
          ? msg('transport.ssh.credential.password')
          : this.target.auth === 'key'
            ? msg('transport.ssh.credential.key', { keyPath: this.target.keyPath ?? '' })
            : msg('transport.ssh.credential.agent');
      return SpindleError.of('AUTH_FAILED', 'transport.ssh.authRefused', { host: this.label, credential });
    }
    if (/passphrase|encrypted/i.test(e.message)) {
      return SpindleError.of('AUTH_FAILED', 'transport.ssh.passphrase', { keyPath: this.target.keyPath ?? '' }, 'passphrase');
    }
    if (/Timed out/i.test(e.message)) {
      return SpindleError.of('UNREACHABLE', 'transport.ssh.connectTimeout', { host: this.label, seconds: this.opts.connectTimeoutMs / 1000 });
    }
    return SpindleError.of('UNREACHABLE', 'transport.ssh.unreachable', { host: this.label, cause: e.code ?? e.message }, undefined, { cause: e.message });
  }

  private async openChannel(command: string, pty: boolean): Promise<ClientChannel> {
    let client = await this.connect();
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          client.exec(command, pty ? { pty: { term: 'dumb', cols: 4096, rows: 24 } } : {}, (err, ch) => (err ? reject(err) : resolve(ch)));
        });
      } catch (e) {
        const why = (e as Error).message;
        // A connection that died silently is noticed here; reconnect once.
        if (attempt === 0 && (!this.client || /Not connected|No response|closed/i.test(why))) {
          this.client?.end();
          this.client = null;
          client = await this.connect();
          continue;
        }
        // The server's session limit (MaxSessions) can be reached by sessions
        // it has not released yet: nothing ran, so waiting and retrying is safe.
        if (/open failed|administratively prohibited/i.test(why) && attempt < 6) {
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          continue;
        }
        throw /open failed/i.test(why)
          ? SpindleError.of('DISCONNECTED', 'transport.ssh.channelRefused', { host: this.label, error: why })
          : SpindleError.of('DISCONNECTED', 'transport.ssh.channelFailed', { host: this.label, error: why });
      }
    }
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    if (opts.tether && opts.stdin !== undefined) throw SpindleError.of('INVALID_ARGUMENT', 'transport.tetherStdin');
    const command = remoteCommand(opts.tether ? tethered(argv) : argv, opts.sudo);
    const release = await this.channels.acquire();
    const started = performance.now();
    let holdSlot: Promise<void> | null = null;
    try {
      const ch = await this.openChannel(command, false);
      this.liveChannels.add(ch);
      return await new Promise<RunResult>((resolve, reject) => {
        const run = runOutcome(
          argv,
          this.label,
          opts,
          started,
          {
            stop: () => {
              // TERM first: sudo relays it to the command (it cannot relay KILL).
              signalChannel(ch, 'TERM');
              setTimeout(() => {
                signalChannel(ch, 'KILL');
                ch.close();
              }, 300);
              // sshd keeps a session whose process still runs; hold its pool slot
              // until the server lets go (or a while passes), so the pool does not
              // overrun the server's limit.
              holdSlot = new Promise<void>((resolve) => {
                const t = setTimeout(resolve, 5000);
                ch.once('close', () => {
                  clearTimeout(t);
                  resolve();
                });
              });
            },
            cleanup: () => this.liveChannels.delete(ch),
          },
          resolve,
          reject,
        );
        ch.on('data', run.stdout);
        ch.stderr.on('data', run.stderr);
        ch.on('spindle-link-lost', () => run.fail(SpindleError.of('DISCONNECTED', 'transport.ssh.lostWhileRunning', { host: this.label, program: argv[0] ?? '' })));
        ch.on('close', (code: number | null) => run.exit(typeof code === 'number' ? code : null));
        // A tether stays open while the command runs: the channel's end (ours,
        // or this process dying) is what kills the command on the host.
        if (opts.tether) ch.once('exit', () => ch.end());
        else ch.end(opts.stdin ?? '');
      });
    } finally {
      if (holdSlot) void (holdSlot as Promise<void>).then(release);
      else release();
    }
  }

  async stream(argv: readonly string[], opts: StreamOptions = {}): Promise<LineStream> {
    // A pty makes sshd hang up the remote process when the channel closes, so
    // long-lived commands never outlive their stream. Interactive sessions get
    // no pty (it would echo input) and end on EOF of stdin instead.
    const command = remoteCommand(argv, opts.sudo);
    const release = await this.channels.acquire();
    let ch: ClientChannel;
    try {
      ch = await this.openChannel(command, !opts.interactive);
    } catch (e) {
      release();
      throw e;
    }
    this.liveChannels.add(ch);
    const { stream, events } = lineStream({
      write: (text) => {
        ch.write(text);
      },
      stop: () => {
        if (opts.interactive) ch.end();
        ch.close();
      },
      onGone: () => {
        this.liveChannels.delete(ch);
        release();
      },
    });
    ch.setEncoding('utf8');
    ch.on('data', events.stdout);
    ch.stderr.on('data', (d: Buffer) => events.stderr(d.toString('utf8')));
    ch.on('spindle-link-lost', () => events.end(msg('transport.stream.linkLost')));
    ch.on('close', (code: number | null) => events.end(code === null ? msg('transport.stream.exitedSignal') : msg('transport.stream.exited', { code })));
    return stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const ch of this.liveChannels) ch.close();
    this.client?.end();
    this.client = null;
  }
}

/** Tries of one handshake that the server dropped before authentication. */
const HANDSHAKE_ATTEMPTS = 6;

/** 100 ms doubling, each scaled by a random 0.5-1.5 so that many clients throttled together do not come back together. */
export function handshakeRetryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(2000, 100 * 2 ** (attempt - 1)) * (0.5 + random()));
}

/** A connection reset or closed by the server, as opposed to refused, unresolvable, timed out or failed authentication. */
export function droppedBeforeAuth(e: Error & { level?: string; code?: string }): boolean {
  if (e.level === 'client-authentication') return false;
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  return /Connection lost before handshake|before handshake/i.test(e.message);
}

/** The error a lost link reports: sessions that watch the host reconnect by themselves. */
function linkLost(label: string): SpindleError {
  return SpindleError.of('DISCONNECTED', 'transport.ssh.linkLost', { host: label });
}

/**
 * The remote command line. A UTF-8 locale is forced so virsh prints non-ASCII
 * names as they are (in the C locale it escapes them); `env` works from any
 * login shell, and sudo keeps LC_* variables by default.
 */
export function remoteCommand(argv: readonly string[], sudo: boolean | undefined): string {
  return shellJoin(['env', 'LC_ALL=C.UTF-8', ...withSudo(argv, sudo)]);
}

/**
 * Sends a signal to the remote process of a session channel. ssh2's
 * Channel.signal() silently does nothing once stdin was closed (we always send
 * EOF), although the SSH protocol allows it; so the request goes to the
 * protocol object directly when the public method would drop it. Measured:
 * without this, a timed-out `sleep 30` kept running on the host.
 */
export function signalChannel(ch: ClientChannel, name: string): void {
  const inner = ch as unknown as {
    writable?: boolean;
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?: (id: number, sig: string) => void } };
  };
  try {
    if (inner.writable) {
      ch.signal(name);
      return;
    }
    const id = inner.outgoing?.id;
    const proto = inner._client?._protocol;
    if ((inner.outgoing?.state === 'open' || inner.outgoing?.state === 'eof') && id !== undefined && typeof proto?.signal === 'function') proto.signal(id, name);
  } catch {
    /* servers that do not support signals just close the channel */
  }
}
