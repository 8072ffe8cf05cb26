/**
 * `gameday rollback <run-dir>`: replays the undos a run's journal still
 * holds — after a crash, a kill -9, or a revert that could not finish.
 * `--all-unfinished` does it for every unfinished journal under the results
 * root; `--discard` closes a journal without reverting (the changes stay, on
 * purpose), so runs against that target are allowed again.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { UsageError } from '../../errors.js';
import { JOURNAL_FILE, Journal, pendingUndos, readJournal } from '../../run/journal.js';
import { replayUndos } from '../../run/mutator.js';
import { findUnfinished } from '../../run/unfinished.js';
import { findProjectRoot } from '../../scenario/index.js';
import { operationNamespaces } from '../../targets/operation-scope.js';
import { describeOperation } from '../../targets/operations.js';
import { attachTarget } from '../../compose/pick.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface RollbackArgs extends GlobalArgs {
  'run-dir'?: string;
  'dry-run': boolean;
  discard: boolean;
  'all-unfinished': boolean;
  results: string;
  'sim-control'?: string;
  kubeconfig?: string;
}

export function rollbackCommand(ctx: CliContext): CommandModule<GlobalArgs, RollbackArgs> {
  return {
    command: 'rollback [run-dir]',
    describe: 'revert whatever a run left applied, from its on-disk journal',
    builder: (y) =>
      y
        .positional('run-dir', { type: 'string', describe: 'the run directory (results/<time>-<scenario>)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'print the undos without applying them' })
        .option('discard', {
          type: 'boolean',
          default: false,
          describe: 'close the journal WITHOUT reverting: what it holds stays applied, and runs against the target are allowed again',
        })
        .option('all-unfinished', { type: 'boolean', default: false, describe: 'every unfinished journal under the results root' })
        .option('results', { type: 'string', default: 'results', describe: 'results root searched by --all-unfinished' })
        .option('sim-control', {
          type: 'string',
          describe: 'control URL of the `gameday sim serve` the run targeted (default: the one its journal names)',
        })
        .option('kubeconfig', { type: 'string', describe: 'kubeconfig holding the context the run used (default $KUBECONFIG, else ~/.kube/config)' })
        .example('$0 rollback results/20261124T070102Z-istiod-oom', 'revert what that run left behind')
        .example('$0 rollback --all-unfinished', 'revert what every crashed run left behind')
        .example('$0 rollback --discard results/20261124T070102Z-istiod-oom', 'keep its changes and allow new runs against that target'),
    handler: async (args) => {
      if (args.discard && (args['dry-run'] || args['all-unfinished']))
        throw new UsageError('--discard applies to one run directory, and not with --dry-run');
      if (args['all-unfinished']) {
        if (args['run-dir']) throw new UsageError('give either a run directory or --all-unfinished, not both');
        const root = resolve(await findProjectRoot(ctx.cwd), args.results);
        const unfinished = findUnfinished(root);
        if (unfinished.length === 0) ctx.out.write(`nothing to revert: no unfinished journal under ${relative(ctx.cwd, root) || root}\n`);
        for (const u of unfinished) {
          ctx.out.write(`${relative(ctx.cwd, u.dir) || u.dir}:\n`);
          if (u.identity === undefined) {
            ctx.out.write('  skipped: it ran on an embedded simulator, whose state ended with its process\n');
            continue;
          }
          await rollbackOne(ctx, u.dir, args);
        }
        return;
      }
      if (!args['run-dir']) throw new UsageError('name a run directory, or pass --all-unfinished');
      await rollbackOne(ctx, resolve(ctx.cwd, args['run-dir']), args);
    },
  };
}

async function rollbackOne(ctx: CliContext, dir: string, args: RollbackArgs): Promise<void> {
  const file = join(dir, JOURNAL_FILE);
  if (!existsSync(file)) throw new UsageError(`${file}: no journal here (is this a run directory?)`);
  const contents = readJournal(file);
  const pending = pendingUndos(contents);
  if (contents.discardedAt !== undefined) {
    ctx.out.write(`nothing to revert: the journal was discarded at ${new Date(contents.discardedAt).toISOString()}\n`);
    return;
  }
  if (pending.length === 0) {
    ctx.out.write('nothing to revert: every journaled change was reverted\n');
    return;
  }
  if (args.discard) {
    const journal = new Journal(file);
    journal.discard(Date.now());
    journal.close();
    for (const e of pending) ctx.out.write(`left applied: [${e.fault}] ${describeOperation(e.op)}\n`);
    ctx.out.write(`discarded ${file}: ${pending.length} change(s) stay applied; runs against that target are allowed again\n`);
    return;
  }
  for (const e of pending) ctx.out.write(`${args['dry-run'] ? 'would undo' : 'undo'}: [${e.fault}] ${describeOperation(e.undo!)}\n`);
  if (args['dry-run']) return;
  const header = contents.header;
  if (!header) throw new UsageError(`${file}:1:1: journal has no header line`);
  const fromJournal = header.identity?.startsWith('sim:') ? header.identity.slice('sim:'.length) : undefined;
  const simControl = args['sim-control'] ?? fromJournal;
  // The undos were journaled by a run the guard allowed: they may change exactly the namespaces they name.
  const namespaces = [...new Set(pending.flatMap((e) => operationNamespaces(e.undo!)))];
  const kube = { namespaces, ...(args.kubeconfig ? { kubeconfigPath: resolve(ctx.cwd, args.kubeconfig) } : {}) };
  const target = await attachTarget({ kind: header.target, context: header.context, simControl, clock: new WallClock(), log: ctx.log, kube });
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
}
