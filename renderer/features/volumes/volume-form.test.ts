// The new-volume form's thin choice: what choosing "thin" does to the other
// answers, its validation against the thin pools pool.usage read, and the
// request it makes (raw, sparse, thinPool, nothing else).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ThinPoolUsage } from '../../../shared/contract/features/pools.usage.ts';
import type { Pool } from '../../../shared/contract/models.ts';
import { emptyVolumeForm, thinPoolTakesVolumes, toCreateRequest, validateVolume, withVolumeChange } from './volume-form.ts';

const pool = (name: string, type: string): Pool => ({ name, uuid: '', type, active: true, autostart: false, capacity: 2 ** 30, allocation: 0, available: 2 ** 30, volumes: [] });
const pools = [pool('vg', 'logical'), pool('dir', 'dir'), pool('vg2', 'logical')];
const thinPool = (name: string, level: ThinPoolUsage['level'] = null): ThinPoolUsage => ({ name, sizeBytes: 2 ** 30, dataPercent: 10, metadataPercent: 2, metadataSizeBytes: 4 << 20, volumes: 0, virtualBytes: 0, active: true, level, levelPart: level ? 'metadata' : null });

test('choosing thin makes a raw volume without backing file or encryption; leaving it forgets the thin pool', () => {
  const f = withVolumeChange({ ...emptyVolumeForm('vg', 'tv'), encrypt: true, passphrase: 'p', confirm: 'p' }, { allocation: 'thin', thinPool: 'tp' });
  assert.deepEqual([f.allocation, f.thinPool, f.format, f.encrypt, f.passphrase, f.backing], ['thin', 'tp', 'raw', false, '', '']);
  assert.deepEqual(toCreateRequest({ ...f, capacity: '1G' }), { pool: 'vg', name: 'tv', capacityBytes: 2 ** 30, format: 'raw', allocation: 'sparse', thinPool: 'tp' });
  const qcow = withVolumeChange(f, { format: 'qcow2' });
  assert.deepEqual([qcow.allocation, qcow.thinPool, qcow.format], ['sparse', '', 'qcow2'], 'qcow2 leaves thin provisioning');
  const other = withVolumeChange(f, { pool: 'vg2' });
  assert.deepEqual([other.allocation, other.thinPool], ['sparse', ''], 'another pool has other thin pools');
  assert.equal(toCreateRequest({ ...withVolumeChange(f, { allocation: 'falloc' }), capacity: '1G' })?.thinPool, undefined);
});

test('thin is validated against the thin pools read: chosen, present, not critical; logical pools only', () => {
  const f = withVolumeChange({ ...emptyVolumeForm('vg', 'tv'), capacity: '1G' }, { allocation: 'thin', thinPool: 'tp' });
  assert.equal(validateVolume(f, pools, [thinPool('tp')]).allocation, undefined);
  assert.equal(validateVolume(f, pools, undefined).allocation, undefined, 'not read yet: the backend checks again anyway');
  assert.equal(validateVolume(f, pools, [thinPool('other')]).allocation, 'wizard.volume.thinMissing');
  assert.equal(validateVolume(f, pools, [thinPool('tp', 'warning')]).allocation, undefined);
  assert.equal(validateVolume(f, pools, [thinPool('tp', 'critical')]).allocation, 'wizard.volume.thinTooFull');
  assert.equal(validateVolume(f, pools, [thinPool('tp', 'emergency')]).allocation, 'wizard.volume.thinTooFull');
  assert.equal(validateVolume({ ...f, thinPool: '' }, pools, []).allocation, 'wizard.volume.thinChoose');
  assert.equal(validateVolume({ ...f, pool: 'dir' }, pools, []).allocation, 'wizard.volume.thinLogicalOnly');
  assert.deepEqual([null, 'warning', 'critical', 'emergency'].map((l) => thinPoolTakesVolumes({ level: l as ThinPoolUsage['level'] })), [true, true, false, false]);
});
