import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVolumeXml, xmlEscape } from './volume-xml.ts';
import { parseVolumeXml } from '../parse-storage.ts';

test('volume XML escapes every special character and parses back to the same name', () => {
  const name = `a && b <c> "d" 'e' $(f)`;
  const xml = buildVolumeXml({ name, capacityBytes: 1 << 20, format: 'qcow2', backing: { path: '/p/base & co.qcow2', format: 'qcow2' } });
  assert.equal(
    xml,
    `<volume>
  <name>a &amp;&amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; $(f)</name>
  <capacity unit='bytes'>1048576</capacity>
  <allocation unit='bytes'>0</allocation>
  <target>
    <format type='qcow2'/>
  </target>
  <backingStore>
    <path>/p/base &amp; co.qcow2</path>
    <format type='qcow2'/>
  </backingStore>
</volume>
`,
  );
  const back = parseVolumeXml(xml, 'p');
  assert.equal(back.name, name);
  assert.equal(back.backingChain[0]?.path, '/p/base & co.qcow2');
  assert.equal(xmlEscape('<&>'), '&lt;&amp;&gt;');
});

test('bad names and sizes are refused before any XML exists', () => {
  assert.throws(() => buildVolumeXml({ name: 'a/b', capacityBytes: 1 }), /cannot be used/);
  assert.throws(() => buildVolumeXml({ name: 'ok', capacityBytes: 0 }), RangeError);
  assert.throws(() => buildVolumeXml({ name: 'ok', capacityBytes: 1.5 }), RangeError);
});
