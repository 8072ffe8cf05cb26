/**
 * `gameday suite <dir>`: every scenario in a directory, one after another,
 * with one observation stack; JUnit and an HTML page for the whole suite.
 * The exit code is the worst of the runs' (3 > 1 > 0), so CI fails on a
 * finding and tells a broken harness apart.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { UsageError, type ExitCode } from '../../errors.js';
import { LocalObservers } from '../../observe/local-observers.js';
import { aggregate, renderAggregateMarkdown } from '../../report/aggregate.js';
import { renderSuiteHtml, type SuiteRun } from '../../report/html.js';
import { renderSuiteJUnit } from '../../report/junit.js';
import { compactUtc } from '../../report/results-dir.js';
import { executeScenario } from '../../run/execute.js';
import { guardScenarioOnCluster } from '../../run/cluster-guard.js';
import { guardTarget } from '../../run/guard.js';
import { ownJournals, refuseUnfinished, targetIdentity } from '../../run/unfinished.js';
import { findProjectRoot, loadScenarioDir } from '../../scenario/index.js';
import { makeTarget } from '../../compose/pick.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { withInterrupts } from '../interrupts.js';
import { loadOptions, useLoadEngine, type LoadArgs } from '../load-options.js';
import { observerOptions, ruleFilesOf, type ObserverArgs } from '../observer-options.js';
import { allowedContexts, kubeRequestOf, resolveTargetKind, targetOptions, type TargetArgs } from '../target-options.js';

interface SuiteArgs extends GlobalArgs, TargetArgs, ObserverArgs, LoadArgs {
  dir: string;
  junit?: string;
  only?: string[];
  parallel: number;
}

export function suiteCommand(ctx: CliContext): CommandModule<GlobalArgs, SuiteArgs> {
  return {
    command: 'suite <dir>',
    describe: 'run every scenario in a directory; JUnit and an HTML summary for CI',
    builder: (y) =>
      loadOptions(observerOptions(targetOptions(y)))
        .positional('dir', { type: 'string', demandOption: true })
        .option('junit', { type: 'string', describe: 'write the suite JUnit XML here (default results/suite-<time>/junit.xml)' })
        .option('only', { type: 'string', array: true, describe: 'run only these scenarios (metadata.name)' })
        .option('parallel', {
          type: 'number',
          default: 1,
          describe: 'simulator only: run this many scenarios at once, each with its own simulator and observers',
        })
        .example('$0 suite scenarios/ --junit results/junit.xml', 'the nightly resilience suite')
        .example('$0 suite scenarios/ --parallel 3', 'the whole suite on the simulator, three at a time'),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      let scenarios = await loadScenarioDir(resolve(ctx.cwd, args.dir), { projectRoot: root });
      if (args.only?.length) scenarios = scenarios.filter((s) => args.only!.includes(s.metadata.name));
      await useLoadEngine(args, scenarios);
      const ruleFiles = ruleFilesOf(args, ctx.cwd);
      const clock = new WallClock();
      const resultsRoot = resolve(root, args.results);
      const suiteDir = join(resultsRoot, `suite-${compactUtc(clock.now())}`);
      mkdirSync(suiteDir, { recursive: true });
      // Check every target choice before anything starts: a refused context stops the suite with nothing touched.
      const plans = scenarios.map((scenario) => {
        const kind = resolveTargetKind(args, scenario);
        return { scenario, kind, decision: guardTarget({ target: kind, context: args.context, allowed: allowedContexts(args), kindCluster: args['kind-cluster'] }) };
      });
      for (const p of plans) refuseUnfinished(resultsRoot, targetIdentity(p.kind, { context: p.decision.context }), ctx.cwd);
      const parallel = Math.max(1, Math.floor(args.parallel));
      // Longest first (by each scenario's own maxRunTime), so with several workers the long replays
      // do not start last and hold the suite up; results are still listed in file order.
      const order = plans.map((_, i) => i).sort((a, b) => plans[b]!.scenario.spec.abort.maxRunTimeMs - plans[a]!.scenario.spec.abort.maxRunTimeMs || a - b);
      if (parallel > 1 && plans.some((p) => p.kind !== 'sim')) throw new UsageError('--parallel runs simulator scenarios only: real clusters run one fault at a time');
      const runs: (SuiteRun | undefined)[] = new Array(plans.length);
      let worst: ExitCode = 0;
      let next = 0;
      await withInterrupts(ctx.log, async (signal) => {
        // Each worker owns one observation stack, reused for the scenarios it runs; its files live
        // beside the suite's reports, not in whichever run happened to start it.
        const worker = async (n: number): Promise<void> => {
          const observers = new LocalObservers({ clock, log: ctx.log, ruleFiles, dir: join(suiteDir, `observers-${n}`) });
          try {
            while (!signal.aborted && next < plans.length) {
              const i = order[next++]!;
              const { scenario, kind, decision } = plans[i]!;
              const kube = kubeRequestOf(args, ctx.cwd);
              const target = makeTarget({ kind, scenario, clock, log: ctx.log, context: decision.context, kube });
              await guardScenarioOnCluster(scenario, target, kube.namespaces);
              const executed = await executeScenario({ scenario, target, observers, clock, log: ctx.log, signal, resultsRoot, context: decision.context });
              runs[i] = { result: executed.result, events: executed.outcome.events };
              worst = Math.max(worst, executed.exitCode) as ExitCode;
              ctx.out.write(`${executed.result.verdict.padEnd(10)} ${scenario.metadata.name}  ${executed.dir}\n`);
            }
          } finally {
            await observers.close();
          }
        };
        await Promise.all(Array.from({ length: Math.min(parallel, plans.length) }, (_, n) => worker(n)));
      }, () => ownJournals(resultsRoot));
      const junit = args.junit ? resolve(ctx.cwd, args.junit) : join(suiteDir, 'junit.xml');
      mkdirSync(dirname(junit), { recursive: true });
      const finished = runs.filter((r): r is SuiteRun => r !== undefined);
      const done = finished.map((r) => r.result);
      writeFileSync(junit, renderSuiteJUnit(done));
      writeFileSync(join(suiteDir, 'report.html'), renderSuiteHtml(finished));
      const summary = renderAggregateMarkdown(aggregate(done));
      writeFileSync(join(suiteDir, 'summary.md'), summary);
      ctx.out.write(summary);
      ctx.out.write(`junit: ${junit}\nsuite report: ${join(suiteDir, 'report.html')}\n`);
      ctx.exitCode = worst;
    },
  };
}
