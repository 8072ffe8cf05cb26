/** `gameday train <command>`: the live "Wheel of Misfortune" — a hidden fault, a pager, a scored debrief. */
import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.js';
import { trainHistoryCommand } from './train-history.js';
import { trainPagerCommand } from './train-pager.js';
import { trainStartCommand } from './train-start.js';
import { trainVerbs } from './train-verbs.js';

export function trainCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  return {
    command: 'train <command>',
    describe: 'train on-call engineers: a live incident with a hidden fault, a pager, a scored debrief',
    builder: (y) => {
      let p = y.command(trainStartCommand(ctx)).command(trainPagerCommand(ctx));
      for (const v of trainVerbs(ctx)) p = p.command(v);
      return p
        .command(trainHistoryCommand(ctx))
        .demandCommand(1, 'name a train command: start, pager, ack, diagnose, act, hint, status, reveal, end, history');
    },
    handler: () => {},
  };
}
