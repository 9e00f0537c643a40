// Name rules shared by the backend and the UI: anything that can round-trip
// exactly through virsh and the remote shell is allowed (quotes, $(), ;,
// unicode, a leading '-'); what cannot is refused with the reason.
import { SpindleError } from './errors.ts';

export type NameKind = 'volume' | 'pool' | 'domain' | 'host';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export type NameProblem = 'empty' | 'control' | 'slash' | 'spaces' | 'reserved' | 'tooLong';

/** Which rule a name breaks, or null: the code lets the UI say it in its own language. */
export function nameProblemCode(name: string): NameProblem | null {
  if (name.length === 0) return 'empty';
  if (CONTROL.test(name)) return 'control';
  if (name.includes('/')) return 'slash';
  if (name !== name.trim()) return 'spaces';
  if (name === '.' || name === '..') return 'reserved';
  if (new TextEncoder().encode(name).length > 255) return 'tooLong';
  return null;
}

const REASONS: Record<NameProblem, (name: string) => string> = {
  empty: () => 'it is empty',
  control: () => 'it contains a control character (such as a line break or tab)',
  slash: () => 'it contains "/", which libvirt does not allow in names',
  spaces: () => 'it starts or ends with a space',
  reserved: (n) => `"${n}" is reserved`,
  tooLong: () => 'it is longer than 255 bytes',
};

/** Returns the reason a name is refused, in English (backend and CLI), or null when it is acceptable. */
export function nameProblem(name: string): string | null {
  const code = nameProblemCode(name);
  return code ? REASONS[code](name) : null;
}

export function validateName(kind: NameKind, name: string): string {
  const problem = nameProblem(name);
  if (problem) {
    throw new SpindleError('INVALID_NAME', `The ${kind} name ${JSON.stringify(name)} cannot be used: ${problem}.`, 'Choose a name without control characters, "/" or surrounding spaces.');
  }
  return name;
}
