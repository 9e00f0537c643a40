// The mount feature's refusals, as data (shared/i18n/*/mounts.json): one
// helper for all of them, and the refusals every guest operation shares
// (the VM is not running, its agent cannot be reached), written once for the
// planners and the CLI.
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import type { MessageKey, MsgParam } from '../../../../shared/core/messages.ts';
import { checkMsg, type GuestFs, type MountCheck } from '../../../../shared/contract/features/mounts.ts';

const INVALID: ErrorCode = 'INVALID_ARGUMENT';
const UNAVAILABLE: ErrorCode = 'AGENT_UNAVAILABLE';

/** A request the planner will not plan: the message (its hint is key + "Hint") and the request field at fault. */
export function refuse(key: MessageKey, params: Record<string, MsgParam> | undefined, field: string): SpindleError {
  return SpindleError.of(INVALID, key, params, field);
}

/** A shared check's verdict, wrapped in a refusal whose hint fits where it was asked (guest, host, unmount). */
export function refuseCheck(key: MessageKey, check: MountCheck, field: string): SpindleError {
  return refuse(key, { problem: checkMsg(check) }, field);
}

/** Guest operations run inside a running guest (a paused one's agent does not answer either). */
export function requireRunning(domain: string, state: string): void {
  if (state !== 'running') throw refuse('mounts.agent.notRunning', { domain }, 'domain');
}

/** The refusal every guest operation (and `spindle guest fs`) gives when the agent cannot be reached. */
export function agentUnavailable(domain: string, agent: Exclude<GuestFs['agent'], 'ok'>): SpindleError {
  const key = agent === 'missing' ? 'mounts.agent.missing' : agent === 'not-running' ? 'mounts.agent.notRunning' : 'mounts.agent.unresponsive';
  return SpindleError.of(UNAVAILABLE, key, { domain }, 'domain');
}

export function requireAgent(domain: string, agent: GuestFs['agent']): void {
  if (agent !== 'ok') throw agentUnavailable(domain, agent);
}
