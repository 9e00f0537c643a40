// Name rules shared by the backend and the UI: anything that can round-trip
// exactly through virsh and the remote shell is allowed (quotes, $(), ;,
// unicode, a leading '-'); what cannot is refused with the reason.
import { SpindleError } from './errors.ts';

export type NameKind = 'volume' | 'pool' | 'domain' | 'host';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Returns the reason a name is refused, or null when it is acceptable. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (CONTROL.test(name)) return 'it contains a control character (such as a line break or tab)';
  if (name.includes('/')) return 'it contains "/", which libvirt does not allow in names';
  if (name !== name.trim()) return 'it starts or ends with a space';
  if (name === '.' || name === '..') return `"${name}" is reserved`;
  if (new TextEncoder().encode(name).length > 255) return 'it is longer than 255 bytes';
  return null;
}

export function validateName(kind: NameKind, name: string): string {
  const problem = nameProblem(name);
  if (problem) {
    throw new SpindleError('INVALID_NAME', `The ${kind} name ${JSON.stringify(name)} cannot be used: ${problem}.`, 'Choose a name without control characters, "/" or surrounding spaces.');
  }
  return name;
}
