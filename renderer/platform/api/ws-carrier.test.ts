// Reconnect backoff of the browser-mode carrier.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKOFF_MS, backoffDelay } from './ws-carrier.ts';

test('backoff grows, then stays at the last step, with ±20 % jitter', () => {
  assert.equal(backoffDelay(0, () => 0.5), BACKOFF_MS[0]);
  assert.equal(backoffDelay(3, () => 0.5), BACKOFF_MS[3]);
  assert.equal(backoffDelay(99, () => 0.5), BACKOFF_MS[BACKOFF_MS.length - 1]);
  assert.equal(backoffDelay(0, () => 0), Math.round(BACKOFF_MS[0] * 0.8));
  assert.equal(backoffDelay(0, () => 1), Math.round(BACKOFF_MS[0] * 1.2));
});
