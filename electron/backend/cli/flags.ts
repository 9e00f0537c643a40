// Flags every command shares, reading flag values, and checking what a
// command builds from them with the API's own zod schema: a value the API
// would refuse is refused here with the schema's verdict, naming the flag.
import { z } from 'zod';
import { parseSize } from '../../../shared/core/units.ts';
import { SpindleError } from '../../../shared/core/errors.ts';
import { msg, type MsgParam } from '../../../shared/core/messages.ts';
import { schemaVerdicts } from '../../../shared/core/schema-verdicts.ts';
import type { CliContext, Flag, Values } from './command.ts';

export const HOST: Flag = { name: 'host', value: 'NAME', description: msg('cli.flag.host'), required: true, complete: 'host' };
/** --host of a command that reads saved records only: their host, or all. */
export const HOST_FILTER: Flag = { name: 'host', value: 'NAME', description: msg('cli.flag.hostFilter'), default: msg('cli.help.everyHost'), complete: 'host' };
export const JSON_OUT: Flag = { name: 'json', description: msg('cli.flag.json') };
export const DRY_RUN: Flag = { name: 'dry-run', description: msg('cli.flag.dryRun') };
export const PASSWORD_STDIN: Flag = { name: 'password-stdin', description: msg('cli.flag.passwordStdin') };
export const PASSPHRASE_STDIN: Flag = { name: 'passphrase-stdin', description: msg('cli.flag.passphraseStdin') };

/** --host and the flags that bring its secrets. */
export const HOST_FLAGS: readonly Flag[] = [HOST, PASSWORD_STDIN, PASSPHRASE_STDIN];
/** What every change command ends with. */
export const CHANGE_FLAGS: readonly Flag[] = [DRY_RUN, JSON_OUT];

const INVALID = 'INVALID_ARGUMENT';

/** The values of an enum schema (through optional and default), for help and completion. */
export function choicesOf(schema: z.ZodType): readonly string[] {
  let s: unknown = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap();
  if (s instanceof z.ZodEnum) return s.options.map(String);
  if (s instanceof z.ZodLiteral) return [...s.values].map(String);
  return [];
}

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable flag's values (one given once is a list of one). */
export function list(values: Values, name: string): string[] | undefined {
  const v = values[name];
  return typeof v === 'string' ? [v] : Array.isArray(v) ? [...(v as readonly string[])] : undefined;
}

/** A size flag (10G, 512M, 1.5TiB, or bytes). */
export function size(ctx: CliContext, values: Values, name: string): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const n = parseSize(v);
  if (!Number.isFinite(n)) throw ctx.usage('cli.usage.notSize', { flag: name, value: JSON.stringify(v) });
  return n;
}

/** A number flag; whether it must be whole, positive or in a range is the schema's to say. */
export function num(ctx: CliContext, values: Values, name: string): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (Number.isNaN(n)) throw ctx.usage('cli.usage.notNumber', { flag: name, value: JSON.stringify(v) });
  return n;
}

/** POOL/VOLUME */
export function poolVolume(ctx: CliContext, values: Values, name: string): { pool: string; volume: string } | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const slash = v.indexOf('/');
  if (slash <= 0) throw ctx.usage('cli.usage.poolVolume', { flag: name, value: JSON.stringify(v) });
  return { pool: v.slice(0, slash), volume: v.slice(slash + 1) };
}

/** Drops the absent fields (the schemas are strict about unknown ones, not about missing optional ones). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * Parses what a command built from its flags with the API's schema. The
 * first problem is refused as a usage error naming the flag that gave the
 * field (`flagOf`: request field path, dotted, '' for the whole value -> flag name) with the
 * schema's own verdict, in the user's language.
 */
export function checked<S extends z.ZodType>(ctx: CliContext, schema: S, request: unknown, flagOf: Record<string, string>, values: Values): z.output<S> {
  const r = schema.safeParse(request);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = (issue?.path ?? []).map(String).join('.');
  const verdict = issue?.message ?? 'invalid';
  // The verdict as a message (zod's words from the catalogs, or the check's own message), said in the user's language.
  const local: MsgParam = schemaVerdicts(schema, request)?.[0]?.msg ?? verdict;
  // The flag of the field, or of the nearest enclosing field (options.cache -> cache; limits -> any limit).
  let f = field;
  let flag = flagOf[f];
  while (flag === undefined && f) {
    f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '';
    flag = flagOf[f];
  }
  const details = { usage: 'true', ...(flag ? { flag } : {}) };
  const given = flag === undefined ? undefined : values[flag];
  const key = flag === undefined ? 'cli.usage.badField' : 'cli.usage.badValue';
  const params = { field, flag: flag ?? '', value: typeof given === 'string' ? JSON.stringify(given) : '', command: ctx.command };
  // The message (English, for --json and logs) with zod's English verdict; the message as data with the user's.
  const e = SpindleError.of(INVALID, key, { ...params, verdict }, field || undefined, details);
  (e as { msg: unknown }).msg = { key, params: { ...params, verdict: local } };
  throw e;
}
