// Channel XML both ways, against golden files (testdata/channel-xml/*.xml;
// UPDATE_GOLDEN=1 rewrites the built ones: review the diff). live-guest-agent
// is what libvirt 9.0 printed for the test bed's running VM (read only).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { AGENT_CHANNEL_XML } from '../../../../shared/contract/features/mounts.ts';
import { buildChannelXml, domainChannels, GUEST_AGENT_CHANNEL, hasGuestAgentChannel, parseChannelXml, type ChannelSpec } from './channel-xml.ts';

export const GOLDEN_CHANNELS: Record<string, ChannelSpec> = {
  'guest-agent': GUEST_AGENT_CHANNEL,
  'unix-bind-path': { type: 'unix', source: { mode: 'bind', path: "/var/lib/libvirt/qemu/channel/target/vm 'a' & b/org.qemu.guest_agent.0" }, target: { name: 'org.qemu.guest_agent.0' } },
  'spice-vdagent': { type: 'spicevmc', target: { name: 'com.redhat.spice.0' } },
};

const dir = new URL('./testdata/channel-xml/', import.meta.url).pathname;

test('golden channel XML: built as the golden file, and both ways round', () => {
  for (const [name, spec] of Object.entries(GOLDEN_CHANNELS)) {
    const file = `${dir}${name}.xml`;
    const xml = buildChannelXml(spec);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      if (process.env.CI === 'true') assert.fail(`golden file ${name}.xml missing`);
      writeFileSync(file, xml);
    }
    const golden = readFileSync(file, 'utf8');
    assert.equal(xml, golden, name);
    // parse(build(x)) == x and build(parse(golden)) == golden.
    assert.deepEqual(parseChannelXml(xml), spec, name);
    const parsed = parseChannelXml(golden);
    assert.ok(parsed, name);
    assert.equal(buildChannelXml(parsed), golden, name);
  }
});

test('what libvirt prints for a running VM: the socket libvirt chose and the port state; alias and address are its own', () => {
  const live = parseChannelXml(readFileSync(`${dir}live-guest-agent.xml`, 'utf8'));
  assert.deepEqual(live, {
    type: 'unix',
    source: { mode: 'bind', path: '/var/lib/libvirt/qemu/channel/target/domain-3-spindle-test-vm/org.qemu.guest_agent.0' },
    target: { name: 'org.qemu.guest_agent.0' },
    state: 'connected',
  });
});

test('the channels of a domain; the guest agent found by its port name, not by text anywhere in the XML', () => {
  const dom = (devices: string) => `<domain type='qemu'><name>vm</name><devices>${devices}</devices></domain>`;
  const agent = readFileSync(`${dir}guest-agent.xml`, 'utf8');
  const spice = readFileSync(`${dir}spice-vdagent.xml`, 'utf8');
  assert.deepEqual(domainChannels(dom(agent + spice)).map((c) => c.target.name), ['org.qemu.guest_agent.0', 'com.redhat.spice.0']);
  assert.equal(hasGuestAgentChannel(dom(agent)), true);
  assert.equal(hasGuestAgentChannel(dom(spice)), false);
  // The name in a description or a disk path is not a channel.
  assert.equal(hasGuestAgentChannel(`<domain><description>org.qemu.guest_agent.0</description><devices><disk type='file'><source file='/i/org.qemu.guest_agent.0'/><target dev='vda'/></disk></devices></domain>`), false);
  // A guestfwd channel (no virtio target) is not modelled.
  assert.deepEqual(domainChannels(dom("<channel type='pipe'><source path='/tmp/p'/><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>")), []);
});

test('the XML the wizards show before planning is the one the plan adds', () => {
  assert.equal(buildChannelXml(GUEST_AGENT_CHANNEL), `${AGENT_CHANNEL_XML}\n`);
});
