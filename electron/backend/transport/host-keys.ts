// SSH host key checking: trust on first use, by SHA-256 fingerprint, and
// honour the user's OpenSSH known_hosts (hashed entries included). ssh2 accepts
// any key unless we say otherwise, so every connection goes through here.
// Like OpenSSH, the client asks first for the key types it already knows for
// an address, so a key of another type means the host's keys were replaced.
import { createHash, createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { z } from 'zod';
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { readJsonFile, writeFileAtomic } from '../config/atomic-file.ts';

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the first SSH string inside the wire-format key blob. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('ascii');
}

/** OpenSSH writes non-default ports as "[host]:port". */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$',
    'i',
  );
  return re.test(name);
}

function hostPatternMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt64, hash64] = field.split('|');
    if (!salt64 || !hash64) return false;
    const mac = createHmac('sha1', Buffer.from(salt64, 'base64')).update(name).digest('base64');
    return mac === hash64;
  }
  let matched = false;
  for (const pat of field.split(',')) {
    if (pat.startsWith('!')) {
      if (globMatch(pat.slice(1), name)) return false;
    } else if (globMatch(pat, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Host key algorithms ssh2 can ask for, per key type, in OpenSSH's order of
 * preference (RSA keys sign with SHA-2 first).
 */
const ALGORITHMS_BY_KEY_TYPE: Readonly<Record<string, readonly ServerHostKeyAlgorithm[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_ALGORITHMS = Object.values(ALGORITHMS_BY_KEY_TYPE).flat();

function negotiable(keyType: string): boolean {
  return Object.hasOwn(ALGORITHMS_BY_KEY_TYPE, keyType);
}

/** ssh2's serverHostKey list with the algorithms of the known key types first; undefined: none known. */
export function preferredHostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] | undefined {
  const first = [...new Set(knownTypes)].flatMap((t) => ALGORITHMS_BY_KEY_TYPE[t] ?? []);
  if (first.length === 0) return undefined;
  return [...first, ...DEFAULT_ALGORITHMS.filter((a) => !first.includes(a))];
}

interface KnownHostsEntry {
  marker: string | null;
  keyType: string;
  key64: string;
}

/** The entries of a known_hosts text that apply to host:port. */
function knownHostsEntries(text: string, host: string, port: number): KnownHostsEntry[] {
  const name = knownHostsName(host, port);
  const out: KnownHostsEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? (fields.shift() ?? null) : null;
    const [hosts, keyType, key64] = fields;
    if (!hosts || !keyType || !key64) continue;
    if (marker === '@cert-authority') continue; // certificates are not supported: ignore, don't misjudge
    if (hostPatternMatches(hosts, name)) out.push({ marker, keyType, key64 });
  }
  return out;
}

/** Key types known_hosts lists for host:port (revoked keys aside). */
export function knownHostsKeyTypes(text: string, host: string, port: number): string[] {
  return knownHostsEntries(text, host, port)
    .filter((e) => e.marker === null)
    .map((e) => e.keyType);
}

export type KnownHostsVerdict =
  | { kind: 'match' }
  | { kind: 'mismatch'; knownFingerprint: string; knownKeyType: string }
  | { kind: 'revoked' }
  | { kind: 'none' };

/**
 * Looks a presented key up in the text of an OpenSSH known_hosts file. A key
 * of a type the file does not list, where it lists another type we could have
 * asked for, is a mismatch too.
 */
export function checkKnownHosts(text: string, host: string, port: number, keyBlob: Buffer): KnownHostsVerdict {
  const type = keyTypeOf(keyBlob);
  const presented = keyBlob.toString('base64');
  const entries = knownHostsEntries(text, host, port);
  if (entries.some((e) => e.marker === '@revoked' && e.key64 === presented)) return { kind: 'revoked' };
  const keys = entries.filter((e) => e.marker === null);
  if (keys.some((e) => e.keyType === type && e.key64 === presented)) return { kind: 'match' };
  const known = keys.find((e) => e.keyType === type) ?? keys.find((e) => negotiable(e.keyType));
  if (!known) return { kind: 'none' };
  return { kind: 'mismatch', knownFingerprint: fingerprintOf(Buffer.from(known.key64, 'base64')), knownKeyType: known.keyType };
}

const TrustedKeysSchema = z.object({
  version: z.literal(1),
  keys: z.record(
    z.string(),
    z.object({ keyType: z.string(), fingerprint: z.string(), addedAt: z.string() }),
  ),
});
type TrustedKeys = z.infer<typeof TrustedKeysSchema>;

export interface HostKey {
  keyType: string;
  fingerprint: string;
}

export interface HostKeyDecision {
  accepted: boolean;
  error?: SpindleError;
  fingerprint: string;
  keyType: string;
  /** Let in only because the user accepted it: saved by confirm() once the host is added. */
  pending?: boolean;
}

type Judgement = { kind: 'match' } | { kind: 'refused'; error: SpindleError } | { kind: 'none' };

/** The host-side file that holds a key of this type, for the "compare it" hint. */
function hostKeyFile(keyType: string): string {
  const short = keyType === 'ssh-rsa' ? 'rsa' : keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${short}_key.pub`;
}

/**
 * Who knew the old key decides the message and how to remove it: Spindle's
 * own trusted-keys file (`trusted`) or an OpenSSH known_hosts file.
 */
function changedKeyError(where: string, old: HostKey, now: HostKey, knownBy: 'trusted' | 'knownHosts', file: string): SpindleError {
  const otherType = old.keyType !== now.keyType ? msg('transport.hostKey.otherType', { oldType: old.keyType }) : '';
  const params = { where, file, oldType: old.keyType, oldFingerprint: old.fingerprint, newType: now.keyType, newFingerprint: now.fingerprint, otherType, hostKeyFile: hostKeyFile(now.keyType) };
  const details = { oldFingerprint: old.fingerprint, newFingerprint: now.fingerprint, oldKeyType: old.keyType, newKeyType: now.keyType, keyType: now.keyType };
  return knownBy === 'trusted'
    ? SpindleError.of('HOST_KEY_CHANGED', 'transport.hostKey.changedTrusted', params, undefined, details)
    : SpindleError.of('HOST_KEY_CHANGED', 'transport.hostKey.changedKnownHosts', params, undefined, details);
}

export class HostKeyStore {
  private readonly file: string;
  private readonly knownHostsFiles: string[];
  /** The key each address last presented and was let in with, in this process. */
  private readonly presented = new Map<string, HostKey & { pending: boolean }>();

  constructor(configDir: string, knownHostsFiles?: string[]) {
    this.file = path.join(configDir, 'trusted-host-keys.json');
    this.knownHostsFiles = knownHostsFiles ?? [path.join(os.homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
  }

  private async load(): Promise<TrustedKeys> {
    return (await readJsonFile(this.file, TrustedKeysSchema)) ?? { version: 1, keys: {} };
  }

  private async save(data: TrustedKeys): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
  }

  private async knownHostsTexts(): Promise<Array<{ file: string; text: string }>> {
    const out: Array<{ file: string; text: string }> = [];
    for (const file of this.knownHostsFiles) {
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      if (text !== null) out.push({ file, text });
    }
    return out;
  }

  async trusted(host: string, port: number): Promise<HostKey | undefined> {
    return (await this.load()).keys[knownHostsName(host, port)];
  }

  /** Stores a key as it is, replacing any other (tools and tests); adding a host goes through confirm(). */
  async trust(host: string, port: number, keyType: string, fingerprint: string): Promise<void> {
    const data = await this.load();
    data.keys[knownHostsName(host, port)] = { keyType, fingerprint, addedAt: new Date().toISOString() };
    await this.save(data);
  }

  async forget(host: string, port: number): Promise<void> {
    const data = await this.load();
    delete data.keys[knownHostsName(host, port)];
    await this.save(data);
  }

  /** The key host:port presented on the last connection this process let in. */
  lastPresented(host: string, port: number): HostKey | undefined {
    const p = this.presented.get(knownHostsName(host, port));
    return p && { keyType: p.keyType, fingerprint: p.fingerprint };
  }

  /**
   * Saves the key the user accepted (`fingerprint`), once the host it belongs
   * to was checked and added. Nothing happens for a key that was already
   * trusted; a stored key is never replaced.
   */
  async confirm(host: string, port: number, fingerprint: string | undefined): Promise<void> {
    const where = knownHostsName(host, port);
    const p = this.presented.get(where);
    if (!p?.pending || p.fingerprint !== fingerprint) return;
    const data = await this.load();
    const old = data.keys[where];
    if (old && old.fingerprint !== p.fingerprint) throw changedKeyError(where, old, p, 'trusted', this.file);
    if (!old) {
      data.keys[where] = { keyType: p.keyType, fingerprint: p.fingerprint, addedAt: new Date().toISOString() };
      await this.save(data);
    }
    this.presented.set(where, { ...p, pending: false });
  }

  /** Key types known for host:port, Spindle's first: ask the server for these before any other. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const saved = await this.trusted(host, port);
    const fromKnownHosts = (await this.knownHostsTexts()).flatMap(({ text }) => knownHostsKeyTypes(text, host, port));
    return [...(saved ? [saved.keyType] : []), ...fromKnownHosts];
  }

  /** ssh2's `algorithms.serverHostKey` for host:port (undefined: ssh2's default order). */
  async hostKeyAlgorithms(host: string, port: number): Promise<ServerHostKeyAlgorithm[] | undefined> {
    return preferredHostKeyAlgorithms(await this.knownKeyTypes(host, port));
  }

  /** Spindle's own trusted key first, then the OpenSSH files: a match, a refusal, or not known. */
  private async judge(host: string, port: number, keyBlob: Buffer, now: HostKey): Promise<Judgement> {
    const where = knownHostsName(host, port);
    const saved = (await this.load()).keys[where];
    if (saved) {
      if (saved.fingerprint === now.fingerprint) return { kind: 'match' };
      return { kind: 'refused', error: changedKeyError(where, saved, now, 'trusted', this.file) };
    }
    for (const { file, text } of await this.knownHostsTexts()) {
      const verdict = checkKnownHosts(text, host, port, keyBlob);
      if (verdict.kind === 'match') return { kind: 'match' };
      if (verdict.kind === 'mismatch') {
        const old = { keyType: verdict.knownKeyType, fingerprint: verdict.knownFingerprint };
        return { kind: 'refused', error: changedKeyError(where, old, now, 'knownHosts', file) };
      }
      if (verdict.kind === 'revoked') {
        return { kind: 'refused', error: SpindleError.of('HOST_KEY_CHANGED', 'transport.hostKey.revoked', { where, fingerprint: now.fingerprint, file }) };
      }
    }
    return { kind: 'none' };
  }

  /**
   * Decides whether a presented key is trusted. `acceptFingerprint` is what the
   * user confirmed after seeing it; it only counts when it equals the key shown
   * and no other key is known for the address, and it is saved only by confirm().
   */
  async decide(host: string, port: number, keyBlob: Buffer, acceptFingerprint?: string): Promise<HostKeyDecision> {
    const now: HostKey = { fingerprint: fingerprintOf(keyBlob), keyType: keyTypeOf(keyBlob) };
    const where = knownHostsName(host, port);
    const judgement = await this.judge(host, port, keyBlob, now);
    if (judgement.kind === 'refused') return { accepted: false, error: judgement.error, ...now };
    if (judgement.kind === 'match' || acceptFingerprint === now.fingerprint) {
      const pending = judgement.kind !== 'match';
      this.presented.set(where, { ...now, pending });
      return { accepted: true, ...now, ...(pending ? { pending } : {}) };
    }
    return {
      accepted: false,
      ...now,
      error: acceptFingerprint
        ? SpindleError.of('HOST_KEY_UNKNOWN', 'transport.hostKey.notAccepted', { where, keyType: now.keyType, fingerprint: now.fingerprint, accepted: acceptFingerprint }, undefined, { fingerprint: now.fingerprint, keyType: now.keyType })
        : SpindleError.of('HOST_KEY_UNKNOWN', 'transport.hostKey.unknown', { where, keyType: now.keyType, fingerprint: now.fingerprint, hostKeyFile: hostKeyFile(now.keyType) }, undefined, { fingerprint: now.fingerprint, keyType: now.keyType }),
    };
  }
}
