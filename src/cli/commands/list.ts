/** `gameday list [faults|scenarios]`: what the harness can break, and the scenarios on disk. */
import { relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { listFaults } from '../../faults/registry.js';
import { checkScenario, findProjectRoot } from '../../scenario/index.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { expandScenarioPaths } from '../scenario-files.js';
import { textTable as table } from '../../text-table.js';

interface ListArgs extends GlobalArgs {
  what: 'faults' | 'scenarios';
  dir: string;
  json: boolean;
}

export function listCommand(ctx: CliContext): CommandModule<GlobalArgs, ListArgs> {
  return {
    command: 'list [what]',
    describe: 'list fault types, or the scenarios in a directory',
    builder: (y) =>
      y
        .positional('what', { choices: ['faults', 'scenarios'] as const, default: 'faults' as const })
        .option('dir', { type: 'string', default: 'scenarios', describe: 'where scenarios are (for `list scenarios`)' })
        .option('json', { type: 'boolean', default: false, describe: 'JSON on stdout instead of a table' })
        .example('$0 list', 'fault types and the targets that run them')
        .example('$0 list scenarios --json', 'scenarios as JSON'),
    handler: async (args) => {
      if (args.what === 'faults') {
        const faults = listFaults();
        if (args.json) ctx.out.write(JSON.stringify(faults, null, 2) + '\n');
        else ctx.out.write(table(['FAULT', 'TARGETS', 'WHAT IT BREAKS'], faults.map((f) => [f.type, f.targets.join(','), f.summary])));
        return;
      }
      const root = await findProjectRoot(ctx.cwd);
      const rows: { file: string; name: string; faults: string; expect: string; problems: number }[] = [];
      for (const file of expandScenarioPaths([args.dir], ctx.cwd)) {
        const r = await checkScenario(file, { projectRoot: root });
        rows.push({
          file: relative(ctx.cwd, file),
          name: r.value?.metadata.name ?? '(invalid: run validate)',
          faults: r.value?.spec.faults.map((f) => f.type).join(',') ?? '',
          expect: r.value?.spec.detection.expect.join(',') ?? '',
          problems: r.issues.length,
        });
      }
      if (args.json) ctx.out.write(JSON.stringify(rows, null, 2) + '\n');
      else ctx.out.write(table(['SCENARIO', 'FILE', 'FAULTS', 'EXPECTED ALERTS'], rows.map((r) => [r.name, r.file, r.faults, r.expect])));
    },
  };
}
