// The pool XML Spindle builds, for every pool type, read by a real libvirt:
// defined (not started) in the test bed's libvirtd where this machine has the
// type's backend, in libvirt's test driver otherwise, dumped back and parsed
// into the same spec. Defining touches no storage; every pool is undefined
// again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POOL_GOLDEN_SPECS } from '../../electron/backend/libvirt/model/testdata/pool-xml/specs.ts';
import { buildPoolXml, parsePoolSpec, type PoolSpec } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { bedTest, tryVirsh } from './fixtures.ts';
import { virsh } from './testbed.ts';

/** Pool types the test bed's libvirtd can define (`virsh pool-capabilities`, supported='yes'). */
function supportedTypes(uri: string): Set<string> {
  const caps = execFileSync('virsh', ['-q', '-c', uri, 'pool-capabilities'], { encoding: 'utf8' });
  return new Set([...caps.matchAll(/<pool type='([\w-]+)' supported='yes'>/g)].map((m) => m[1] ?? ''));
}

bedTest('every pool type: our XML defined in libvirt reads back as the same spec', async (s) => {
  const { t, bed } = s;
  const supported = supportedTypes(bed.uri);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-pool-xml-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const defined: string[] = [];
  s.defer(() => defined.forEach((name) => tryVirsh(bed, 'pool-undefine', name)));
  const viaTestDriver: Array<{ file: string; spec: PoolSpec }> = [];
  for (const [name, golden] of Object.entries(POOL_GOLDEN_SPECS)) {
    // Names of our own, so nothing of anyone else's is touched.
    const spec: PoolSpec = { ...golden, name: `spindle-xml-${process.pid}-${name}` };
    const file = path.join(dir, `${name}.xml`);
    writeFileSync(file, buildPoolXml(spec));
    if (!supported.has(spec.type)) {
      viaTestDriver.push({ file, spec });
      continue;
    }
    virsh(bed, 'pool-define', file);
    defined.push(spec.name);
    const { uuid, ...back } = parsePoolSpec(virsh(bed, 'pool-dumpxml', '--inactive', spec.name));
    assert.match(uuid ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(back, spec, `${name} on ${bed.uri}`);
    virsh(bed, 'pool-undefine', spec.name);
    defined.pop();
  }
  t.diagnostic(`libvirtd defined ${Object.keys(POOL_GOLDEN_SPECS).length - viaTestDriver.length} pool types; the test driver ${viaTestDriver.map((x) => x.spec.type).join(', ') || 'none'}`);
  assert.ok(supported.has('dir') && supported.has('logical'), 'the test bed defines at least dir and logical pools');
  // The test driver lives in one virsh process: define and dump in the same one.
  const script = viaTestDriver.map(({ file, spec }) => `pool-define ${file}; pool-dumpxml ${spec.name}; echo @@@`).join('; ');
  const outs = script ? execFileSync('virsh', ['-q', '-c', 'test:///default', script], { encoding: 'utf8' }).split('@@@').slice(0, -1) : [];
  assert.equal(outs.length, viaTestDriver.length);
  viaTestDriver.forEach(({ spec }, i) => {
    const xml = (outs[i] ?? '').slice((outs[i] ?? '').indexOf('<pool'));
    const { uuid, ...back } = parsePoolSpec(xml);
    assert.ok(uuid);
    assert.deepEqual(back, spec, `${spec.type} on test:///default`);
  });
});
