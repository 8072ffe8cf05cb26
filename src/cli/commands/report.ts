/**
 * `gameday report <dir...>`: re-renders one run's reports from its
 * result.json and timeline.jsonl, or aggregates several runs into one table.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { loadAggregate, renderAggregateJson, renderAggregateMarkdown } from '../../report/aggregate.js';
import { RESULT_FILE } from '../../report/json.js';
import { renderRunDir } from '../../report/render-run.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface ReportArgs extends GlobalArgs {
  dirs: string[];
  json: boolean;
}

export function reportCommand(ctx: CliContext): CommandModule<GlobalArgs, ReportArgs> {
  return {
    command: 'report <dirs..>',
    describe: 're-render a run’s report.md, junit.xml and report.html, or aggregate several runs into one table',
    builder: (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run directories (results/<time>-<scenario>)' })
        .option('json', { type: 'boolean', default: false, describe: 'the aggregate as JSON' })
        .example('$0 report results/20261124T070102Z-istiod-oom', 're-render one run')
        .example('$0 report results/*', 'one table over every run'),
    handler: async (args) => {
      const dirs = args.dirs.map((d) => resolve(ctx.cwd, d));
      for (const d of dirs) if (!existsSync(join(d, RESULT_FILE))) throw new UsageError(`${d}: no ${RESULT_FILE} (is this a run directory?)`);
      if (dirs.length === 1 && !args.json) {
        const written = renderRunDir(dirs[0]!);
        ctx.out.write(`${written.markdown}\n${written.junit}\n${written.html}\n`);
        return;
      }
      const agg = loadAggregate(dirs.map((d) => join(d, RESULT_FILE)));
      ctx.out.write(args.json ? renderAggregateJson(agg) : renderAggregateMarkdown(agg));
    },
  };
}
