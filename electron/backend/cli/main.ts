// `spindle`: the command-line twin of the desktop app, over the same backend.
import { english } from '../../../shared/core/messages.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SpindleError, toSpindleError } from '../../../shared/core/errors.ts';
import type { AuthMethod, HostConfig } from '../../../shared/contract/models.ts';
import { defaultConfigDir } from '../config/config-dir.ts';
import { HostRegistry, saveCheckedHost } from '../config/host-registry.ts';
import { HostSession, unknownHost } from '../session/host-session.ts';
import { HostKeyStore } from '../transport/host-keys.ts';
import type { SshSecrets } from '../transport/ssh-runner.ts';
import { planCreateVolume, unlistedVolumeError, type Allocation } from '../features/volumes/index.ts';
import { planInfo, planToScript, type Plan } from '../plan/plan.ts';
import { planOperation } from '../service/plan-operation.ts';
import { planDetachDisk, type AttachSource, type ChangeMode } from '../features/disks/index.ts';
import { planResizeDisk } from '../features/disks/index.ts';
import { planCdrom } from '../features/disks/index.ts';
import { runCliPlan, warnInterrupted } from './run-job.ts';
import { interruptedJob, jobsForget, jobsList, jobsUndo } from './jobs-commands.ts';
import { parseSize } from '../../../shared/core/units.ts';
import { printInventory, printTable } from './format.ts';
import { askLine, askSecret, readStdin } from './prompt.ts';
import { IOTUNE_OPTIONS, iotuneCommand, statsCommand } from '../features/stats/index.ts';
import { eventsCommand } from './events-command.ts';
import { guestCommand, hostMountCommand, hostMountsList, MOUNT_OPTIONS } from '../features/mounts/index.ts';

