// What the CLI's streams (stats, events) say on stderr while a host comes and
// goes: the loss at once, the slow-retry phase, the return with how long it
// took. The reconnecting itself is the host session's (session/).
import type { ErrorInfo, SpindleError } from '../../../shared/core/errors.ts';
import type { HostStatus } from '../../../shared/contract/models.ts';
import type { HostSession } from '../session/host-session.ts';
import { RECONNECT_SLOW_DELAY_MS } from '../session/reconnect.ts';
import type { CliContext } from './command.ts';
import { errorMessage } from './text.ts';

/**
 * Reports link changes of `session` as `<command>: ...` lines on stderr.
 * `fatal` gets the error that ends the stream: the host answers but refuses
 * (credentials, host key, permissions), which more tries cannot fix.
 */
export function reportLink(session: HostSession, command: string, ctx: Pick<CliContext, 'io' | 'lang' | 'text'>, fatal: (e: SpindleError) => void): void {
  const host = session.name;
  const say = (line: string): void => ctx.io.err(line + '\n');
  session.on('link-lost', (e: SpindleError) => say(ctx.text('cli.stream.lost', { command, host, reason: errorMessage(e, ctx.lang) })));
  session.on('restored', (ms: number) => say(ctx.text('cli.stream.back', { command, host, seconds: (ms / 1000).toFixed(1) })));
  session.on('status', (status: HostStatus, e: ErrorInfo | null) => {
    if (status === 'offline' && e) say(ctx.text('cli.stream.stillDown', { command, host, reason: errorMessage(e, ctx.lang), seconds: RECONNECT_SLOW_DELAY_MS / 1000 }));
  });
  session.on('recovery-failed', fatal);
}
