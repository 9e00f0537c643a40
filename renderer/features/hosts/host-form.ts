// The Add Host form's state, its validation and the HostConfig it produces.
// Pure functions: the dialog renders them, the unit tests check them.
import type { ApiParams } from '../../../shared/contract/api.ts';
import type { AuthMethod, HostConfig } from '../../../shared/contract/models.ts';
import { nameCharMsg, nameProblemCode, type NameProblem } from '../../../shared/core/validation.ts';
import i18n from 'i18next';
import { renderMsg } from '../../../shared/core/messages.ts';

export type ConnectionMode = 'local' | 'ssh';
export type LocalUriChoice = 'system' | 'session' | 'custom';

export const LOCAL_URIS: Record<Exclude<LocalUriChoice, 'custom'>, string> = {
  system: 'qemu:///system',
  session: 'qemu:///session',
};

export interface HostForm {
  name: string;
  /** False once the user typed a name; until then it follows the address. */
  nameEdited: boolean;
  mode: ConnectionMode;
  localUri: LocalUriChoice;
  customUri: string;
  host: string;
  port: string;
  user: string;
  auth: AuthMethod;
  keyPath: string;
  passphrase: string;
  password: string;
  sudo: boolean;
  sshUri: string;
}

export const EMPTY_FORM: HostForm = {
  name: 'local',
  nameEdited: false,
  mode: 'local',
  localUri: 'system',
  customUri: '',
  host: '',
  port: '22',
  user: '',
  auth: 'agent',
  keyPath: '',
  passphrase: '',
  password: '',
  sudo: false,
  sshUri: 'qemu:///system',
};

export type FieldName = 'name' | 'customUri' | 'host' | 'port' | 'user' | 'keyPath' | 'password' | 'sshUri';
/** Field -> i18n key of the problem. */
export type FormErrors = Partial<Record<FieldName, string>>;

/** The name the form proposes while the user has not typed one. */
export function suggestedName(f: HostForm): string {
  if (f.mode === 'ssh') return f.host.trim();
  return f.localUri === 'session' ? 'local-session' : 'local';
}

export function withChange(f: HostForm, patch: Partial<HostForm>): HostForm {
  const next = { ...f, ...patch };
  if (patch.name !== undefined) next.nameEdited = patch.name !== '';
  if (!next.nameEdited) next.name = suggestedName(next);
  return next;
}

const URI = /^[a-z][a-z0-9+.-]*:\/\/\S*$/i;

const NAME_PROBLEM_KEYS: Record<NameProblem, string> = {
  empty: 'validation.required',
  control: 'validation.nameControl',
  unassigned: 'validation.nameUnassigned',
  bidi: 'validation.nameBidi',
  slash: 'validation.nameSlash',
  spaces: 'validation.nameSpaces',
  reserved: 'validation.nameReserved',
  tooLong: 'validation.nameTooLong',
};

/** The backend's name rules (shared/validation.ts), as a message key of the catalogs. */
export function nameProblemKey(name: string): string | null {
  const code = nameProblemCode(name);
  return code ? NAME_PROBLEM_KEYS[code] : null;
}

/** The values the name problem's message shows: the character at fault, named ("U+0085 (NEXT LINE)") in the UI's language. */
export function nameProblemValues(name: string): Record<string, string> {
  const c = nameCharMsg(name);
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return { char: c === undefined ? '' : typeof c === 'object' ? renderMsg(c, lang) : String(c) };
}

export function validate(f: HostForm, takenNames: readonly string[]): FormErrors {
  const e: FormErrors = {};
  const nameKey = nameProblemKey(f.name);
  if (nameKey) e.name = nameKey;
  else if (takenNames.includes(f.name)) e.name = 'validation.nameTaken';
  if (f.mode === 'local') {
    if (f.localUri === 'custom') {
      if (!f.customUri.trim()) e.customUri = 'validation.required';
      else if (!URI.test(f.customUri.trim())) e.customUri = 'validation.uri';
    }
    return e;
  }
  const host = f.host.trim();
  if (!host) e.host = 'validation.required';
  else if (/\s/.test(host) || host.includes('@')) e.host = 'validation.hostFormat';
  const port = f.port.trim();
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) e.port = 'validation.port';
  if (!f.user.trim()) e.user = 'validation.required';
  else if (/\s/.test(f.user.trim())) e.user = 'validation.noSpaces';
  if (f.auth === 'key' && !f.keyPath.trim()) e.keyPath = 'validation.required';
  if (f.auth === 'password' && !f.password) e.password = 'validation.required';
  if (!f.sshUri.trim()) e.sshUri = 'validation.required';
  else if (!URI.test(f.sshUri.trim())) e.sshUri = 'validation.uri';
  return e;
}

export function toConfig(f: HostForm): HostConfig {
  if (f.mode === 'local') {
    const uri = f.localUri === 'custom' ? f.customUri.trim() : LOCAL_URIS[f.localUri];
    return { kind: 'local', name: f.name, uri, sudo: f.sudo };
  }
  return {
    kind: 'ssh',
    name: f.name,
    host: f.host.trim(),
    port: Number(f.port.trim()),
    user: f.user.trim(),
    auth: f.auth,
    ...(f.auth === 'key' ? { keyPath: f.keyPath.trim() } : {}),
    uri: f.sshUri.trim(),
    sudo: f.sudo,
  };
}

export function toParams(f: HostForm, acceptFingerprint: string | null): ApiParams<'hosts.add'> {
  const secrets = f.mode === 'ssh' && f.auth === 'password' ? { password: f.password } : f.mode === 'ssh' && f.auth === 'key' && f.passphrase ? { passphrase: f.passphrase } : undefined;
  return { config: toConfig(f), ...(secrets ? { secrets } : {}), ...(acceptFingerprint ? { acceptFingerprint } : {}) };
}

/** Form fields to mark when the backend refuses with this code. */
export function fieldsForError(code: string, f: HostForm): FieldName[] {
  switch (code) {
    case 'AUTH_FAILED':
      return f.auth === 'password' ? ['user', 'password'] : f.auth === 'key' ? ['user', 'keyPath'] : ['user'];
    case 'UNREACHABLE':
    case 'TIMEOUT':
      return f.mode === 'ssh' ? ['host', 'port'] : [];
    case 'LIBVIRTD_NOT_RUNNING':
      return f.mode === 'ssh' ? ['sshUri'] : ['customUri'];
    case 'INVALID_NAME':
      return ['name'];
    default:
      return [];
  }
}
