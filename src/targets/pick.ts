/**
 * The one place that knows the concrete targets. Everything else holds a
 * `Target` (port.ts) and never asks which one it is.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { UsageError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import type { Target, TargetKind } from './port.js';
import { RemoteSimTarget } from './sim/remote-sim-target.js';
import { SimModel } from './sim/model/sim-model.js';
import type { TopologySpec } from './sim/model/topology-spec.js';
import { SimTarget } from './sim/sim-target.js';
import type { MeshSnapshot } from './views.js';

export interface TargetRequest {
  kind: TargetKind;
  scenario: Scenario;
  clock: Clock;
  log: Logger;
  context?: string;
  /** Overrides the scenario's `spec.target.sim.timeScale`. */
  timeScale?: number;
  /** Run against an already running `gameday sim serve` instead of an embedded simulator. */
  simControl?: string;
}

/** The Kubernetes adapter (kind and existing clusters) is a separate component this build does not include. */
function kubeUnavailable(kind: TargetKind): UsageError {
  return new UsageError(
    `--target ${kind} needs the Kubernetes adapter, which this version of istio-gameday does not include yet; ` +
      'the same scenario runs on the embedded simulator (--target sim)',
  );
}

function topologyOf(scenario: Scenario): TopologySpec | 'default' {
  const t = scenario.spec.target.sim.topology;
  // The model validates an inline topology itself and says what is wrong with it.
  return typeof t === 'string' ? (t === 'default' ? 'default' : badTopology(scenario, t)) : (t as unknown as TopologySpec);
}

function badTopology(scenario: Scenario, name: string): never {
  throw new UsageError(`${scenario.file}: unknown simulator topology "${name}" (known: default; or give an inline topology)`);
}

export function makeTarget(req: TargetRequest): Target {
  switch (req.kind) {
    case 'sim':
      if (req.simControl) return new RemoteSimTarget(req.simControl, req.clock);
      try {
        return new SimTarget({
          clock: req.clock,
          timeScale: req.timeScale ?? req.scenario.spec.target.sim.timeScale,
          seed: req.scenario.spec.target.sim.seed,
          topology: topologyOf(req.scenario),
          log: req.log,
        });
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`${req.scenario.file}: spec.target.sim: ${err instanceof Error ? err.message : String(err)}`);
      }
    case 'kind':
    case 'cluster':
      throw kubeUnavailable(req.kind);
  }
}

/** The state `gameday plan` plans against, read without changing anything: on the simulator, a fresh model. */
export async function planSnapshot(req: { kind: TargetKind; scenario: Scenario; context?: string; log: Logger }): Promise<MeshSnapshot> {
  if (req.kind !== 'sim') throw kubeUnavailable(req.kind);
  const now = Date.now();
  const model = new SimModel({ now, seed: req.scenario.spec.target.sim.seed, topology: topologyOf(req.scenario), timeScale: req.scenario.spec.target.sim.timeScale });
  // Let pods start and proxies connect, as they would have before anyone plans a GameDay.
  model.advance(now + 60_000);
  return model.snapshot();
}

/** A target for `gameday rollback`: the one a journal names. */
export async function attachTarget(req: { kind: TargetKind; context?: string; simControl?: string; clock: Clock; log: Logger }): Promise<Target> {
  if (req.kind === 'sim') {
    if (!req.simControl) {
      throw new UsageError(
        'that run used an embedded simulator, whose state ended with its process: nothing is left to revert. ' +
          'For a run against `gameday sim serve`, pass --sim-control <url>.',
      );
    }
    return new RemoteSimTarget(req.simControl, req.clock);
  }
  throw kubeUnavailable(req.kind);
}
