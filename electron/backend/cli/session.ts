// Sessions for the CLI's commands: the saved host named by --host, its
// secrets from standard input (--password-stdin, --passphrase-stdin) or asked
// on the terminal, never from an argument.
import type { HostConfig } from '../../../shared/contract/models.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import { HostRegistry } from '../config/host-registry.ts';
import type { HostSession } from '../session/host-session.ts';
import { HostKeyStore } from '../transport/host-keys.ts';
import type { SshSecrets } from '../transport/ssh-runner.ts';
import type { CliIo, Values } from './command.ts';
import { askSecret, readStdin } from './prompt.ts';
import { cliText } from './text.ts';

export async function readSecrets(values: Values, config: HostConfig, io: CliIo, lang: CatalogLanguage): Promise<SshSecrets> {
  const secrets: SshSecrets = {};
  if (config.kind !== 'ssh') return secrets;
  if (values['password-stdin']) secrets.password = (await readStdin()).replace(/\r?\n$/, '');
  else if (values['passphrase-stdin']) secrets.passphrase = (await readStdin()).replace(/\r?\n$/, '');
  else if (config.auth === 'password') secrets.password = await askSecret(cliText(lang, 'cli.hosts.passwordPrompt', { user: config.user, host: config.host }), io);
  return secrets;
}

/** Opens the session of saved host `name` (warning first about jobs a killed run left on it). */
export async function openSession(configDir: string, name: string, values: Values, io: CliIo, lang: CatalogLanguage, warn: boolean): Promise<HostSession> {
  // The session's modules (transport, libvirt, XML) load only for a command that opens one.
  const [{ HostSession, unknownHost }, { warnInterrupted }] = await Promise.all([import('../session/host-session.ts'), import('./run-job.ts')]);
  const config = await new HostRegistry(configDir).get(name);
  if (!config) throw unknownHost(name);
  const secrets = await readSecrets(values, config, io, lang);
  if (warn) await warnInterrupted(config.name, io, lang);
  return new HostSession(config, { hostKeys: new HostKeyStore(configDir), secrets });
}
