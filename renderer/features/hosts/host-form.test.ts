// The Add Host form: validation before anything is sent, and the config it builds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EMPTY_FORM, fieldsForError, nameProblemKey, nameProblemValues, toConfig, toParams, validate, withChange, type HostForm } from './host-form.ts';

const ssh = (patch: Partial<HostForm> = {}): HostForm =>
  withChange(EMPTY_FORM, { mode: 'ssh', host: '127.0.0.1', port: '2222', user: 'spindle-test', auth: 'key', keyPath: '/k', sudo: true, ...patch });

test('local defaults: qemu:///system, named "local", valid', () => {
  assert.deepEqual(validate(EMPTY_FORM, []), {});
  assert.deepEqual(toConfig(EMPTY_FORM), { kind: 'local', name: 'local', uri: 'qemu:///system', sudo: false });
  const session = withChange(EMPTY_FORM, { localUri: 'session' });
  assert.equal(toConfig(session).uri, 'qemu:///session');
  assert.equal(session.name, 'local-session');
});

test('custom local URI is required and must look like a URI', () => {
  const f = withChange(EMPTY_FORM, { localUri: 'custom' });
  assert.equal(validate(f, []).customUri, 'validation.required');
  assert.equal(validate(withChange(f, { customUri: 'not a uri' }), []).customUri, 'validation.uri');
  assert.deepEqual(validate(withChange(f, { customUri: 'test:///default' }), []), {});
});

test('ssh: the name follows the host until typed, port range and required fields', () => {
  const f = ssh();
  assert.equal(f.name, '127.0.0.1');
  assert.deepEqual(validate(f, []), {});
  assert.equal(validate(ssh({ port: '0' }), []).port, 'validation.port');
  assert.equal(validate(ssh({ port: '65536' }), []).port, 'validation.port');
  assert.equal(validate(ssh({ port: '22a' }), []).port, 'validation.port');
  assert.equal(validate(ssh({ host: '' }), []).host, 'validation.required');
  assert.equal(validate(ssh({ host: 'a b' }), []).host, 'validation.hostFormat');
  assert.equal(validate(ssh({ user: '' }), []).user, 'validation.required');
  assert.equal(validate(ssh({ keyPath: '' }), []).keyPath, 'validation.required');
  assert.equal(validate(ssh({ auth: 'password' }), []).password, 'validation.required');
  assert.equal(validate(ssh({ auth: 'agent', keyPath: '' }), []).keyPath, undefined);
  assert.equal(validate(ssh({ name: 'kvm1' }), ['kvm1']).name, 'validation.nameTaken');
  const named = withChange(ssh(), { name: 'mine' });
  assert.equal(withChange(named, { host: 'other' }).name, 'mine');
});

test('names: the same rules as the backend', () => {
  const cases: [string, string | null][] = [
    ['', 'validation.required'],
    ['a/b', 'validation.nameSlash'],
    [' a', 'validation.nameSpaces'],
    ['a\nb', 'validation.nameControl'],
    ['..', 'validation.nameReserved'],
    ['é'.repeat(128), 'validation.nameTooLong'],
    ['web "prod" $(x)', null],
  ];
  for (const [name, key] of cases) assert.equal(nameProblemKey(name), key, JSON.stringify(name));
});

test('names: characters virsh cannot print back are named in both languages', () => {
  const en = JSON.parse(readFileSync(new URL('./i18n/en.json', import.meta.url), 'utf8')) as { validation: Record<string, string> };
  const zh = JSON.parse(readFileSync(new URL('./i18n/zh-CN.json', import.meta.url), 'utf8')) as { validation: Record<string, string> };
  for (const [name, key, char] of [
    ['a\u0085b', 'validation.nameControl', 'U+0085 (NEXT LINE)'],
    ['a\u2028b', 'validation.nameControl', 'U+2028 (LINE SEPARATOR)'],
    ['a\ud7ffb', 'validation.nameUnassigned', 'U+D7FF (unassigned)'],
    ['a\u202eb', 'validation.nameBidi', 'U+202E (RIGHT-TO-LEFT OVERRIDE)'],
    [' a', 'validation.nameSpaces', 'U+0020 (SPACE)'],
  ] as const) {
    assert.equal(nameProblemKey(name), key, JSON.stringify(name));
    assert.deepEqual(nameProblemValues(name), { char });
    const leaf = key.split('.')[1] ?? '';
    for (const cat of [en, zh]) assert.match(cat.validation[leaf] ?? '', /\{\{char\}\}/, `${key} shows the character`);
  }
});

test('params: secrets only for the chosen method, fingerprint when accepted', () => {
  assert.deepEqual(toParams(ssh(), null), {
    config: { kind: 'ssh', name: '127.0.0.1', host: '127.0.0.1', port: 2222, user: 'spindle-test', auth: 'key', keyPath: '/k', uri: 'qemu:///system', sudo: true },
  });
  assert.deepEqual(toParams(ssh({ passphrase: 'pp' }), 'SHA256:x').secrets, { passphrase: 'pp' });
  assert.equal(toParams(ssh({ passphrase: 'pp' }), 'SHA256:x').acceptFingerprint, 'SHA256:x');
  const pw = toParams(ssh({ auth: 'password', password: 'pw', passphrase: 'ignored' }), null);
  assert.deepEqual(pw.secrets, { password: 'pw' });
  assert.equal((pw.config as { keyPath?: string }).keyPath, undefined);
});

test('backend errors point at the fields to check', () => {
  assert.deepEqual(fieldsForError('AUTH_FAILED', ssh({ auth: 'password' })), ['user', 'password']);
  assert.deepEqual(fieldsForError('UNREACHABLE', ssh()), ['host', 'port']);
  assert.deepEqual(fieldsForError('PERMISSION_DENIED', ssh()), []);
});