const USAGE = `Usage: spindle <command> [options]

Commands:
  hosts list [--json]
  hosts add NAME --local [--uri URI] [--sudo]
  hosts add NAME --ssh USER@HOST[:PORT] [--uri URI] [--auth agent|key|password]
                 [--key PATH] [--password-stdin | --passphrase-stdin]
                 [--accept-fingerprint SHA256:...] [--sudo] [--no-check]
  hosts remove NAME
  inventory --host NAME [--json] [--password-stdin | --passphrase-stdin]
  events --host NAME [--json] [--count N]
  volume create --host NAME --pool POOL --name NAME --capacity SIZE
                [--format qcow2|raw] [--allocation sparse|metadata|falloc|full]
                [--backing VOLUME] [--encrypt] [--dry-run] [--json]
  disk attach --host NAME --vm VM (--volume POOL/VOL | --file PATH | --block DEV | --iso PATH)
              [--device disk|cdrom|lun] [--bus virtio|scsi|sata|nvme|usb] [--target T]
              [--format raw|qcow2] [--cache MODE] [--io MODE] [--discard unmap|ignore]
              [--detect-zeroes on|off|unmap] [--readonly] [--shareable] [--serial S]
              [--boot-order N] [--mode live|persistent|both] [--dry-run] [--json]
  disk detach --host NAME --vm VM --target T [--mode live|persistent|both]
              [--delete-volume] [--dry-run] [--json]
  disk resize --host NAME --vm VM --target T --size SIZE [--dry-run] [--json]
  cdrom insert --host NAME --vm VM --iso PATH [--target T] [--dry-run] [--json]
  cdrom eject --host NAME --vm VM [--target T] [--dry-run] [--json]
  stats --host NAME [--vm VM] [--interval S] [--count N] [--json]
  iotune get --host NAME --vm VM --target T [--json]
  iotune set --host NAME --vm VM --target T [--total-bytes-sec SIZE] [--read-bytes-sec SIZE]
             [--write-bytes-sec SIZE] [--total-iops-sec N] [--read-iops-sec N] [--write-iops-sec N]
             [--*-max ... bursts] [--mode live|persistent|both] [--dry-run] [--json]
             (every limit not given becomes 0: no limit)
  guest fs --host NAME --vm VM [--json]
  guest mount --host NAME --vm VM --device DEV --mountpoint DIR [--options a,b]
              [--mkfs ext4|xfs|btrfs|vfat [--label L] --yes-erase DEV] [--fstab] [--dry-run] [--json]
  guest umount --host NAME --vm VM --mountpoint DIR [--fstab] [--dry-run] [--json]
  host partitions --host NAME (--volume POOL/VOL | --file PATH) [--json]
  host mount --host NAME (--volume POOL/VOL | --file PATH) [--partition N] [--rw]
             [--mountpoint DIR] [--dry-run] [--json]      (read-only unless --rw)
  host umount --host NAME --id ID [--dry-run] [--json]
  host mounts [--host NAME] [--json]
  jobs list [--host NAME] [--json]       jobs a killed run left unfinished, and what they left
  jobs undo --id ID [--json]             remove what it left (refused if a VM uses it)
  jobs forget --id ID

Ctrl-C (or SIGTERM) during a change cancels it and undoes what it made, as Cancel does in the app;
exit status 130. stats and events run until --count or Ctrl-C (exit 0) and survive a lost host.

URI defaults to qemu:///system. Use test:///default for libvirt's built-in demo driver.
Settings live in $SPINDLE_CONFIG_DIR, else $XDG_CONFIG_HOME/spindle, else ~/.config/spindle.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await dispatch(argv, io);
  } catch (e) {
    const err = toSpindleError(e);
    if (json) io.out(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
    io.err(`error: ${err.message}\n`);
    if (err.hint) io.err(`hint: ${err.hint}\n`);
    if (err.details?.usage === 'true') return 2;
    // Cancelled by Ctrl-C or SIGTERM: the shell convention for an interrupted command.
    return err.code === 'CANCELLED' ? 130 : 1;
  }
}

function usageError(msg: string): SpindleError {
  return new SpindleError('INVALID_ARGUMENT', msg, 'Run "spindle help" for the list of commands.', { usage: 'true' });
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  const configDir = defaultConfigDir();
  const registry = new HostRegistry(configDir);
  const hostKeys = new HostKeyStore(configDir);
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE + '\n');
      return 0;
    case 'hosts':
      if (sub === 'list') return hostsList(registry, rest, io);
      if (sub === 'add') return hostsAdd(registry, hostKeys, rest, io);
      if (sub === 'remove') return hostsRemove(registry, hostKeys, rest, io);
      throw usageError(`Unknown "hosts ${sub ?? ''}" command.`);
    case 'inventory':
      return inventory(registry, hostKeys, [sub, ...rest].filter((x): x is string => x !== undefined), io);
    case 'events':
      return events(registry, hostKeys, [sub, ...rest].filter((x): x is string => x !== undefined), io);
    case 'disk':
      if (sub === 'attach' || sub === 'detach' || sub === 'resize') return diskChange(sub, registry, hostKeys, rest, io);
      throw usageError(`Unknown "disk ${sub ?? ''}" command.`);
    case 'cdrom':
      if (sub === 'insert' || sub === 'eject') return diskChange(sub, registry, hostKeys, rest, io);
      throw usageError(`Unknown "cdrom ${sub ?? ''}" command.`);
    case 'jobs':
      return jobs(sub, registry, hostKeys, rest, io);
    case 'volume':
      if (sub === 'create') return volumeCreate(registry, hostKeys, rest, io);
      throw usageError(`Unknown "volume ${sub ?? ''}" command.`);
    case 'stats': {
      const { values } = parse([sub, ...rest].filter((x): x is string => x !== undefined), {
        host: { type: 'string' }, vm: { type: 'string' }, interval: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' },
        'password-stdin': { type: 'boolean' }, 'passphrase-stdin': { type: 'boolean' },
      });
      const session = await openSession(registry, hostKeys, values, io);
      try {
        return await statsCommand(session, values, io);
      } finally {
        await session.close();
      }
    }
    case 'iotune': {
      if (sub !== 'get' && sub !== 'set') throw usageError(`Unknown "iotune ${sub ?? ''}" command.`);
      const { values } = parse(rest, {
        host: { type: 'string' }, vm: { type: 'string' }, target: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' },
        'password-stdin': { type: 'boolean' }, 'passphrase-stdin': { type: 'boolean' }, ...IOTUNE_OPTIONS,
      });
      const session = await openSession(registry, hostKeys, values, io);
      try {
        return await iotuneCommand(sub, session, values, io);
      } finally {
        await session.close();
      }
    }
    case 'guest':
    case 'host': {
      const { values } = parse(rest, {
        host: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' },
        'password-stdin': { type: 'boolean' }, 'passphrase-stdin': { type: 'boolean' }, ...MOUNT_OPTIONS,
      });
      if (cmd === 'guest' && !['fs', 'mount', 'umount'].includes(sub ?? '')) throw usageError(`Unknown "guest ${sub ?? ''}" command.`);
      if (cmd === 'host' && !['mount', 'umount', 'mounts', 'partitions'].includes(sub ?? '')) throw usageError(`Unknown "host ${sub ?? ''}" command.`);
      if (cmd === 'host' && sub === 'mounts') return hostMountsList(configDir, values, io);
      const session = await openSession(registry, hostKeys, values, io);
      try {
        return cmd === 'guest' ? await guestCommand(sub ?? '', session, values, io) : await hostMountCommand(sub ?? '', session, values, io, configDir);
      } finally {
        await session.close();
      }
    }
    default:
      throw usageError(`Unknown command "${cmd}".`);
  }
}

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): Parsed {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

async function hostsList(registry: HostRegistry, args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const hosts = await registry.list();
  if (values.json) {
    io.out(JSON.stringify({ hosts }, null, 2) + '\n');
    return 0;
  }
  if (hosts.length === 0) {
    io.out('No saved hosts. Add one with "spindle hosts add".\n');
    return 0;
  }
  printTable(
    io.out,
    ['NAME', 'KIND', 'ADDRESS', 'URI', 'AUTH', 'SUDO'],
    hosts.map((h) => [h.name, h.kind, h.kind === 'ssh' ? `${h.user}@${h.host}:${h.port}` : '-', h.uri, h.kind === 'ssh' ? h.auth : '-', h.sudo ? 'yes' : 'no']),
  );
  return 0;
}

export function parseSshAddress(addr: string): { user: string; host: string; port: number } {
  const m = /^([^@\s]+)@(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(addr);
  if (!m) throw usageError(`"${addr}" is not USER@HOST[:PORT].`);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw usageError(`Port ${port} is out of range.`);
  return { user: m[1] ?? '', host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port };
}

async function readSecrets(values: Record<string, unknown>, config: HostConfig, io: Io): Promise<SshSecrets> {
  const secrets: SshSecrets = {};
  if (config.kind !== 'ssh') return secrets;
  if (values['password-stdin']) secrets.password = (await readStdin()).replace(/\r?\n$/, '');
  else if (values['passphrase-stdin']) secrets.passphrase = (await readStdin()).replace(/\r?\n$/, '');
  else if (config.auth === 'password') secrets.password = await askSecret(`Password for ${config.user}@${config.host}: `, io);
  return secrets;
}

async function hostsAdd(registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    local: { type: 'boolean' },
    ssh: { type: 'string' },
    uri: { type: 'string' },
    auth: { type: 'string' },
    key: { type: 'string' },
    sudo: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    'passphrase-stdin': { type: 'boolean' },
    'accept-fingerprint': { type: 'string' },
    'no-check': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const name = positionals[0];
  if (!name) throw usageError('hosts add needs a NAME.');
  if (!!values.local === !!values.ssh) throw usageError('Give exactly one of --local or --ssh USER@HOST[:PORT].');
  const uri = typeof values.uri === 'string' ? values.uri : 'qemu:///system';
  let config: HostConfig;
  if (values.local) {
    config = { kind: 'local', name, uri, sudo: !!values.sudo };
  } else {
    const { user, host, port } = parseSshAddress(String(values.ssh));
    const auth = (typeof values.auth === 'string' ? values.auth : values.key ? 'key' : 'agent') as AuthMethod;
    if (!['agent', 'key', 'password'].includes(auth)) throw usageError(`--auth must be agent, key or password, not "${auth}".`);
    if (auth === 'key' && typeof values.key !== 'string') throw usageError('--auth key needs --key PATH.');
    config = { kind: 'ssh', name, host, port, user, auth, uri, sudo: !!values.sudo, ...(typeof values.key === 'string' ? { keyPath: values.key } : {}) };
  }
  if (await registry.get(name)) throw new SpindleError('INVALID_NAME', `A host named "${name}" already exists.`, 'Pick another name, or remove the existing host first.');

  let accepted = typeof values['accept-fingerprint'] === 'string' ? values['accept-fingerprint'] : undefined;
  if (!values['no-check']) accepted = await checkNewHost(config, hostKeys, { ...(await readSecrets(values, config, io)), ...(accepted ? { acceptFingerprint: accepted } : {}) }, io);
  // The accepted key is saved only now, with the host: a failed add stores nothing.
  await saveCheckedHost(registry, hostKeys, config, accepted);
  if (values.json) io.out(JSON.stringify({ added: config }, null, 2) + '\n');
  else io.out(`Added host "${name}".\n`);
  return 0;
}

/** Connects and runs the virsh check; returns the fingerprint the user accepted (asked for on a terminal). */
async function checkNewHost(config: HostConfig, hostKeys: HostKeyStore, secrets: SshSecrets, io: Io): Promise<string | undefined> {
  let session = new HostSession(config, { hostKeys, secrets });
  try {
    try {
      io.out(`Connected: ${await session.check()}\n`);
      return secrets.acceptFingerprint;
    } catch (e) {
      const err = toSpindleError(e);
      if (err.code !== 'HOST_KEY_UNKNOWN' || secrets.acceptFingerprint || !process.stdin.isTTY) throw err;
      // Interactive trust on first use: show the fingerprint and ask.
      io.out(`${err.message}\n`);
      const answer = await askLine('Trust this host key? [y/N] ', io);
      if (!/^y(es)?$/i.test(answer.trim())) throw new SpindleError('CANCELLED', 'Host key not trusted; the host was not added.');
      await session.close();
      const acceptFingerprint = err.details?.fingerprint ?? '';
      session = new HostSession(config, { hostKeys, secrets: { ...secrets, acceptFingerprint } });
      io.out(`Connected: ${await session.check()}\n`);
      return acceptFingerprint;
    }
  } finally {
    await session.close();
  }
}

async function hostsRemove(registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { positionals } = parse(args, {});
  const name = positionals[0];
  if (!name) throw usageError('hosts remove needs a NAME.');
  const host = await registry.get(name);
  if (!host) throw unknownHost(name);
  await registry.remove(name);
  // A host added again later goes through the fingerprint step again.
  if (host.kind === 'ssh') {
    const others = (await registry.list()).some((h) => h.kind === 'ssh' && h.host === host.host && h.port === host.port);
    if (!others) await hostKeys.forget(host.host, host.port);
  }
  io.out(`Removed host "${name}".\n`);
  return 0;
}

async function openSession(registry: HostRegistry, hostKeys: HostKeyStore, values: Record<string, unknown>, io: Io, warn = true): Promise<HostSession> {
  const name = values.host;
  if (typeof name !== 'string') throw usageError('--host NAME is required.');
  const config = await registry.get(name);
  if (!config) throw unknownHost(name);
  const secrets = await readSecrets(values, config, io);
  if (warn) await warnInterrupted(config.name, io);
  return new HostSession(config, { hostKeys, secrets });
}

async function jobs(sub: string | undefined, registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { host: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' }, 'password-stdin': { type: 'boolean' }, 'passphrase-stdin': { type: 'boolean' } });
  if (sub === 'list') return jobsList(values, io);
  if (sub !== 'undo' && sub !== 'forget') throw usageError(`Unknown "jobs ${sub ?? ''}" command.`);
  const note = await interruptedJob(values);
  if (sub === 'forget') return jobsForget(note, io);
  const session = await openSession(registry, hostKeys, { ...values, host: note.host }, io, false);
  try {
    return await jobsUndo(session, note, values, io);
  } finally {
    await session.close();
  }
}

async function inventory(registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    host: { type: 'string' },
    json: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    'passphrase-stdin': { type: 'boolean' },
  });
  const session = await openSession(registry, hostKeys, values, io);
  try {
    const inv = await session.reload();
    if (values.json) io.out(JSON.stringify(inv, null, 2) + '\n');
    else printInventory(io.out, inv);
    return 0;
  } finally {
    await session.close();
  }
}

async function events(registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    host: { type: 'string' },
    json: { type: 'boolean' },
    count: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'passphrase-stdin': { type: 'boolean' },
  });
  const session = await openSession(registry, hostKeys, values, io);
  try {
    return await eventsCommand(session, values, io);
  } finally {
    await session.close();
  }
}

async function volumeCreate(registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    host: { type: 'string' },
    pool: { type: 'string' },
    name: { type: 'string' },
    capacity: { type: 'string' },
    format: { type: 'string' },
    allocation: { type: 'string' },
    backing: { type: 'string' },
    encrypt: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    'passphrase-stdin': { type: 'boolean' },
  });
  for (const k of ['pool', 'name', 'capacity'] as const) if (typeof values[k] !== 'string') throw usageError(`--${k} is required.`);
  const capacityBytes = parseSize(String(values.capacity));
  if (!Number.isFinite(capacityBytes)) throw usageError(`"${values.capacity}" is not a size (examples: 10G, 512M, 1.5TiB).`);
  const format = (values.format ?? 'qcow2') as 'qcow2' | 'raw';
  if (format !== 'qcow2' && format !== 'raw') throw usageError('--format must be qcow2 or raw.');
  const allocation = (values.allocation ?? 'sparse') as Allocation;
  if (!['sparse', 'metadata', 'falloc', 'full'].includes(allocation)) throw usageError('--allocation must be sparse, metadata, falloc or full.');
  const session = await openSession(registry, hostKeys, values, io);
  try {
    const inv = await session.reload();
    const plan = planCreateVolume(inv, session.config.uri, {
      pool: String(values.pool),
      name: String(values.name),
      capacityBytes,
      format,
      allocation,
      ...(typeof values.backing === 'string' ? { backingVolume: values.backing } : {}),
      ...(values.encrypt ? { encryption: 'luks' as const } : {}),
    });
    for (const w of plan.warnings) io.err(`warning: ${english(w)}\n`);
    if (values['dry-run']) {
      io.out(values.json ? JSON.stringify({ plan: planInfo(plan) }, null, 2) + '\n' : planToScript(plan));
      return 0;
    }
    let passphrase: string | undefined;
    if (values.encrypt) {
      // From the environment (scripts) or asked twice without echo; never an argument (ps shows those).
      passphrase = process.env['SPINDLE_VOLUME_PASSPHRASE'];
      if (!passphrase) {
        passphrase = await askSecret('Passphrase for the new volume: ', io);
        if ((await askSecret('Repeat the passphrase: ', io)) !== passphrase) throw usageError('The two passphrases differ.');
      }
      if (!passphrase) throw usageError('An encrypted volume needs a passphrase (SPINDLE_VOLUME_PASSPHRASE or typed when asked).');
    }
    await runCliPlan(session, plan, io, passphrase ? { secrets: { passphrase } } : {});
    const pool = await session.refreshPool(String(values.pool));
    const vol = pool?.volumes.find((v) => v.name === values.name);
    // Created, but not listed under its name (virsh printed a character of it as \xff): say so, never a silent null.
    if (!vol) throw unlistedVolumeError(session.name, session.config.uri, pool ?? inv.pools.find((p) => p.name === values.pool) ?? { name: String(values.pool) }, String(values.name));
    if (values.json) io.out(JSON.stringify({ created: vol }, null, 2) + '\n');
    else io.out(`Created volume "${String(values.name)}" in pool "${String(values.pool)}" (${vol.path}).\n`);
    return 0;
  } finally {
    await session.close();
  }
}

async function diskChange(verb: 'attach' | 'detach' | 'resize' | 'insert' | 'eject', registry: HostRegistry, hostKeys: HostKeyStore, args: string[], io: Io): Promise<number> {
  const str = { type: 'string' } as const;
  const bool = { type: 'boolean' } as const;
  const { values } = parse(args, {
    host: str, vm: str, size: str, volume: str, file: str, block: str, iso: str, device: str, bus: str, target: str, format: str, cache: str, io: str,
    discard: str, 'detect-zeroes': str, readonly: bool, shareable: bool, serial: str, 'boot-order': str, mode: str,
    'delete-volume': bool, 'dry-run': bool, json: bool, 'password-stdin': bool, 'passphrase-stdin': bool,
  });
  if (typeof values.vm !== 'string') throw usageError('--vm is required.');
  const mode = values.mode as ChangeMode | undefined;
  if (mode !== undefined && !['live', 'persistent', 'both'].includes(mode)) throw usageError('--mode must be live, persistent or both.');
  const session = await openSession(registry, hostKeys, values, io);
  try {
    const inv = await session.reload();
    let plan: Plan;
    if (verb === 'attach') {
      const given = (['volume', 'file', 'block', 'iso'] as const).filter((k) => typeof values[k] === 'string');
      if (given.length !== 1) throw usageError('Give exactly one source: --volume POOL/VOL, --file PATH, --block DEV or --iso PATH.');
      const kind = given[0] as 'volume' | 'file' | 'block' | 'iso';
      const raw = String(values[kind]);
      let source: AttachSource;
      if (kind === 'volume') {
        const slash = raw.indexOf('/');
        if (slash <= 0) throw usageError('--volume takes POOL/VOLUME.');
        source = { kind, pool: raw.slice(0, slash), volume: raw.slice(slash + 1) };
      } else source = kind === 'block' ? { kind, dev: raw } : { kind, path: raw };
      const opt = <T>(k: string): T | undefined => (values[k] === undefined ? undefined : (values[k] as T));
      const bootOrder = values['boot-order'] === undefined ? undefined : Number(values['boot-order']);
      const options = Object.fromEntries(
        Object.entries({
          cache: opt('cache'), io: opt('io'), discard: opt('discard'), detectZeroes: opt('detect-zeroes'),
          readonly: values.readonly ? true : undefined, shareable: values.shareable ? true : undefined, serial: opt('serial'), bootOrder,
        }).filter(([, v]) => v !== undefined),
      );
      // Through planOperation: the VM's domain capabilities are checked too.
      plan = await planOperation(session, inv, { kind: 'disk.attach', host: session.name, request: {
        domain: values.vm,
        source,
        options,
        ...(values.device ? { device: values.device as never } : {}),
        ...(values.bus ? { bus: values.bus as never } : {}),
        ...(values.target ? { target: String(values.target) } : {}),
        ...(values.format ? { format: values.format as never } : {}),
        ...(mode ? { mode } : {}),
      } });
    } else if (verb === 'insert' || verb === 'eject') {
      plan = planCdrom(inv, session.config.uri, {
        domain: values.vm,
        action: verb,
        ...(typeof values.target === 'string' ? { target: values.target } : {}),
        ...(typeof values.iso === 'string' ? { iso: values.iso } : {}),
      });
    } else if (verb === 'resize') {
      if (typeof values.target !== 'string' || typeof values.size !== 'string') throw usageError('--target and --size are required.');
      const newSizeBytes = parseSize(values.size);
      if (!Number.isFinite(newSizeBytes)) throw usageError(`"${values.size}" is not a size (examples: 40G, 512M).`);
      plan = planResizeDisk(inv, session.config.uri, { domain: values.vm, target: values.target, newSizeBytes });
    } else {
      if (typeof values.target !== 'string') throw usageError('--target is required.');
      plan = planDetachDisk(inv, session.config.uri, { domain: values.vm, target: values.target, ...(mode ? { mode } : {}), deleteVolume: !!values['delete-volume'] });
    }
    for (const w of plan.warnings) io.err(`warning: ${english(w)}\n`);
    if (values['dry-run']) {
      io.out(values.json ? JSON.stringify({ plan: planInfo(plan) }, null, 2) + '\n' : planToScript(plan));
      return 0;
    }
    await runCliPlan(session, plan, io);
    const dom = await session.refreshDomain(values.vm);
    if (values.json) io.out(JSON.stringify({ done: english(plan.title), disks: dom?.disks ?? [] }, null, 2) + '\n');
    else io.out(`Done: ${english(plan.title)}.\n`);
    return 0;
  } finally {
    await session.close();
  }
}
