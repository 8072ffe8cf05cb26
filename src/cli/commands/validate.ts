/** `gameday validate <file|dir...>`: checks scenarios, reports every issue as file:line:col, changes nothing. */
import { relative } from 'node:path';
import type { CommandModule } from 'yargs';
import type { ScenarioIssue } from '../../errors.js';
import { checkScenario, findProjectRoot } from '../../scenario/index.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { expandScenarioPaths } from '../scenario-files.js';

interface ValidateArgs extends GlobalArgs {
  paths: string[];
}

export function validateCommand(ctx: CliContext): CommandModule<GlobalArgs, ValidateArgs> {
  return {
    command: 'validate <paths..>',
    describe: 'check scenario files (schema, durations, quantities, paths) without touching anything',
    builder: (y) =>
      y
        .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'scenario files or directories' })
        .example('$0 validate scenarios/', 'check every scenario')
        .example('$0 validate scenarios/istiod-oom.yaml', 'check one'),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      const files = expandScenarioPaths(args.paths, ctx.cwd);
      let bad = 0;
      const show = (i: ScenarioIssue, kind: string): string => `${relative(ctx.cwd, i.file) || i.file}:${i.line}:${i.col}: ${kind}${i.message}\n`;
      for (const file of files) {
        const r = await checkScenario(file, { projectRoot: root });
        for (const w of r.warnings) ctx.err.write(show(w, 'warning: '));
        if (r.issues.length > 0) {
          bad++;
          for (const i of r.issues) ctx.err.write(show(i, ''));
        } else ctx.out.write(`ok ${relative(ctx.cwd, file)} (${r.value!.metadata.name}: ${r.value!.spec.faults.map((f) => f.type).join(', ')})\n`);
      }
      if (bad > 0) {
        ctx.err.write(`${bad} of ${files.length} scenario file(s) have problems\n`);
        ctx.exitCode = 2;
      }
    },
  };
}
