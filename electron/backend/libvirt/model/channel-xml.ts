// <channel> XML: the virtio serial ports a guest talks to the host through
// (the QEMU guest agent's org.qemu.guest_agent.0, SPICE's vdagent), read from
// a domain's XML and written for attach-device, with golden files that
// round-trip (testdata/channel-xml). What libvirt assigns itself (alias,
// virtio-serial address, a live port's state) is read but never written.
import { GUEST_AGENT_PORT } from '../../../../shared/contract/features/mounts.ts';
import { attr, child, children, parseXml, xmlEscape, type XmlNode } from '../xml.ts';

export const CHANNEL_TYPES = ['unix', 'pty', 'spicevmc'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface ChannelSpec {
  /** The host side: a UNIX socket (libvirt picks its path when none is given), a pty, or SPICE's channel. */
  type: ChannelType;
  /** unix: who listens (bind: QEMU) and the socket path. */
  source?: { mode?: 'bind' | 'connect'; path?: string };
  /** The guest side: a virtio serial port, found by its name. */
  target: { name: string };
}

/** A channel as a running VM has it: the spec, plus whether the guest has the port open. */
export interface LiveChannel extends ChannelSpec {
  state?: 'connected' | 'disconnected';
}

export { GUEST_AGENT_PORT };

/** The channel Spindle adds for the guest agent: a UNIX socket whose path libvirt chooses. */
export const GUEST_AGENT_CHANNEL: ChannelSpec = { type: 'unix', target: { name: GUEST_AGENT_PORT } };

export function buildChannelXml(spec: ChannelSpec): string {
  const lines = [`<channel type='${spec.type}'>`];
  const s = spec.source;
  if (s && (s.mode !== undefined || s.path !== undefined)) {
    const attrs = [...(s.mode !== undefined ? [`mode='${s.mode}'`] : []), ...(s.path !== undefined ? [`path='${xmlEscape(s.path)}'`] : [])];
    lines.push(`  <source ${attrs.join(' ')}/>`);
  }
  lines.push(`  <target type='virtio' name='${xmlEscape(spec.target.name)}'/>`, '</channel>');
  return `${lines.join('\n')}\n`;
}

/** One <channel> element (already parsed), or null when it is not a virtio channel of a type modelled here. */
function fromNode(c: XmlNode): LiveChannel | null {
  const type = attr(c, 'type');
  const target = child(c, 'target');
  const name = attr(target, 'name');
  if (!type || !(CHANNEL_TYPES as readonly string[]).includes(type) || attr(target, 'type') !== 'virtio' || name === undefined) return null;
  const out: LiveChannel = { type: type as ChannelType, target: { name } };
  const src = child(c, 'source');
  const mode = attr(src, 'mode');
  const path = attr(src, 'path');
  if (mode === 'bind' || mode === 'connect' || path !== undefined) out.source = { ...(mode === 'bind' || mode === 'connect' ? { mode } : {}), ...(path !== undefined ? { path } : {}) };
  const state = attr(target, 'state');
  if (state === 'connected' || state === 'disconnected') out.state = state;
  return out;
}

/** A <channel> element's XML, as buildChannelXml writes it or libvirt prints it. */
export function parseChannelXml(xml: string): LiveChannel | null {
  const c = child(parseXml(xml), 'channel');
  return c ? fromNode(c) : null;
}

/** The virtio channels of a domain (its live or saved XML). */
export function domainChannels(domainXml: string): LiveChannel[] {
  const devices = child(child(parseXml(domainXml), 'domain'), 'devices');
  return children(devices, 'channel').flatMap((c) => fromNode(c) ?? []);
}

/** The domain has the guest agent's channel. */
export function hasGuestAgentChannel(domainXml: string): boolean {
  return domainChannels(domainXml).some((c) => c.target.name === GUEST_AGENT_PORT);
}
