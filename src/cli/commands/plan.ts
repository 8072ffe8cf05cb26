/**
 * `gameday plan <scenario>`: a dry run. Reads the target's current state
 * (a fresh model on the simulator) and prints every operation the faults
 * and the responder would perform, in order. It changes nothing.
 */
import type { CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { faultFor } from '../../faults/registry.js';
import { findProjectRoot, formatDuration, loadScenario } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/types.js';
import { describeOperation } from '../../targets/operations.js';
import { planWorld, type PlanWorld } from '../../compose/pick.js';
import type { TargetKind } from '../../targets/port.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { kubeRequestOf, resolveTargetKind, targetOptions, type TargetArgs } from '../target-options.js';

interface PlanArgs extends GlobalArgs, TargetArgs {
  scenario: string;
  json: boolean;
}

export function planCommand(ctx: CliContext): CommandModule<GlobalArgs, PlanArgs> {
  return {
    command: 'plan <scenario>',
    describe: 'print every operation a scenario would perform, without changing anything',
    builder: (y) =>
      targetOptions(y)
        .positional('scenario', { type: 'string', demandOption: true })
        .option('json', { type: 'boolean', default: false, describe: 'the plan as JSON' })
        .example('$0 plan scenarios/istiod-oom.yaml', 'what the OOM GameDay would do on the simulator'),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      const scenario = await loadScenario(args.scenario, { projectRoot: root });
      const kind = resolveTargetKind(args, scenario);
      const plan = buildPlan(
        scenario,
        await planWorld({ kind, scenario, clock: new WallClock(), context: args.context, log: ctx.log, kube: kubeRequestOf(args, ctx.cwd) }),
      );
      if (args.json) ctx.out.write(JSON.stringify({ scenario: scenario.metadata.name, target: kind, ...plan }, null, 2) + '\n');
      else ctx.out.write(renderPlan(scenario, kind, plan));
    },
  };
}

export interface Plan {
  faults: { name: string; type: string; atMs: number; durationMs?: number; steps: { offsetMs: number; description: string }[] }[];
  responder: { after: string; delayMs: number; action: string }[];
}

/**
 * Plans each fault against the state the faults before it leave: on a scratch
 * world (the simulator) their operations are played in order, with model time
 * passing between offsets; on a live target every fault is planned against
 * the state read now.
 */
export function buildPlan(scenario: Scenario, world: PlanWorld): Plan {
  const faults = [...scenario.spec.faults].sort((a, b) => a.atMs - b.atMs);
  let clock = 0;
  const planned = faults.map((f) => {
    world.play?.advance(Math.max(0, f.atMs - clock));
    clock = Math.max(clock, f.atMs);
    const steps = faultFor(f.type).plan(f.params, world.snapshot());
    if (world.play) {
      let offset = 0;
      for (const st of [...steps].sort((a, b) => a.offsetMs - b.offsetMs)) {
        world.play.advance(st.offsetMs - offset);
        offset = st.offsetMs;
        if (st.operation) world.play.apply(st.operation);
      }
      clock += offset;
    }
    return {
      name: f.name,
      type: f.type,
      atMs: f.atMs,
      durationMs: f.durationMs,
      steps: steps.map((st) => ({ offsetMs: st.offsetMs, description: st.operation ? describeOperation(st.operation) : st.description })),
    };
  });
  return {
    faults: planned,
    responder: scenario.spec.recovery.actions.map((a) => ({
      after: a.after,
      delayMs: a.delayMs,
      action: (a.action.kind === 'revert-fault' ? `revert fault ${a.action.fault}` : describeOperation(a.action.operation)) + (a.note ? ` (${a.note})` : ''),
    })),
  };
}

function renderPlan(s: Scenario, kind: TargetKind, plan: Plan): string {
  const d = formatDuration;
  const ss = s.spec.steadyState;
  const lines = [
    `scenario ${s.metadata.name} on target ${kind}${kind === 'sim' ? ` (time scale ${s.spec.target.sim.timeScale}×)` : ''}`,
    `load: ${s.spec.load.rate} req/s for up to ${d(s.spec.load.durationMs)} with ${s.spec.load.engine} on ${s.spec.load.routes.map((r) => r.path).join(', ')}`,
    `steady state: success ≥ ${(ss.minSuccessRate * 100).toFixed(2)}%, p99 ≤ ${ss.maxP99Ms} ms${ss.noFiringAlerts ? ', no firing alerts' : ''}, held ${d(ss.windowMs)} (give up after ${d(ss.timeoutMs)})`,
  ];
  for (const f of plan.faults) {
    lines.push(`fault ${f.name} (${f.type}) at steady+${d(f.atMs)}${f.durationMs !== undefined ? `, reverted after ${d(f.durationMs)}` : ''}:`);
    for (const st of f.steps) lines.push(`  +${d(st.offsetMs).padEnd(6)} ${st.description}`);
  }
  lines.push(`detection: expect ${s.spec.detection.expect.join(' or ')} within ${d(s.spec.detection.deadlineMs)} of injection`);
  for (const r of plan.responder) lines.push(`responder: ${d(r.delayMs)} after ${r.after}: ${r.action}`);
  const o = s.spec.objectives;
  const objectives = [
    o.ttdMs !== undefined ? `TTD ≤ ${d(o.ttdMs)}` : '',
    o.ttrMs !== undefined ? `TTR ≤ ${d(o.ttrMs)}` : '',
    o.maxFailedRequests !== undefined ? `failed requests ≤ ${o.maxFailedRequests}` : '',
    o.slo ? `SLO ${(o.slo.target * 100).toFixed(2)}%, budget burn ≤ ${(o.slo.maxBudgetBurn * 100).toFixed(0)}%` : '',
  ].filter(Boolean);
  lines.push(`objectives: ${objectives.join(', ') || 'none'}`);
  lines.push('then: revert everything still applied, check steady state again, write results');
  lines.push('nothing was changed.');
  return lines.join('\n') + '\n';
}
