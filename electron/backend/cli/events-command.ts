// `spindle events`: libvirt's change notifications as they happen, until
// --count events or Ctrl-C. A lost host is reported on stderr at once and
// reconnected by the session; what changed while it was gone is printed once
// it is back (events named "resync", read from the inventory before and after).
import { SpindleError } from '../../../shared/core/errors.ts';
import type { HostSession } from '../session/host-session.ts';
import type { LibvirtEvent } from '../libvirt/events.ts';
import { onInterrupt } from './interrupt.ts';
import { reportLink, type CliIo } from './link-report.ts';

export async function eventsCommand(session: HostSession, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const limit = values.count === undefined ? Infinity : Number(values.count);
  if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) {
    throw new SpindleError('INVALID_ARGUMENT', '--count must be a positive whole number.', 'Run "spindle help" for the list of commands.', { usage: 'true' });
  }
  let seen = 0;
  await session.check();
  return new Promise<number>((resolve, reject) => {
    const dispose = onInterrupt(() => resolve(0));
    const print = (ev: LibvirtEvent): void => {
      if (seen >= limit) return;
      io.out(values.json ? JSON.stringify(ev) + '\n' : `${ev.kind} ${JSON.stringify(ev.name)}: ${ev.event} ${ev.detail}\n`);
      if (++seen >= limit) {
        dispose();
        resolve(0);
      }
    };
    reportLink(session, 'events', io, reject);
    session.on('libvirt-event', print);
    session.on('resync', (changes: LibvirtEvent[]) => {
      io.err(`events: re-read ${session.name}: ${changes.length === 0 ? 'nothing changed' : `${changes.length} change(s)`} while it was gone.\n`);
      changes.forEach(print);
    });
    session.watch().catch(reject);
  });
}
