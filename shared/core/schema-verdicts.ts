// Why a zod schema refuses a value, as messages: zod's own verdicts ("Too
// small: expected number to be >=1"), worded in the catalogs (core.schema.*)
// after zod's English and Chinese locales, so that a refusal the backend
// sends reads in whichever language the reader has (the UI) or asked for
// (the CLI). A check whose refusal is already a message (a refine with
// params.msg, as shared/contract/features/mounts.ts writes them) says that message.
// Both the API's dispatcher and the CLI's flag checks use this, and
// schema-verdicts.test.ts holds the catalog against zod's own words.
import type { z } from 'zod';
import { isMsg, msg, type Msg, type MsgParam } from './messages.ts';

type Issue = z.core.$ZodIssue;

export interface Verdict {
  /** The request field at fault, dotted ("op.request.name"); '' for the value itself. */
  path: string;
  msg: Msg;
}

/** zod's names of the sizes it counts (its locales' "Sizable"). */
const UNITS = new Set(['string', 'file', 'array', 'set', 'map']);
/** Type names zod words (the rest are printed as they are: "string", "object"). */
const TYPE_NAMES = new Set(['nan', 'number', 'array', 'null']);

/** What a value is, in zod's terms (util.parsedType). */
function parsedType(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : 'number';
  if (typeof v === 'object') {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null && v.constructor) return v.constructor.name;
  }
  return typeof v;
}

function typeName(t: string, input?: unknown): MsgParam {
  if (t === 'number' && typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return TYPE_NAMES.has(t) ? msg(`core.schema.type.${t as 'nan' | 'number' | 'array' | 'null'}`) : t;
}

/** A value as zod quotes it (util.stringifyPrimitive). */
function primitive(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  return typeof v === 'string' ? `"${v}"` : String(v);
}

function size(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>, big: boolean): Msg {
  const adj = issue.exact ? msg('core.schema.exactly') : big ? (issue.inclusive ? '<=' : '<') : issue.inclusive ? '>=' : '>';
  const limit = String(big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum);
  const origin = issue.origin ?? msg('core.schema.value');
  const which = big ? 'tooBig' : 'tooSmall';
  if (UNITS.has(String(issue.origin))) return msg(`core.schema.${which}Sized`, { origin, adj, limit, unit: msg(`core.schema.unit.${issue.origin as 'string' | 'file' | 'array' | 'set' | 'map'}`) });
  return msg(`core.schema.${which}`, { origin, adj, limit });
}

/** One issue of a zod error as a message (its input is needed for "received ...": parse with reportInput). */
export function issueMsg(issue: Issue): Msg {
  switch (issue.code) {
    case 'invalid_type':
      return msg('core.schema.invalidType', { expected: typeName(issue.expected), received: typeName(parsedType(issue.input), issue.input) });
    case 'invalid_value':
      return issue.values.length === 1 ? msg('core.schema.invalidValue', { value: primitive(issue.values[0]) }) : msg('core.schema.invalidOption', { values: issue.values.map(primitive).join('|') });
    case 'too_big':
      return size(issue, true);
    case 'too_small':
      return size(issue, false);
    case 'invalid_format': {
      const f: { format: string; prefix?: string; suffix?: string; includes?: string; pattern?: string } = issue;
      if (f.format === 'starts_with') return msg('core.schema.startsWith', { prefix: f.prefix ?? '' });
      if (f.format === 'ends_with') return msg('core.schema.endsWith', { suffix: f.suffix ?? '' });
      if (f.format === 'includes') return msg('core.schema.includes', { includes: f.includes ?? '' });
      if (f.format === 'regex') return msg('core.schema.pattern', { pattern: f.pattern ?? '' });
      return msg('core.schema.format', { format: f.format });
    }
    case 'not_multiple_of':
      return msg('core.schema.notMultipleOf', { divisor: String(issue.divisor) });
    case 'unrecognized_keys':
      return msg('core.schema.unrecognizedKeys', { count: issue.keys.length, keys: issue.keys.map(primitive).join(', ') });
    case 'invalid_key':
      return msg('core.schema.invalidKey', { origin: issue.origin });
    case 'invalid_element':
      return msg('core.schema.invalidElement', { origin: issue.origin });
    case 'invalid_union':
      if (issue.inclusive === false) return msg('core.schema.ambiguous');
      if (issue.options?.length) return msg('core.schema.discriminator', { options: issue.options.map((o) => `'${String(o)}'`).join(' | ') });
      return msg('core.schema.invalid');
    case 'custom': {
      const own: unknown = issue.params?.['msg'];
      return isMsg(own) ? own : msg('core.schema.invalid');
    }
    default:
      return msg('core.schema.invalid');
  }
}

/** Why `schema` refuses `value`, issue by issue, or null when it takes it. */
export function schemaVerdicts(schema: z.ZodType, value: unknown): Verdict[] | null {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return null;
  return r.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), msg: issueMsg(issue) }));
}
