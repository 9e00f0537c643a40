// SSH host key checking: trust on first use, by SHA-256 fingerprint, and
// honour the user's OpenSSH known_hosts (hashed entries included). ssh2 accepts
// any key unless we say otherwise, so every connection goes through here.
import { createHash, createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { SpindleError } from '../../../shared/errors.ts';
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

export type KnownHostsVerdict =
  | { kind: 'match' }
  | { kind: 'mismatch'; knownFingerprint: string }
  | { kind: 'revoked' }
  | { kind: 'none' };

/** Looks a presented key up in the text of an OpenSSH known_hosts file. */
export function checkKnownHosts(text: string, host: string, port: number, keyBlob: Buffer): KnownHostsVerdict {
  const name = knownHostsName(host, port);
  const type = keyTypeOf(keyBlob);
  const presented = keyBlob.toString('base64');
  let mismatch: string | null = null;
  let matched = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | null = null;
    if (fields[0]?.startsWith('@')) marker = fields.shift() ?? null;
    const [hosts, ktype, key64] = fields;
    if (!hosts || !ktype || !key64) continue;
    if (marker === '@cert-authority') continue; // certificates are not supported: ignore, don't misjudge
    if (!hostPatternMatches(hosts, name)) continue;
    if (marker === '@revoked') {
      if (key64 === presented) return { kind: 'revoked' };
      continue;
    }
    if (ktype !== type) continue;
    if (key64 === presented) matched = true;
    else mismatch = fingerprintOf(Buffer.from(key64, 'base64'));
  }
  if (matched) return { kind: 'match' };
  if (mismatch) return { kind: 'mismatch', knownFingerprint: mismatch };
  return { kind: 'none' };
}

const TrustedKeysSchema = z.object({
  version: z.literal(1),
  keys: z.record(
    z.string(),
    z.object({ keyType: z.string(), fingerprint: z.string(), addedAt: z.string() }),
  ),
});
type TrustedKeys = z.infer<typeof TrustedKeysSchema>;

export interface HostKeyDecision {
  accepted: boolean;
  error?: SpindleError;
  fingerprint: string;
  keyType: string;
}

export class HostKeyStore {
  private readonly file: string;
  private readonly knownHostsFiles: string[];

  constructor(configDir: string, knownHostsFiles?: string[]) {
    this.file = path.join(configDir, 'trusted-host-keys.json');
    this.knownHostsFiles = knownHostsFiles ?? [path.join(os.homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
  }

  private async load(): Promise<TrustedKeys> {
    return (await readJsonFile(this.file, TrustedKeysSchema)) ?? { version: 1, keys: {} };
  }

  async trusted(host: string, port: number): Promise<{ keyType: string; fingerprint: string } | undefined> {
    return (await this.load()).keys[knownHostsName(host, port)];
  }

  async trust(host: string, port: number, keyType: string, fingerprint: string): Promise<void> {
    const data = await this.load();
    data.keys[knownHostsName(host, port)] = { keyType, fingerprint, addedAt: new Date().toISOString() };
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
  }

  async forget(host: string, port: number): Promise<void> {
    const data = await this.load();
    delete data.keys[knownHostsName(host, port)];
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
  }

  /**
   * Decides whether a presented key is trusted. `acceptFingerprint` is what the
   * user confirmed after seeing it; it only counts when it equals the key shown.
   */
  async decide(host: string, port: number, keyBlob: Buffer, acceptFingerprint?: string): Promise<HostKeyDecision> {
    const fingerprint = fingerprintOf(keyBlob);
    const keyType = keyTypeOf(keyBlob);
    const where = knownHostsName(host, port);
    const changed = (old: string, source: string): HostKeyDecision => ({
      accepted: false,
      fingerprint,
      keyType,
      error: new SpindleError(
        'HOST_KEY_CHANGED',
        `The host key of ${where} has changed: it was ${old} (${source}), it is now ${fingerprint}. The connection was refused.`,
        `If the host was reinstalled, verify the new fingerprint with its administrator, then remove the old key (Spindle: remove and re-add the host; OpenSSH: ssh-keygen -R '${where}'). Otherwise someone may be intercepting the connection.`,
        { oldFingerprint: old, newFingerprint: fingerprint, keyType },
      ),
    });

    const saved = (await this.load()).keys[where];
    if (saved) {
      if (saved.fingerprint === fingerprint) return { accepted: true, fingerprint, keyType };
      if (saved.keyType === keyType) return changed(saved.fingerprint, "Spindle's trusted keys");
    }
    for (const f of this.knownHostsFiles) {
      let text: string;
      try {
        text = await fs.readFile(f, 'utf8');
      } catch {
        continue;
      }
      const verdict = checkKnownHosts(text, host, port, keyBlob);
      if (verdict.kind === 'match') return { accepted: true, fingerprint, keyType };
      if (verdict.kind === 'mismatch') return changed(verdict.knownFingerprint, f);
      if (verdict.kind === 'revoked') {
        return {
          accepted: false,
          fingerprint,
          keyType,
          error: new SpindleError('HOST_KEY_CHANGED', `The host key of ${where} (${fingerprint}) is marked @revoked in ${f}.`, 'Ask the administrator of the host for its current key.'),
        };
      }
    }
    if (acceptFingerprint && acceptFingerprint === fingerprint) {
      await this.trust(host, port, keyType, fingerprint);
      return { accepted: true, fingerprint, keyType };
    }
    return {
      accepted: false,
      fingerprint,
      keyType,
      error: new SpindleError(
        'HOST_KEY_UNKNOWN',
        `${where} is not a known host. Its ${keyType} key fingerprint is ${fingerprint}.`,
        acceptFingerprint
          ? `The fingerprint you accepted (${acceptFingerprint}) is not the one the host presented. Check that you are connecting to the right machine.`
          : 'Compare the fingerprint with the one the host shows ("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" on it), then accept it.',
        { fingerprint, keyType },
      ),
    };
  }
}
