// Volume XML against golden files (testdata/volume-xml/*.xml; UPDATE_GOLDEN=1
// rewrites them: review the diff), and back: parse(build(x)) is x,
// build(parse(golden)) is the golden file, and vol-dumpxml parses to its spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { xmlEscape } from '../xml.ts';
import { parseVolumeXml } from '../parse-storage.ts';
import { golden } from './testdata/golden.ts';
import { buildVolumeXml, canonicalVolumeSpec, parseVolumeSpec, type VolumeSpec } from './volume-xml.ts';

const GOLDEN_SPECS: Record<string, VolumeSpec> = {
  'qcow2-sparse': { name: 'data.qcow2', capacityBytes: 10 * 2 ** 30, format: 'qcow2' },
  'raw-falloc': { name: 'db.img', capacityBytes: 2 * 2 ** 30, format: 'raw', allocationBytes: 2 * 2 ** 30 },
  'qcow2-backing-hostile': { name: `a && b <c> "d" 'e' $(f)`, capacityBytes: 1 << 20, format: 'qcow2', backing: { path: '/p/base & co.qcow2', format: 'qcow2' } },
  'qcow2-luks': { name: 'secret.qcow2', capacityBytes: 2 ** 30, format: 'qcow2', encryptionSecretUuid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' },
};

const dir = new URL('./testdata/volume-xml/', import.meta.url).pathname;

test('golden volume XML, and the round trip both ways', () => {
  for (const [name, spec] of Object.entries(GOLDEN_SPECS)) {
    const xml = buildVolumeXml(spec);
    const file = golden(dir, name, xml);
    assert.equal(xml, file, name);
    assert.deepEqual(parseVolumeSpec(xml), canonicalVolumeSpec(spec), name);
    assert.equal(buildVolumeXml(parseVolumeSpec(file)), file, name);
  }
  // Defaults are spelled out by parse: raw, and no allocation for a sparse volume.
  assert.deepEqual(parseVolumeSpec(buildVolumeXml({ name: 'x', capacityBytes: 1 })), { name: 'x', capacityBytes: 1, format: 'raw' });
});

test('volume XML escapes every special character and parses back to the same name', () => {
  const xml = readFileSync(`${dir}qcow2-backing-hostile.xml`, 'utf8');
  assert.match(xml, /<name>a &amp;&amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; \$\(f\)<\/name>/);
  assert.match(xml, /<path>\/p\/base &amp; co.qcow2<\/path>/);
  const back = parseVolumeXml(xml, 'p');
  assert.equal(back.name, `a && b <c> "d" 'e' $(f)`);
  assert.equal(back.backingChain[0]?.path, '/p/base & co.qcow2');
  assert.equal(xmlEscape(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');
});

test('a real vol-dumpxml (libvirt 9.0, testdata/volume-overlay.xml) parses to its spec', () => {
  const real = readFileSync(new URL('../testdata/volume-overlay.xml', import.meta.url), 'utf8');
  assert.deepEqual(parseVolumeSpec(real), {
    name: 'overlay.qcow2',
    capacityBytes: 33554432,
    allocationBytes: 204800,
    format: 'qcow2',
    backing: { path: '/var/lib/spindle-testbed/pool/base.qcow2', format: 'qcow2' },
  });
});

test('bad names and sizes are refused before any XML exists', () => {
  assert.throws(() => buildVolumeXml({ name: 'a/b', capacityBytes: 1 }), /cannot be used/);
  assert.throws(() => buildVolumeXml({ name: 'ok', capacityBytes: 0 }), RangeError);
  assert.throws(() => buildVolumeXml({ name: 'ok', capacityBytes: 1.5 }), RangeError);
});
