/**
 * Plays a scenario's faults and injection-anchored responder steps on the
 * model at their offsets (no load generator, no Prometheus: requests go
 * straight through model.handleRequest), so a test can check the timeline
 * the mechanisms produce.
 */
import type { Fault } from '../../../../src/faults/fault.js';
import { faultFor } from '../../../../src/faults/registry.js';
import type { Scenario } from '../../../../src/scenario/types.js';
import type { TopologySpec } from '../../../../src/targets/sim/model/sim-model.js';
import { drive } from './mesh-checks.js';
import { ModelTarget } from './model-target.js';
import { TestContext } from './test-context.js';

interface Due {
  at: number;
  what: string;
  act: () => Promise<void>;
}

export interface Sample {
  /** Offset from t0 (ms). */
  t: number;
  status: number;
  /** Namespaces the request passed through. */
  namespaces: string[];
}

export interface Played {
  target: ModelTarget;
  t0: number;
  samples: Sample[];
  /** What the driver did, with offsets. */
  log: { t: number; what: string }[];
  contexts: Map<string, TestContext>;
}

export async function play(scenario: Scenario, untilMs: number, opts: { paths?: string[]; each?: (p: Played) => void } = {}): Promise<Played> {
  const sim = scenario.spec.target.sim;
  const target = new ModelTarget({ seed: sim.seed, topology: sim.topology as TopologySpec | 'default' });
  const t0 = target.clock.now();
  const played: Played = { target, t0, samples: [], log: [], contexts: new Map() };
  const faults = new Map(scenario.spec.faults.map((f) => [f.name, f]));
  const revert = async (name: string): Promise<void> => {
    const f = faults.get(name)!;
    const ctx = played.contexts.get(name);
    if (!ctx || ctx.signal.aborted) return;
    ctx.stop();
    await faultFor(f.type).revert(f.params, ctx);
  };
  const due: Due[] = [];
  for (const f of scenario.spec.faults) {
    due.push({
      at: f.atMs,
      what: `inject ${f.name}`,
      act: async () => {
        const ctx = new TestContext(target, f.name);
        played.contexts.set(f.name, ctx);
        await (faultFor(f.type) as Fault).inject(f.params, ctx);
      },
    });
    if (f.durationMs !== undefined) due.push({ at: f.atMs + f.durationMs, what: `revert ${f.name} (duration)`, act: () => revert(f.name) });
  }
  for (const a of scenario.spec.recovery.actions) {
    if (a.after !== 'injection') continue;
    const action = a.action;
    due.push({
      at: a.delayMs,
      what: action.kind === 'revert-fault' ? `responder: revert ${action.fault}` : `responder: ${action.operation.op}`,
      act: async () => {
        if (action.kind === 'revert-fault') await revert(action.fault);
        else await target.apply(action.operation);
      },
    });
  }
  due.sort((a, b) => a.at - b.at);
  const paths = opts.paths ?? ['/'];
  const sample = (now: number): void => {
    if ((now - t0) % 1000 !== 0) return;
    for (const path of paths) {
      const r = target.model.handleRequest({ path, method: 'GET' });
      played.samples.push({ t: now - t0, status: r.status, namespaces: [...new Set(r.hops.map((h) => h.destinationNamespace))] });
    }
    opts.each?.(played);
  };
  for (const d of [...due, { at: untilMs, what: 'end', act: async () => {} }]) {
    const wait = t0 + d.at - target.clock.now();
    if (wait > 0) await target.clock.advance(wait, sample);
    played.log.push({ t: target.clock.now() - t0, what: d.what });
    await drive(target, d.act());
  }
  return played;
}
