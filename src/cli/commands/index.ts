/** Every command, in the order `--help` lists them. */
import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../context.js';
import { clusterCommand } from './cluster.js';
import { doctorCommand } from './doctor.js';
import { listCommand } from './list.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { rollbackCommand } from './rollback.js';
import { runCommand } from './run.js';
import { simCommand } from './sim.js';
import { suiteCommand } from './suite.js';
import { trainCommand } from './train.js';
import { validateCommand } from './validate.js';

// Each factory is typed for its own arguments; yargs takes them through its widest form.
type AnyCommand = CommandModule<GlobalArgs, never>;

export function commands(ctx: CliContext): AnyCommand[] {
  return [
    runCommand(ctx),
    suiteCommand(ctx),
    validateCommand(ctx),
    planCommand(ctx),
    listCommand(ctx),
    reportCommand(ctx),
    rollbackCommand(ctx),
    clusterCommand(ctx),
    doctorCommand(ctx),
    simCommand(ctx),
    trainCommand(ctx),
  ] as unknown as AnyCommand[];
}
