import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEventLine } from './events.ts';

// Lines as `virsh event --all --loop --timestamp` and `virsh pool-event` print them (libvirt 9.0).
test('domain lifecycle and device events', () => {
  assert.deepEqual(parseEventLine("2026-11-25 19:01:46.814+0000: event 'lifecycle' for domain 'evtest': Defined Added"), {
    kind: 'domain',
    event: 'lifecycle',
    name: 'evtest',
    detail: 'Defined Added',
    timestamp: '2026-11-25 19:01:46.814+0000',
  });
  assert.deepEqual(parseEventLine("event 'device-added' for domain 'vm 1': virtio-disk1"), { kind: 'domain', event: 'device-added', name: 'vm 1', detail: 'virtio-disk1' });
  assert.equal(parseEventLine("event 'device-removed' for domain 'it's': virtio-disk2\r")?.name, "it's", 'quotes inside the name, pty line ending');
});

test('pool events, with and without detail', () => {
  // libvirt 9.0 prints pool names without quotes.
  assert.deepEqual(parseEventLine('2026-11-25 19:15:50.157+0000: event \'lifecycle\' for storage pool spindle-test-inactive: Started'), {
    kind: 'pool',
    event: 'lifecycle',
    name: 'spindle-test-inactive',
    detail: 'Started',
    timestamp: '2026-11-25 19:15:50.157+0000',
  });
  assert.deepEqual(parseEventLine("event 'lifecycle' for storage pool my pool: Stopped\r"), { kind: 'pool', event: 'lifecycle', name: 'my pool', detail: 'Stopped' });
  assert.deepEqual(parseEventLine("2026-11-25 19:01:46.814+0000: event 'refresh' for storage pool my pool"), {
    kind: 'pool',
    event: 'refresh',
    name: 'my pool',
    detail: '',
    timestamp: '2026-11-25 19:01:46.814+0000',
  });
});

test('anything else is ignored', () => {
  assert.equal(parseEventLine(''), null);
  assert.equal(parseEventLine('events received: 3'), null);
  assert.equal(parseEventLine("error: failed to connect to the hypervisor"), null);
});
