import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { checkHostPath, parseFindListing, parseImageInfo, parseStatRecords, pathFacts } from './files.ts';

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

// Real output of `stat -L --printf '%f\t%U\t%G\t%n\0' -- ...` on Debian 12 (coreutils 9.1), as root and as an unprivileged user.
const ROOT_CLOSED = '41ed\troot\troot\t/\0' + '43ff\troot\troot\t/tmp\0' + '41ed\troot\troot\t/tmp/spx\0' + '41c0\troot\troot\t/tmp/spx/closed\0' + '81a4\troot\troot\t/tmp/spx/closed/x.img\0';
const MISSING_ERR = "stat: cannot statx '/nonexistent': No such file or directory\nstat: cannot statx '/nonexistent/x.img': No such file or directory\n";

test('stat facts: a missing path names its first missing part', () => {
  assert.deepEqual(pathFacts('/nonexistent/x.img', '41ed\troot\troot\t/\0', MISSING_ERR), { path: '/nonexistent/x.img', kind: 'missing', firstMissing: '/nonexistent', closedDirs: [] });
});

test('stat facts: kinds from the raw mode, links followed by -L', () => {
  const kind = (mode: string, p = '/dev/x') => pathFacts(p, `41ed\troot\troot\t/\0${p === '/dev/x' ? '41ed\troot\troot\t/dev\0' : ''}${mode}\troot\troot\t${p}\0`, '').kind;
  const kinds = { '21b6': 'char', '6180': 'block', '81a4': 'file', '41ed': 'dir', '11a4': 'other' };
  for (const [mode, expected] of Object.entries(kinds)) assert.equal(kind(mode), expected, mode);
});

test('stat facts: a folder QEMU cannot enter is reported, unless it is QEMU\'s own', () => {
  const f = pathFacts('/tmp/spx/closed/x.img', ROOT_CLOSED, '');
  assert.equal(f.kind, 'file');
  assert.deepEqual(f.closedDirs, [{ dir: '/tmp/spx/closed', mode: '0700', owner: 'root', group: 'root' }]);
  const qemuGroup = ROOT_CLOSED.replace('41c0\troot\troot', '41e8\troot\tkvm');
  assert.deepEqual(pathFacts('/tmp/spx/closed/x.img', qemuGroup, '').closedDirs, [], 'group kvm with g+x lets QEMU in');
  const qemuOwner = ROOT_CLOSED.replace('41c0\troot\troot', '41c0\tlibvirt-qemu\troot');
  assert.deepEqual(pathFacts('/tmp/spx/closed/x.img', qemuOwner, '').closedDirs, []);
});

test('stat facts: an unprivileged user stopped by a closed folder cannot tell', () => {
  const out = '41ed\troot\troot\t/\0' + '43ff\troot\troot\t/tmp\0' + '41ed\troot\troot\t/tmp/spx\0' + '41c0\troot\troot\t/tmp/spx/closed\0';
  const f = pathFacts('/tmp/spx/closed/x.img', out, "stat: cannot statx '/tmp/spx/closed/x.img': Permission denied\n");
  assert.equal(f.kind, 'unknown');
  assert.equal(f.closedDirs[0]?.dir, '/tmp/spx/closed');
});

test('stat records: names with tabs survive', () => {
  assert.deepEqual([...parseStatRecords('81a4\troot\troot\t/a\tb\nc\0').keys()], ['/a\tb\nc']);
});

test('qemu-img info: format, sizes, backing file, encryption', () => {
  const i = parseImageInfo('{"backing-filename-format":"qcow2","virtual-size":33554432,"format":"qcow2","actual-size":204800,"full-backing-filename":"/p/base.qcow2","backing-filename":"base.qcow2"}', '/p/overlay.qcow2');
  assert.deepEqual(i, { path: '/p/overlay.qcow2', format: 'qcow2', virtualSize: 33554432, actualSize: 204800, backingFile: '/p/base.qcow2', encrypted: false });
  assert.equal(parseImageInfo('{"format":"qcow2","virtual-size":1,"encrypted":true}', '/x').encrypted, true);
});
