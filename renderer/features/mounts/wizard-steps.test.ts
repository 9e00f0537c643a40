// The mount wizards return to the step that owns a refusal's field; the
// fields are the ones the planners name (shared/contract/features/mounts.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { AGENT_CHANNEL_FIELDS, GUEST_MOUNT_FIELDS, GUEST_UMOUNT_FIELDS, HOST_MOUNT_FIELDS } from '../../../shared/contract/features/mounts.ts';
import { blameAgentChannel, blameGuestMount, blameGuestUmount, blameHostMount } from './wizard-steps.ts';

const field = (f: string, code: ErrorInfo['code'] = 'INVALID_ARGUMENT'): ErrorInfo => ({ code, message: 'whatever the text says', details: { field: f } });
const bare = (code: ErrorInfo['code']): ErrorInfo => ({ code, message: 'mountpoint fstab mkfs' });

test('every field a mount planner names has a step; the text is never read', () => {
  for (const [blame, fields] of [
    [blameGuestMount, GUEST_MOUNT_FIELDS],
    [blameGuestUmount, GUEST_UMOUNT_FIELDS],
    [blameAgentChannel, AGENT_CHANNEL_FIELDS],
    [blameHostMount, HOST_MOUNT_FIELDS],
  ] as const) {
    for (const f of fields) assert.notEqual(blame(field(f)), null, f);
  }
  assert.equal(blameGuestMount(field('mkfs')), 'filesystem');
  assert.equal(blameGuestMount(field('label')), 'filesystem');
  assert.equal(blameGuestMount(field('options')), 'mountpoint');
  assert.equal(blameGuestMount(field('fstab')), 'fstab');
  assert.equal(blameGuestMount(field('domain', 'AGENT_UNAVAILABLE')), 'device');
  assert.equal(blameHostMount(field('readOnly')), 'options');
  assert.equal(blameHostMount(field('partition')), 'source');
  // No field: only a code that names the answer places it; words in the message do not.
  assert.equal(blameGuestMount(bare('COMMAND_FAILED')), null);
  assert.equal(blameGuestMount(bare('AGENT_UNAVAILABLE')), 'device');
  assert.equal(blameHostMount(bare('UNKNOWN_VOLUME')), 'source');
});
