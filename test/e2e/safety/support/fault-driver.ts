/**
 * A process to kill that does exactly what a run does to the target, and
 * nothing else: the scenario's real faults inject through the real Mutator
 * and on-disk Journal (undo journaled and fsynced before each mutation),
 * hold, then revert the way the runner's revert phase does. No load engine
 * and no observers: what a crash can leave broken is the target's
 * configuration, and that path is the same as in `gameday run`.
 *
 *   node --import tsx fault-driver.ts <scenario> <run-dir> <hold-ms> <target-kind> <control-url-or-context> [<kubeconfig> <ns,ns,…> <ingress-url>]
 *
 * Prints `injected` once every fault was injected and `reverted` at the end.
 */
import { join, resolve } from 'node:path';
import { ScaledClock, WallClock } from '../../../../src/clock.js';
import type { FaultContext } from '../../../../src/faults/fault.js';
import { faultFor } from '../../../../src/faults/registry.js';
import { silentLogger } from '../../../../src/log.js';
import { projectRoot } from '../../../../src/project-root.js';
import { Journal, JOURNAL_FILE } from '../../../../src/run/journal.js';
import { Mutator } from '../../../../src/run/mutator.js';
import { loadScenario } from '../../../../src/scenario/index.js';
import { attachTarget } from '../../../../src/compose/pick.js';
import type { TargetKind } from '../../../../src/targets/port.js';

const [scenarioFile, runDir, holdText, kindText, attach, kubeconfigPath, namespaces, ingressUrl] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string | undefined,
  string | undefined,
  string | undefined,
];
const kind = kindText as TargetKind;
const clock = new WallClock();
const log = silentLogger();
const scenario = await loadScenario(resolve(scenarioFile), { projectRoot: projectRoot() });
// On a cluster: the kubeconfig, the namespaces a run's --allow-namespace would allow, and where load would go.
const kube = kubeconfigPath ? { kubeconfigPath, namespaces: namespaces ? namespaces.split(',') : [], ingressUrl } : undefined;
const target = await attachTarget({ kind, ...(kind === 'sim' ? { simControl: attach } : { context: attach }), clock, log, kube });
const endpoints = await target.up();
const journal = new Journal(join(runDir, JOURNAL_FILE));
journal.header({
  target: kind,
  context: kind === 'sim' ? undefined : attach,
  identity: target.identity,
  scenario: scenario.file,
  startedAt: new Date().toISOString(),
});
const mutator = new Mutator(target, journal, clock, log);
const story = new ScaledClock(clock, endpoints.timeScale);
const run = new AbortController();

const active = [...scenario.spec.faults]
  .sort((a, b) => a.atMs - b.atMs)
  .map((spec) => {
    const ctx: FaultContext = {
      fault: spec.name,
      clock: story,
      log,
      signal: run.signal,
      snapshot: () => target.snapshot(),
      mutate: (op) => mutator.mutate(spec.name, op),
      undoAll: async () => {
        await mutator.undo(spec.name);
      },
    };
    return { spec, fault: faultFor(spec.type), ctx, background: undefined as Promise<void> | undefined };
  });

for (const a of active) a.background = (await a.fault.inject(a.spec.params, a.ctx)).background;
process.stdout.write('injected\n');
await clock.sleep(Number(holdText));
// The runner's revert phase: stop background activity, each fault's own revert, then whatever the journal still holds.
run.abort();
for (const a of [...active].reverse()) {
  await a.background?.catch(() => {});
  await a.fault.revert(a.spec.params, a.ctx).catch(() => {});
  await mutator.undo(a.spec.name);
}
await mutator.undo();
journal.close();
await target.down();
process.stdout.write('reverted\n');
