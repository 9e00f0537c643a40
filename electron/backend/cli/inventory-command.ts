// `spindle inventory`: everything the backend knows about a host, as tables
// or as the stable JSON of the API's inventory (shared/contract/models.ts).
import { msg } from '../../../shared/core/messages.ts';
import type { CliCommand } from './command.ts';
import { HOST_FLAGS, JSON_OUT } from './flags.ts';
import { printInventory } from './format.ts';
import { printJson } from './output.ts';

export const INVENTORY_COMMAND: CliCommand = {
  path: ['inventory'],
  summary: msg('cli.cmd.inventory.summary'),
  flags: [...HOST_FLAGS, JSON_OUT],
  run: (ctx, { values }) =>
    ctx.withSession(values, async (session) => {
      const inv = await session.reload();
      if (values.json) printJson(ctx.io, inv);
      else printInventory(ctx.io.out, inv, ctx.lang);
      return 0;
    }),
};
