import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/errors.ts';
import { checkHostPath, parseFindListing, parseImageInfo } from './files.ts';

test('find listing: NUL-separated, names with tabs and newlines, dirs first, links followed', () => {
  const out = ['d\t4096\t\tvms', 'f\t877\t\ttestbed.json', 'f\t10\t\ta\tb\nc.iso', 'b\t0\t\tvda', 'f\t5\t/x/real.img\tlink.img', 'N\t0\t/gone\tdangling', ''].join('\0');
  const { entries, truncated } = parseFindListing(out);
  assert.equal(truncated, false);
  assert.deepEqual(entries.map((e) => [e.name, e.kind]), [['vms', 'dir'], ['a\tb\nc.iso', 'file'], ['dangling', 'link'], ['link.img', 'file'], ['testbed.json', 'file'], ['vda', 'block']]);
  assert.equal(entries.find((e) => e.name === 'link.img')?.target, '/x/real.img');
  assert.equal(parseFindListing(out, 2).truncated, true);
});

test('paths must be absolute, without control characters, which are named', () => {
  assert.equal(checkHostPath('/var//lib/../lib/x'), '/var/lib/x');
  assert.throws(() => checkHostPath('relative/x'), /not an absolute path/);
  const named = (p: string, name: string) =>
    assert.throws(
      () => checkHostPath(p),
      (e: unknown) => e instanceof SpindleError && e.message.includes(name) && !/not an absolute path/.test(e.message) && e.details?.field === 'source',
    );
  named('/a\nb', 'U+000A (LINE FEED)');
  named('/var/lib/a\tb.img', 'U+0009 (CHARACTER TABULATION)');
  named('/a\rb', 'U+000D (CARRIAGE RETURN)');
  assert.throws(() => checkHostPath('/a\tb', 'path'), (e: unknown) => e instanceof SpindleError && e.details?.field === 'path');
});

test('qemu-img info: format, sizes, backing file, encryption', () => {
  const i = parseImageInfo('{"backing-filename-format":"qcow2","virtual-size":33554432,"format":"qcow2","actual-size":204800,"full-backing-filename":"/p/base.qcow2","backing-filename":"base.qcow2"}', '/p/overlay.qcow2');
  assert.deepEqual(i, { path: '/p/overlay.qcow2', format: 'qcow2', virtualSize: 33554432, actualSize: 204800, backingFile: '/p/base.qcow2', encrypted: false });
  assert.equal(parseImageInfo('{"format":"qcow2","virtual-size":1,"encrypted":true}', '/x').encrypted, true);
});
