// `spindle hosts list|add|remove`: the saved hosts. A new host is connected
// and checked before it is saved (unless --no-check); an SSH host's key is
// shown and asked about on first contact, or given with --accept-fingerprint.
import { SpindleError, toSpindleError } from '../../../shared/core/errors.ts';
import { msg } from '../../../shared/core/messages.ts';
import { AuthMethodSchema, HostConfigSchema, type HostConfig } from '../../../shared/contract/models.ts';
import { HostRegistry, saveCheckedHost } from '../config/host-registry.ts';
import { HostKeyStore } from '../transport/host-keys.ts';
import type { SshSecrets } from '../transport/ssh-runner.ts';
import type { CliCommand, CliContext } from './command.ts';
import { checked, choicesOf, JSON_OUT, PASSPHRASE_STDIN, PASSWORD_STDIN, str } from './flags.ts';
import { printTable } from './format.ts';
import { printJson, printResult } from './output.ts';
import { askLine } from './prompt.ts';
import { readSecrets } from './session.ts';
import { errorMessage, usageError } from './text.ts';

export const DEFAULT_URI = 'qemu:///system';

export function parseSshAddress(addr: string): { user: string; host: string; port: number } {
  const m = /^([^@\s]+)@(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(addr);
  if (!m) throw usageError('cli.usage.sshAddress', { address: addr });
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw usageError('cli.usage.port', { port });
  return { user: m[1] ?? '', host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port };
}

const hostsList: CliCommand = {
  path: ['hosts', 'list'],
  summary: msg('cli.cmd.hostsList.summary'),
  flags: [JSON_OUT],
  async run(ctx, { values }) {
    const hosts = await new HostRegistry(ctx.configDir).list();
    if (values.json) printJson(ctx.io, { hosts });
    else if (hosts.length === 0) ctx.io.out(ctx.text('cli.hosts.none') + '\n');
    else {
      // KIND and SUDO are words (translated); the rest is data, and AUTH the --auth value as typed.
      printTable(
        ctx.io.out,
        (['cli.col.name', 'cli.col.kind', 'cli.col.address', 'cli.col.uri', 'cli.col.auth', 'cli.col.sudo'] as const).map((k) => ctx.text(k)),
        hosts.map((h) => [
          h.name,
          ctx.text(h.kind === 'ssh' ? 'cli.word.ssh' : 'cli.word.local'),
          h.kind === 'ssh' ? `${h.user}@${h.host}:${h.port}` : '-',
          h.uri,
          h.kind === 'ssh' ? h.auth : '-',
          ctx.text(h.sudo ? 'cli.word.yes' : 'cli.word.no'),
        ]),
      );
    }
    return 0;
  },
};

const hostsAdd: CliCommand = {
  path: ['hosts', 'add'],
  summary: msg('cli.cmd.hostsAdd.summary'),
  details: msg('cli.cmd.hostsAdd.details'),
  args: [{ name: 'NAME', description: msg('cli.cmd.hostsAdd.name') }],
  flags: [
    { name: 'local', description: msg('cli.cmd.hostsAdd.flags.local') },
    { name: 'ssh', value: 'USER@HOST[:PORT]', description: msg('cli.cmd.hostsAdd.flags.ssh'), default: msg('cli.cmd.hostsAdd.defaults.ssh') },
    { name: 'uri', value: 'URI', description: msg('cli.cmd.hostsAdd.flags.uri'), default: DEFAULT_URI },
    { name: 'auth', value: 'METHOD', description: msg('cli.cmd.hostsAdd.flags.auth'), choices: choicesOf(AuthMethodSchema), default: msg('cli.cmd.hostsAdd.defaults.auth') },
    { name: 'key', value: 'PATH', description: msg('cli.cmd.hostsAdd.flags.key'), default: msg('cli.help.none'), complete: 'file' },
    { name: 'sudo', description: msg('cli.cmd.hostsAdd.flags.sudo') },
    PASSWORD_STDIN,
    PASSPHRASE_STDIN,
    { name: 'accept-fingerprint', value: 'SHA256:...', description: msg('cli.cmd.hostsAdd.flags.acceptFingerprint'), default: msg('cli.cmd.hostsAdd.defaults.acceptFingerprint') },
    { name: 'no-check', description: msg('cli.cmd.hostsAdd.flags.noCheck') },
    JSON_OUT,
  ],
  async run(ctx, { values, args }) {
    const name = args[0] ?? '';
    if (!!values.local === !!values.ssh) throw ctx.usage('cli.usage.oneOf', { flags: '--local, --ssh USER@HOST[:PORT]' });
    const uri = str(values, 'uri') ?? DEFAULT_URI;
    let request: unknown;
    if (values.local) {
      request = { kind: 'local', name, uri, sudo: !!values.sudo };
    } else {
      const { user, host, port } = parseSshAddress(String(values.ssh));
      const key = str(values, 'key');
      const auth = str(values, 'auth') ?? (key ? 'key' : 'agent');
      if (auth === 'key' && key === undefined) throw ctx.usage('cli.usage.keyNeedsPath');
      request = { kind: 'ssh', name, host, port, user, auth, uri, sudo: !!values.sudo, ...(key !== undefined ? { keyPath: key } : {}) };
    }
    const config: HostConfig = checked(ctx, HostConfigSchema, request, { auth: 'auth', keyPath: 'key', uri: 'uri', host: 'ssh', port: 'ssh', user: 'ssh', sudo: 'sudo' }, values);
    const registry = new HostRegistry(ctx.configDir);
    const hostKeys = new HostKeyStore(ctx.configDir);
    if (await registry.get(name)) throw SpindleError.of('INVALID_NAME', 'config.hostExists', { name }, 'name');

    let accepted = str(values, 'accept-fingerprint');
    if (!values['no-check']) accepted = await checkNewHost(ctx, config, hostKeys, { ...(await readSecrets(values, config, ctx.io, ctx.lang)), ...(accepted ? { acceptFingerprint: accepted } : {}) });
    // The accepted key is saved only now, with the host: a failed add stores nothing.
    await saveCheckedHost(registry, hostKeys, config, accepted);
    printResult(ctx, values, { added: config }, ctx.text('cli.hosts.added', { name }));
    return 0;
  },
};

/** Connects and runs the virsh check; returns the fingerprint the user accepted (asked for on a terminal). */
async function checkNewHost(ctx: CliContext, config: HostConfig, hostKeys: HostKeyStore, secrets: SshSecrets): Promise<string | undefined> {
  const { HostSession } = await import('../session/host-session.ts');
  let session = new HostSession(config, { hostKeys, secrets });
  try {
    try {
      ctx.io.out(ctx.text('cli.hosts.connected', { uri: await session.check() }) + '\n');
      return secrets.acceptFingerprint;
    } catch (e) {
      const err = toSpindleError(e);
      if (err.code !== 'HOST_KEY_UNKNOWN' || secrets.acceptFingerprint || !process.stdin.isTTY) throw err;
      // Interactive trust on first use: show the fingerprint and ask.
      ctx.io.out(`${errorMessage(err, ctx.lang)}\n`);
      const answer = await askLine(ctx.text('cli.hosts.trustPrompt'), ctx.io);
      if (!/^(y(es)?|是)$/i.test(answer.trim())) throw SpindleError.of('CANCELLED', 'cli.hosts.notTrusted');
      await session.close();
      const acceptFingerprint = err.details?.fingerprint ?? '';
      session = new HostSession(config, { hostKeys, secrets: { ...secrets, acceptFingerprint } });
      ctx.io.out(ctx.text('cli.hosts.connected', { uri: await session.check() }) + '\n');
      return acceptFingerprint;
    }
  } finally {
    await session.close();
  }
}

const hostsRemove: CliCommand = {
  path: ['hosts', 'remove'],
  summary: msg('cli.cmd.hostsRemove.summary'),
  args: [{ name: 'NAME', description: msg('cli.cmd.hostsRemove.name') }],
  flags: [],
  async run(ctx, { args }) {
    const name = args[0] ?? '';
    const registry = new HostRegistry(ctx.configDir);
    const host = await registry.get(name);
    if (!host) throw (await import('../session/host-session.ts')).unknownHost(name);
    await registry.remove(name);
    // A host added again later goes through the fingerprint step again.
    if (host.kind === 'ssh') {
      const others = (await registry.list()).some((h) => h.kind === 'ssh' && h.host === host.host && h.port === host.port);
      if (!others) await new HostKeyStore(ctx.configDir).forget(host.host, host.port);
    }
    ctx.io.out(ctx.text('cli.hosts.removed', { name }) + '\n');
    return 0;
  },
};

export const HOSTS_COMMANDS: readonly CliCommand[] = [hostsList, hostsAdd, hostsRemove];
