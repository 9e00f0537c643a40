// What the CLI's streams (stats, events) say on stderr while a host comes and
// goes: the loss at once, the slow-retry phase, the return with how long it
// took. The reconnecting itself is the host session's (inventory/).
import type { ErrorInfo, SpindleError } from '../../../shared/core/errors.ts';
import type { HostStatus } from '../../../shared/contract/models.ts';
import type { HostSession } from '../session/host-session.ts';
import { RECONNECT_SLOW_DELAY_MS } from '../session/reconnect.ts';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * Reports link changes of `session` as `<command>: ...` lines on stderr.
 * `fatal` gets the error that ends the stream: the host answers but refuses
 * (credentials, host key, permissions), which more tries cannot fix.
 */
export function reportLink(session: HostSession, command: string, io: CliIo, fatal: (e: SpindleError) => void): void {
  const name = session.name;
  session.on('link-lost', (e: SpindleError) => io.err(`${command}: lost ${name}: ${e.message} Reconnecting...\n`));
  session.on('restored', (ms: number) => io.err(`${command}: ${name} is back after ${(ms / 1000).toFixed(1)} s.\n`));
  session.on('status', (status: HostStatus, e: ErrorInfo | null) => {
    if (status === 'offline' && e) io.err(`${command}: ${name} is still unreachable (${e.message}); trying every ${RECONNECT_SLOW_DELAY_MS / 1000} s.\n`);
  });
  session.on('recovery-failed', fatal);
}
