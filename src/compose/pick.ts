/**
 * The composition root: the one place that knows the concrete targets.
 * Everything else holds a `Target` (targets/port.ts) and never asks which
 * one it is. It sits above the runner, so the target folders never import
 * the scenario or the run that uses them.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { errorText, UsageError } from '../errors.js';
import type { Scenario } from '../scenario/types.js';
import type { Operation } from '../targets/operations.js';
import type { Target, TargetKind } from '../targets/port.js';
import { readKindConfig } from '../targets/kube/kind/kind-config.js';
import { zxRunner } from '../targets/kube/kind/command-runner.js';
import { KindNodeOps } from '../targets/kube/kind/node-ops.js';
import { KubeTarget } from '../targets/kube/kube-target.js';
import { projectRoot } from '../project-root.js';
import { RemoteSimTarget } from '../targets/sim/remote-sim-target.js';
import { SimModel } from '../targets/sim/model/sim-model.js';
import type { TopologySpec } from '../targets/sim/model/topology-spec.js';
import { defaultTopology } from '../targets/sim/model/topology.js';
import { SimTarget } from '../targets/sim/sim-target.js';
import type { MeshSnapshot } from '../targets/views.js';

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
  /** kind and cluster: the namespaces the target may watch and change, its kubeconfig, where load goes. */
  kube?: KubeRequest;
}

export interface KubeRequest {
  namespaces: string[];
  kubeconfigPath?: string;
  ingressUrl?: string;
}

/** The Kubernetes adapter, for kind (its own cluster) and an existing cluster (guarded before this). */
function kubeTarget(
  kind: 'kind' | 'cluster',
  context: string | undefined,
  kube: KubeRequest | undefined,
  clock: Clock,
  log: Logger,
): KubeTarget {
  if (!context) throw new UsageError(`--target ${kind} needs a context`);
  // kind is the harness's own cluster, running the simulator's default topology: its namespaces unless told otherwise.
  const namespaces = kube?.namespaces.length ? kube.namespaces : kind === 'kind' ? defaultTopology().namespaces.map((n) => n.name) : [];
  const common = { kind, context, clock, log, namespaces, kubeconfigPath: kube?.kubeconfigPath };
  if (kind === 'cluster') return new KubeTarget({ ...common, ingressUrl: kube?.ingressUrl });
  // kind: load goes to the ingress NodePort its config publishes, and the nodes are containers the
  // harness reaches with `docker exec` (image eviction) and `docker network` (the registry).
  const config = readKindConfig(join(projectRoot(), 'kind-config.yaml'));
  const docker = process.env.GAMEDAY_DOCKER ?? 'docker';
  return new KubeTarget({
    ...common,
    ingressUrl: kube?.ingressUrl ?? config.ingressUrl,
    nodeAccess: new KindNodeOps(zxRunner({ paths: { docker } })),
  });
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
        throw new UsageError(`${req.scenario.file}: spec.target.sim: ${errorText(err)}`);
      }
    case 'kind':
    case 'cluster':
      return kubeTarget(req.kind, req.context, req.kube, req.clock, req.log);
  }
}

/**
 * What `gameday plan` plans against, read without changing anything. On the
 * simulator it is a scratch model of the scenario's mesh, on which the plan
 * may also play each fault's operations, so a later fault is planned against
 * the state the earlier ones leave (an upgrade, then an eviction of the image
 * it replaced). Nothing outside that scratch model is touched.
 */
export interface PlanWorld {
  snapshot(): MeshSnapshot;
  /** Scratch worlds only: play an operation, and let model time pass. */
  play?: { apply(op: Operation): void; advance(ms: number): void };
}

export async function planWorld(req: {
  kind: TargetKind;
  scenario: Scenario;
  clock: Clock;
  context?: string;
  log: Logger;
  kube?: KubeRequest;
}): Promise<PlanWorld> {
  if (req.kind !== 'sim') {
    // A live cluster: every fault is planned against the state read now (nothing is played on it).
    const mesh = await kubeTarget(req.kind, req.context, req.kube, req.clock, req.log).snapshot();
    return { snapshot: () => mesh };
  }
  // The scratch model starts at the clock's now; `advance` then moves only its own time.
  let now = req.clock.now();
  const model = new SimModel({
    now,
    seed: req.scenario.spec.target.sim.seed,
    topology: topologyOf(req.scenario),
    timeScale: req.scenario.spec.target.sim.timeScale,
  });
  return {
    snapshot: () => model.snapshot(),
    play: {
      apply: (op) => void model.apply(op),
      advance: (ms) => model.advance((now += ms)),
    },
  };
}

/** A target for `gameday rollback`: the one a journal names. */
export async function attachTarget(req: {
  kind: TargetKind;
  context?: string;
  simControl?: string;
  clock: Clock;
  log: Logger;
  kube?: KubeRequest;
}): Promise<Target> {
  if (req.kind === 'sim') {
    if (!req.simControl) {
      throw new UsageError(
        'that run used an embedded simulator, whose state ended with its process: nothing is left to revert. ' +
          'For a run against `gameday sim serve`, pass --sim-control <url>.',
      );
    }
    return new RemoteSimTarget(req.simControl, req.clock);
  }
  return kubeTarget(req.kind, req.context, req.kube, req.clock, req.log);
}
