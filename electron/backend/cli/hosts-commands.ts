// `spindle hosts list|add|remove`: the saved hosts. A new host is connected
// and checked before it is saved (unless --no-check); an SSH host's key is
// shown and asked about on first contact, or given with --accept-fingerprint.
import { SpindleError, toSpindleError } from '../../../shared/core/errors.ts';
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
  summary: 'list the saved hosts',
  flags: [JSON_OUT],
  async run(ctx, { values }) {
    const hosts = await new HostRegistry(ctx.configDir).list();
    if (values.json) printJson(ctx.io, { hosts });
    else if (hosts.length === 0) ctx.io.out(ctx.text('cli.hosts.none') + '\n');
    else {
      printTable(
        ctx.io.out,
        ['NAME', 'KIND', 'ADDRESS', 'URI', 'AUTH', 'SUDO'],
        hosts.map((h) => [h.name, h.kind, h.kind === 'ssh' ? `${h.user}@${h.host}:${h.port}` : '-', h.uri, h.kind === 'ssh' ? h.auth : '-', h.sudo ? 'yes' : 'no']),
      );
    }
    return 0;
  },
};

const hostsAdd: CliCommand = {
  path: ['hosts', 'add'],
  summary: 'save a host (this machine with --local, or one reached over SSH), after checking it answers',
  details: 'Examples:\n  spindle hosts add local --local\n  spindle hosts add demo --local --uri test:///default\n  spindle hosts add kvm1 --ssh ops@kvm1.example.com --key ~/.ssh/id_ed25519 --sudo',
  args: [{ name: 'NAME', description: 'the name to save it under' }],
  flags: [
    { name: 'local', description: 'libvirt on this machine' },
    { name: 'ssh', value: 'USER@HOST[:PORT]', description: 'libvirt on a host reached over SSH', default: 'none: give --local or --ssh' },
    { name: 'uri', value: 'URI', description: 'the libvirt connection URI (test:///default: the demo driver)', default: DEFAULT_URI },
    { name: 'auth', value: 'METHOD', description: 'how to log in over SSH', choices: choicesOf(AuthMethodSchema), default: 'key with --key, else agent' },
    { name: 'key', value: 'PATH', description: 'private key file (--auth key)', default: 'none', complete: 'file' },
    { name: 'sudo', description: 'run virsh and the host commands through sudo -n' },
    PASSWORD_STDIN,
    PASSPHRASE_STDIN,
    { name: 'accept-fingerprint', value: 'SHA256:...', description: 'trust this SSH host key without asking (as ssh-keygen -l prints it)', default: 'asked on a terminal, else refused' },
    { name: 'no-check', description: 'save it without connecting first' },
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
  summary: 'forget a saved host (and its SSH host key, once no other saved host uses it)',
  args: [{ name: 'NAME', description: 'the saved host' }],
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
