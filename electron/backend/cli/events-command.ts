// `spindle events`: libvirt's change notifications as they happen, until
// --count events or Ctrl-C. A lost host is reported on stderr at once and
// reconnected by the session; what changed while it was gone is printed once
// it is back (events named "resync", read from the inventory before and after).
import { z } from 'zod';
import { msg } from '../../../shared/core/messages.ts';
import type { LibvirtEvent } from '../libvirt/events.ts';
import type { CliCommand } from './command.ts';
import { checked, HOST_FLAGS, JSON_OUT, num } from './flags.ts';
import { onInterrupt } from './interrupt.ts';
import { reportLink } from './link-report.ts';
import { printJsonLine } from './output.ts';

/** A CLI-only count (no API method takes one). */
export const CountSchema = z.number().int().positive();

export const EVENTS_COMMAND: CliCommand = {
  path: ['events'],
  summary: msg('cli.cmd.events.summary'),
  details: msg('cli.cmd.events.details'),
  flags: [...HOST_FLAGS, JSON_OUT, { name: 'count', value: 'N', description: msg('cli.cmd.events.count'), default: msg('cli.help.untilCtrlC') }],
  async run(ctx, { values }) {
    const n = num(ctx, values, 'count');
    const limit = n === undefined ? Infinity : checked(ctx, CountSchema, n, { '': 'count' }, values);
    return ctx.withSession(values, async (session) => {
      let seen = 0;
      await session.check();
      return new Promise<number>((resolve, reject) => {
        const dispose = onInterrupt(() => resolve(0));
        const print = (ev: LibvirtEvent): void => {
          if (seen >= limit) return;
          if (values.json) printJsonLine(ctx.io, ev);
          else ctx.io.out(`${ev.kind} ${JSON.stringify(ev.name)}: ${ev.event} ${ctx.say(ev.detailMsg ?? ev.detail)}\n`);
          if (++seen >= limit) {
            dispose();
            resolve(0);
          }
        };
        reportLink(session, 'events', ctx, reject);
        session.on('libvirt-event', print);
        session.on('resync', (changes: LibvirtEvent[]) => {
          ctx.io.err((changes.length === 0 ? ctx.text('cli.stream.rereadNothing', { host: session.name }) : ctx.text('cli.stream.reread', { host: session.name, count: changes.length })) + '\n');
          changes.forEach(print);
        });
        session.watch().catch(reject);
      });
    });
  },
};
