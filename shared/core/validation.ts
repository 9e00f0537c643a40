// Name rules shared by the backend, the CLI and the UI: anything that can
// round-trip exactly through virsh and the remote shell is allowed (quotes,
// $(), ;, unicode, a leading '-'); what cannot is refused with the reason.
import { charMsg, describeChar, quoteText } from './characters.ts';
import { SpindleError } from './errors.ts';
import { english, msg, type Msg, type MsgParam } from './messages.ts';

export type NameKind = 'volume' | 'pool' | 'domain' | 'host';

// Which characters a name may not hold, measured on the test bed (libvirt
// 9.0, glibc 2.36) by creating volumes and reading `virsh vol-list` and the
// inventory back. virsh prints every character its C library does not call
// printable as \xff bytes, so such a volume is created and then cannot be
// found again:
//  - Cc, control characters: C0 and DEL break lines and commands; the C1
//    range U+0080-U+009F (U+0085 NEXT LINE, ...) comes back as \xff\xff.
//  - Zl, Zp: U+2028 and U+2029 come back as \xff\xff\xff.
//  - Cn, unassigned code points: U+D7FF and U+10FFFF come back as \xff...,
//    and libvirt's XML parser refuses U+FFFE and U+FFFF outright. Cs, a lone
//    surrogate, has no UTF-8 form at all.
//  - Bidi_Control (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) does
//    round-trip, but it reorders how the name and the text around it are
//    shown (the review page's commands, CLI output): "Trojan Source".
// Kept, because they round-trip exactly and real names use them: other
// format characters (U+200D ZERO WIDTH JOINER in emoji, U+200C in Persian and
// Indic scripts, U+200B, U+2060, U+FEFF, U+00AD, variation selectors, tags),
// spaces other than U+0020 inside a name (U+00A0, U+3000), private use.
// A character newer than the host's C library (Unicode 15+ on glibc 2.36,
// e.g. U+1F6DC) is assigned for us but unprintable for that virsh: no rule
// here can know the host, so the create job checks the listing as its last
// step and deletes the volume again (ops/volume-create.ts).
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
const UNASSIGNED = /[\p{Cn}\p{Cs}]/u;
const BIDI = /\p{Bidi_Control}/u;

export type NameProblem = 'empty' | 'control' | 'unassigned' | 'bidi' | 'slash' | 'spaces' | 'reserved' | 'tooLong';

export interface NameIssue {
  code: NameProblem;
  /** The character at fault, named: "U+0085 (NEXT LINE)". */
  char?: string;
}

const CHAR_RULES: Array<[NameProblem, RegExp]> = [
  ['control', CONTROL],
  ['unassigned', UNASSIGNED],
  ['bidi', BIDI],
];

/** The rule a name breaks and the character at fault itself (not yet named). */
function findIssue(name: string): { code: NameProblem; at?: string } | null {
  if (name.length === 0) return { code: 'empty' };
  for (const c of name) {
    const rule = CHAR_RULES.find(([, re]) => re.test(c));
    if (rule) return { code: rule[0], at: c };
  }
  if (name.includes('/')) return { code: 'slash' };
  if (name !== name.trim()) {
    const chars = [...name];
    const first = chars[0] ?? ' ';
    return { code: 'spaces', at: first.trim() === '' ? first : (chars.at(-1) ?? ' ') };
  }
  if (name === '.' || name === '..') return { code: 'reserved' };
  if (new TextEncoder().encode(name).length > 255) return { code: 'tooLong' };
  return null;
}

/** Which rule a name breaks and the character at fault, or null. */
export function nameIssue(name: string): NameIssue | null {
  const found = findIssue(name);
  if (!found) return null;
  return found.at === undefined ? { code: found.code } : { code: found.code, char: describeChar(found.at) };
}

/** The character at fault in a name, as a message part (translated where Spindle names it in its own words), or undefined. */
export function nameCharMsg(name: string): MsgParam | undefined {
  const at = findIssue(name)?.at;
  return at === undefined ? undefined : charMsg(at);
}

/** Which rule a name breaks, or null: the code lets the UI say it in its own language. */
export function nameProblemCode(name: string): NameProblem | null {
  return nameIssue(name)?.code ?? null;
}

/** The reason a name is refused, as a message (core.nameProblem.*), or null when it is acceptable. */
export function nameProblemMsg(name: string): Msg | null {
  const issue = findIssue(name);
  if (!issue) return null;
  const char = issue.at === undefined ? '' : charMsg(issue.at);
  switch (issue.code) {
    case 'spaces':
      return issue.at === ' ' ? msg('core.nameProblem.space') : msg('core.nameProblem.spaces', { char });
    case 'control':
    case 'unassigned':
    case 'bidi':
      return msg(`core.nameProblem.${issue.code}`, { char });
    case 'reserved':
      return msg('core.nameProblem.reserved', { name });
    default:
      return msg(`core.nameProblem.${issue.code}`);
  }
}

/** Returns the reason a name is refused, in English (backend and CLI), or null when it is acceptable. */
export function nameProblem(name: string): string | null {
  const problem = nameProblemMsg(name);
  return problem ? english(problem) : null;
}

/** The name, or an INVALID_NAME error saying why not (`details.field` names the request field, when given). */
export function validateName(kind: NameKind, name: string, details?: Record<string, string>): string {
  const problem = nameProblemMsg(name);
  if (problem) {
    const { field, ...rest } = details ?? {};
    throw SpindleError.of('INVALID_NAME', 'core.invalidName', { kind: msg(`core.nameKind.${kind}`), name: quoteText(name), problem }, field, Object.keys(rest).length ? rest : undefined);
  }
  return name;
}
