// Naming a character in a message: "U+0085 (NEXT LINE)" says what a user
// cannot see, where the character itself would print as nothing, as a line
// break, or reorder the text around it. Names are Unicode's (for controls,
// their name aliases); characters without an entry here get their code point
// alone.
import { english, msg, type MsgParam } from './messages.ts';

const C0 = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY', 'ACKNOWLEDGE', 'ALERT',
  'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED', 'LINE TABULATION', 'FORM FEED', 'CARRIAGE RETURN', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE', 'DEVICE CONTROL FOUR', 'NEGATIVE ACKNOWLEDGE', 'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK',
  'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE', 'FILE SEPARATOR', 'GROUP SEPARATOR', 'RECORD SEPARATOR', 'UNIT SEPARATOR',
];

const C1 = [
  'PADDING CHARACTER', 'HIGH OCTET PRESET', 'BREAK PERMITTED HERE', 'NO BREAK HERE', 'INDEX', 'NEXT LINE', 'START OF SELECTED AREA', 'END OF SELECTED AREA',
  'CHARACTER TABULATION SET', 'CHARACTER TABULATION WITH JUSTIFICATION', 'LINE TABULATION SET', 'PARTIAL LINE FORWARD', 'PARTIAL LINE BACKWARD', 'REVERSE LINE FEED', 'SINGLE SHIFT TWO', 'SINGLE SHIFT THREE',
  'DEVICE CONTROL STRING', 'PRIVATE USE ONE', 'PRIVATE USE TWO', 'SET TRANSMIT STATE', 'CANCEL CHARACTER', 'MESSAGE WAITING', 'START OF GUARDED AREA', 'END OF GUARDED AREA',
  'START OF STRING', 'SINGLE GRAPHIC CHARACTER INTRODUCER', 'SINGLE CHARACTER INTRODUCER', 'CONTROL SEQUENCE INTRODUCER', 'STRING TERMINATOR', 'OPERATING SYSTEM COMMAND', 'PRIVACY MESSAGE', 'APPLICATION PROGRAM COMMAND',
];

/** Spaces, separators and invisible format characters a user may meet in a name or path. */
const OTHERS: Record<number, string> = {
  0x20: 'SPACE',
  0x7f: 'DELETE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x61c: 'ARABIC LETTER MARK',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

function unicodeName(cp: number): string | undefined {
  if (cp < 0x20) return C0[cp];
  if (cp >= 0x80 && cp <= 0x9f) return C1[cp - 0x80];
  return OTHERS[cp];
}

/**
 * The character named, as a message part: "U+0085 (NEXT LINE)"; "U+D7FF
 * (unassigned)"; "U+E000" when no name is known here. Unicode's names are
 * names and stay in English in every language; "unassigned" and "lone
 * surrogate" are Spindle's words and are translated.
 */
export function charMsg(c: string): MsgParam {
  const cp = c.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = unicodeName(cp);
  if (name) return msg('core.char.named', { code, name });
  if (/\p{Cs}/u.test(c)) return msg('core.char.loneSurrogate', { code });
  if (/\p{Cn}/u.test(c)) return msg('core.char.unassigned', { code });
  return code;
}

/** The character named in English (CLI, logs): see charMsg. */
export function describeChar(c: string): string {
  const m = charMsg(c);
  return typeof m === 'object' ? english(m) : String(m);
}

/** Characters that show as nothing, as white space or as a line break, or that change the text around them. */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Co}\p{Z}]/u;

/** Whether a character prints as itself (a letter, digit, punctuation or symbol, not a space). */
export function isVisibleChar(c: string): boolean {
  return !UNSEEN.test(c);
}

function escape(c: string): string {
  const hex = (c.codePointAt(0) ?? 0).toString(16).toUpperCase();
  return hex.length <= 4 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** The text with every unseen character (but the plain space) written as \u0085 or \u{1F6DC}, so a message shows what is really there. */
export function escapeUnseen(s: string): string {
  return [...s].map((c) => (c !== ' ' && !isVisibleChar(c) ? escape(c) : c)).join('');
}

/** The text in double quotes, unseen characters escaped: for names and paths in messages. */
export function quoteText(s: string): string {
  return `"${escapeUnseen(s)}"`;
}
