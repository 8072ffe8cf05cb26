/**
 * `gameday run <scenario>`: one GameDay end to end — bring up the target
 * (the embedded simulator by default), real Prometheus, Alertmanager and
 * a load engine (vegeta, or the user's k6), inject, measure, revert, and write results. Exit code 0 when every
 * objective was met, 1 when the GameDay found something.
 */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { LocalObservers } from '../../observe/local-observers.js';
import { executeScenario } from '../../run/execute.js';
import { guardScenarioOnCluster } from '../../run/cluster-guard.js';
import { guardTarget } from '../../run/guard.js';
import { ownJournals, refuseUnfinished, targetIdentity } from '../../run/unfinished.js';
import { StatusLine } from '../../run/status-line.js';
import { findProjectRoot, loadScenario } from '../../scenario/index.js';
import { makeTarget } from '../../compose/pick.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { withInterrupts } from '../interrupts.js';
import { loadOptions, useLoadEngine, type LoadArgs } from '../load-options.js';
import { observerOptions, ruleFilesOf, type ObserverArgs } from '../observer-options.js';
import { printRunSummary } from '../run-summary.js';
import { allowedContexts, kubeRequestOf, resolveTargetKind, targetOptions, type TargetArgs } from '../target-options.js';

interface RunArgs extends GlobalArgs, TargetArgs, ObserverArgs, LoadArgs {
  scenario: string;
  'time-scale'?: number;
  'sim-control'?: string;
}

export function runCommand(ctx: CliContext): CommandModule<GlobalArgs, RunArgs> {
  return {
    command: 'run <scenario>',
    describe: 'run one GameDay: load, inject, measure time to detect and time to recover, revert, report',
    builder: (y) =>
      loadOptions(observerOptions(targetOptions(y)))
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (scenarios/*.yaml)' })
        .option('time-scale', { type: 'number', describe: 'simulator: model seconds per wall second (overrides the scenario)' })
        .option('sim-control', { type: 'string', describe: 'run against a `gameday sim serve` at this control URL instead of an embedded simulator' })
        .example('$0 run scenarios/istiod-oom.yaml', 'on the embedded simulator')
        .example('$0 run scenarios/istiod-oom.yaml --load-engine k6', 'the load from your own k6 (load/steady.js, or spec.load.script)')
        .example('$0 run scenarios/deny-policy.yaml --rules my-team.rules.yaml', 'does YOUR alerting catch a bad DENY policy?')
        .example(
          '$0 run scenarios/istiod-oom.yaml --target cluster --context staging --allow-context staging --allow-namespace istio-system',
          'an existing cluster, named and allowed, in namespaces labelled gameday.istio.io/allowed=true',
        ),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      const scenario = await loadScenario(resolve(ctx.cwd, args.scenario), { projectRoot: root });
      await useLoadEngine(args, [scenario]);
      const kind = resolveTargetKind(args, scenario);
      const decision = guardTarget({ target: kind, context: args.context, allowed: allowedContexts(args), kindCluster: args['kind-cluster'] });
      const resultsRoot = resolve(root, args.results);
      refuseUnfinished(resultsRoot, targetIdentity(kind, { context: decision.context, simControl: args['sim-control'] }), ctx.cwd);
      const ruleFiles = ruleFilesOf(args, ctx.cwd);
      const clock = new WallClock();
      const kube = kubeRequestOf(args, ctx.cwd);
      const target = makeTarget({ kind, scenario, clock, log: ctx.log, context: decision.context, timeScale: args['time-scale'], simControl: args['sim-control'], kube });
      await guardScenarioOnCluster(scenario, target, kube.namespaces);
      const observers = new LocalObservers({ clock, log: ctx.log, ruleFiles });
      const status = new StatusLine(ctx.err, clock.now(), () => clock.now());
      status.start();
      try {
        const executed = await withInterrupts(ctx.log, (signal) =>
          executeScenario({ scenario, target, observers, clock, log: ctx.log, signal, resultsRoot, context: decision.context, onEvent: status.push }),
          () => ownJournals(resultsRoot),
        );
        status.stop();
        printRunSummary(ctx.out, executed.dir, executed.result);
        ctx.exitCode = executed.exitCode;
      } finally {
        status.stop();
        await observers.close();
      }
    },
  };
}
