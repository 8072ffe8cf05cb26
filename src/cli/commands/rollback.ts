/**
 * `gameday rollback <run-dir>`: replays the undos a run's journal still
 * holds — after a crash, a kill -9, or a revert that could not finish.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { UsageError } from '../../errors.js';
import { JOURNAL_FILE, Journal, pendingUndos, readJournal } from '../../run/journal.js';
import { replayUndos } from '../../run/mutator.js';
import { operationNamespaces } from '../../targets/operation-scope.js';
import { describeOperation } from '../../targets/operations.js';
import { attachTarget } from '../../targets/pick.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface RollbackArgs extends GlobalArgs {
  'run-dir': string;
  'dry-run': boolean;
  'sim-control'?: string;
  kubeconfig?: string;
}

export function rollbackCommand(ctx: CliContext): CommandModule<GlobalArgs, RollbackArgs> {
  return {
    command: 'rollback <run-dir>',
    describe: 'revert whatever a run left applied, from its on-disk journal',
    builder: (y) =>
      y
        .positional('run-dir', { type: 'string', demandOption: true, describe: 'the run directory (results/<time>-<scenario>)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'print the undos without applying them' })
        .option('sim-control', { type: 'string', describe: 'control URL of a running `gameday sim serve` the run targeted' })
        .option('kubeconfig', { type: 'string', describe: 'kubeconfig holding the context the run used (default $KUBECONFIG, else ~/.kube/config)' })
        .example('$0 rollback results/20261124T070102Z-istiod-oom', 'revert what that run left behind'),
    handler: async (args) => {
      const dir = resolve(args['run-dir']);
      const file = join(dir, JOURNAL_FILE);
      if (!existsSync(file)) throw new UsageError(`${file}: no journal here (is this a run directory?)`);
      const contents = readJournal(file);
      const pending = pendingUndos(contents);
      if (pending.length === 0) {
        ctx.out.write('nothing to revert: every journaled change was reverted\n');
        return;
      }
      for (const e of pending) ctx.out.write(`${args['dry-run'] ? 'would undo' : 'undo'}: [${e.fault}] ${describeOperation(e.undo!)}\n`);
      if (args['dry-run']) return;
      const header = contents.header;
      if (!header) throw new UsageError(`${file}:1:1: journal has no header line`);
      // The undos were journaled by a run the guard allowed: they may change exactly the namespaces they name.
      const namespaces = [...new Set(pending.flatMap((e) => operationNamespaces(e.undo!)))];
      const kube = { namespaces, ...(args.kubeconfig ? { kubeconfigPath: resolve(ctx.cwd, args.kubeconfig) } : {}) };
      const target = await attachTarget({ kind: header.target, context: header.context, simControl: args['sim-control'], clock: new WallClock(), log: ctx.log, kube });
      const journal = new Journal(file);
      try {
        const outcome = await replayUndos(pending, target, new WallClock(), ctx.log, journal);
        ctx.out.write(`reverted ${outcome.reverted.length}, failed ${outcome.failures.length}\n`);
        for (const f of outcome.failures) ctx.out.write(`  failed: ${f.operation}: ${f.error}\n`);
        if (outcome.failures.length > 0) ctx.exitCode = 3;
      } finally {
        journal.close();
        await target.down();
      }
    },
  };
}
