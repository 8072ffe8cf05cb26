/** `gameday train history`: each trainee's sessions as a table, and as a page with a score chart. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { readResultJson, RESULT_FILE } from '../../report/json.js';
import { confined } from '../../report/results-dir.js';
import { HISTORY_HEAD, historyCells, historyRow, renderHistoryHtml, type HistoryRow } from '../../report/training-history.js';
import { findProjectRoot } from '../../scenario/index.js';
import { textTable } from '../../text-table.js';
import { sessionDirs } from '../../train/session-files.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface HistoryArgs extends GlobalArgs {
  trainee?: string;
  results: string;
  html: string;
  json: boolean;
}

export function trainHistoryCommand(ctx: CliContext): CommandModule<GlobalArgs, HistoryArgs> {
  return {
    command: 'history',
    describe: "each trainee's sessions: fault, time to ack, diagnosis, time to mitigate, score (and a chart in HTML)",
    builder: (y) =>
      y
        .option('trainee', { type: 'string', describe: 'only this trainee' })
        .option('results', { type: 'string', default: 'results', describe: 'results root the sessions live in' })
        .option('html', {
          type: 'string',
          default: 'train-history.html',
          describe: 'the page with the chart, written inside the results root',
        })
        .option('json', { type: 'boolean', default: false, describe: 'rows as JSON on stdout' }) as unknown as Argv<HistoryArgs>,
    handler: async (args) => {
      const root = resolve(await findProjectRoot(ctx.cwd), args.results);
      const rows: HistoryRow[] = [];
      for (const dir of sessionDirs(root).reverse()) {
        const file = join(dir, RESULT_FILE);
        if (!existsSync(file)) continue;
        const row = historyRow(dir, readResultJson(file));
        if (row && (!args.trainee || row.trainee === args.trainee)) rows.push(row);
      }
      const page = confined(root, args.html);
      writeFileSync(page, renderHistoryHtml(rows));
      if (args.json) ctx.out.write(`${JSON.stringify(rows, null, 2)}\n`);
      else ctx.out.write(rows.length === 0 ? 'no finished training sessions\n' : textTable(HISTORY_HEAD, rows.map(historyCells)));
      ctx.err.write(`chart: ${page}\n`);
    },
  };
}
