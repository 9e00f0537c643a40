// Saved hosts, in hosts.json in the config directory. Secrets are never part
// of it: passwords and passphrases are asked for and kept in memory only.
import path from 'node:path';
import { z } from 'zod';
import { SpindleError } from '../../../shared/core/errors.ts';
import { HostConfigSchema, type HostConfig } from '../../../shared/contract/models.ts';
import { validateName } from '../../../shared/core/validation.ts';
import type { HostKeyStore } from '../transport/host-keys.ts';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';

const HostsFileSchema = z.object({ version: z.literal(1), hosts: z.array(HostConfigSchema) });

export class HostRegistry {
  readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, 'hosts.json');
  }

  async list(): Promise<HostConfig[]> {
    return (await readJsonFile(this.file, HostsFileSchema))?.hosts ?? [];
  }

  async get(name: string): Promise<HostConfig | undefined> {
    return (await this.list()).find((h) => h.name === name);
  }

  async add(host: HostConfig, { replace = false } = {}): Promise<void> {
    validateName('host', host.name);
    const parsed = HostConfigSchema.parse(host);
    const hosts = await this.list();
    const i = hosts.findIndex((h) => h.name === host.name);
    if (i >= 0 && !replace) {
      throw SpindleError.of('INVALID_NAME', 'config.hostExists', { name: host.name }, 'name');
    }
    if (i >= 0) hosts[i] = parsed;
    else hosts.push(parsed);
    await this.save(hosts);
  }

  async remove(name: string): Promise<boolean> {
    const hosts = await this.list();
    const next = hosts.filter((h) => h.name !== name);
    if (next.length === hosts.length) return false;
    await this.save(next);
    return true;
  }

  private async save(hosts: HostConfig[]): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, hosts }, null, 2) + '\n');
  }
}

/**
 * Saves a host that passed its connection check, then the host key the user
 * accepted for it (kept in memory until now): neither stays when the other
 * fails, so a failed add leaves nothing behind.
 */
export async function saveCheckedHost(registry: HostRegistry, hostKeys: HostKeyStore, config: HostConfig, acceptFingerprint?: string): Promise<void> {
  await registry.add(config);
  if (config.kind !== 'ssh') return;
  try {
    await hostKeys.confirm(config.host, config.port, acceptFingerprint);
  } catch (e) {
    await registry.remove(config.name).catch(() => undefined);
    throw e;
  }
}
