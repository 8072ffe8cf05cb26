/**
 * istiod-oom: istiod killed by the kernel for exceeding its memory limit,
 * the article's "OOM-killed istiod = mesh config freeze".
 *
 * On a real cluster (revision R, Deployment istio-system/istiod[-R]):
 *  1. `kubectl -n istio-system patch deploy istiod-R --type merge -p
 *     '{"spec":{"strategy":{"type":"Recreate"}}}'` — or RollingUpdate with
 *     maxSurge 0 / maxUnavailable 1. The chart's default (maxSurge 100%,
 *     maxUnavailable 25% → 0 for one replica) would start a new pod that
 *     OOM-loops while the old one keeps serving: no outage (docs/istio.md#istiod-chart-defaults).
 *  2. `kubectl set resources deploy istiod-R -c discovery --limits=memory=<L>`
 *     with L = belowWorkingSet × the current working set (or the given limit).
 *     The serving pod is replaced; the new one is OOMKilled (exit 137) once
 *     its heap passes L and goes into CrashLoopBackOff.
 *  3. Optional extra demand: `kubectl scale` of injected workloads by
 *     `extraProxies` pods in total — more connected proxies, more istiod memory;
 *     and `extraConfigObjects` generated ServiceEntries in istiod's namespace —
 *     more config held and pushed to every proxy.
 * Revert: limit, strategy and replica counts back (journal). Alerts that
 * should catch it: IstiodOOMKilled, IstiodCrashLooping, IstiodUnavailable,
 * IstiodMemoryHigh (before the kill), then ProxiesStale.
 *
 */
import { UsageError } from '../errors.js';
import type { IstiodOomParams } from '../scenario/types.js';
import { formatBytes, type Operation, type RolloutStrategy } from '../targets/operations.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { deployment, discoveryContainer, injectedWorkloads, istiodWorkingSet, ref, resolveRevision } from './mesh-queries.js';
import { plannedFault, step } from './steps.js';

type Params = { type: 'istiod-oom' } & IstiodOomParams;

const MiB = 2 ** 20;

export const STRATEGIES: Record<IstiodOomParams['strategy'], RolloutStrategy> = {
  Recreate: { type: 'Recreate' },
  maxUnavailable: { type: 'RollingUpdate', maxSurge: '0', maxUnavailable: '1' },
};

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const rev = resolveRevision(mesh, p.revision);
  const d = deployment(mesh, rev.deployment);
  const container = discoveryContainer(d);
  const out: PlannedStep[] = [
    step({ op: 'set-rollout-strategy', workload: ref(d), strategy: STRATEGIES[p.strategy] }, 0, 'so the rollout replaces the serving pod'),
  ];
  const limit = p.memoryLimitBytes ?? limitBelowWorkingSet(mesh, p.belowWorkingSet, d);
  if (limit !== null) {
    const why =
      p.memoryLimitBytes === undefined ? `${p.belowWorkingSet} × working set ${formatBytes(istiodWorkingSet(mesh, d))}` : undefined;
    out.push(step({ op: 'set-memory-limit', workload: ref(d), container: container.name, limitBytes: limit }, 0, why));
  }
  out.push(...extraProxies(mesh, rev.revision, p.extraProxies));
  if (p.extraConfigObjects > 0) {
    // Generated ServiceEntries in istiod's own namespace: config every proxy receives and istiod holds in memory.
    out.push(
      step(
        { op: 'set-config-load', namespace: d.namespace, serviceEntries: p.extraConfigObjects },
        0,
        'more config for istiod to hold and push',
      ),
    );
  }
  if (limit === null && p.extraProxies === 0 && p.extraConfigObjects === 0)
    throw new UsageError('istiod-oom: nothing to do (no limit, no extra demand)');
  return out;
}

function limitBelowWorkingSet(mesh: MeshSnapshot, factor: number, d: ReturnType<typeof deployment>): number | null {
  const ws = istiodWorkingSet(mesh, d);
  if (ws === 0)
    throw new UsageError(`istiod-oom: no running ${d.namespace}/${d.name} pod to measure a working set from; give memoryLimitBytes`);
  if (factor <= 0) return null;
  // Whole MiB, as a person would write it in a manifest.
  return Math.max(MiB, Math.floor((ws * factor) / MiB) * MiB);
}

/** Spreads `n` more pods over the revision's injected workloads, one at a time, largest first. */
function extraProxies(mesh: MeshSnapshot, revision: string, n: number): PlannedStep[] {
  if (n <= 0) return [];
  const workloads = injectedWorkloads(mesh, revision).filter((d) => d.replicas > 0);
  if (workloads.length === 0) throw new UsageError(`istiod-oom: no injected workload of revision ${revision} to scale for extraProxies`);
  const add = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const d = workloads[i % workloads.length]!;
    add.set(`${d.namespace}/${d.name}`, (add.get(`${d.namespace}/${d.name}`) ?? 0) + 1);
  }
  return workloads
    .filter((d) => add.has(`${d.namespace}/${d.name}`))
    .map((d) => {
      const op: Operation = { op: 'scale', workload: ref(d), replicas: d.replicas + add.get(`${d.namespace}/${d.name}`)! };
      return step(op, 0, 'more proxies connected to istiod');
    });
}

export const istiodOom: Fault<Params> = plannedFault<Params>(
  'istiod-oom',
  'istiod is OOMKilled and crash-loops: the mesh config freezes',
  steps,
);
