/** Bench topologies: the default mesh scaled up, and a production-shaped mesh of many namespaces and services. */
import { defaultTopology } from '../src/targets/sim/model/topology.js';
import type { TopologySpec, WorkloadSpec } from '../src/targets/sim/model/topology-spec.js';

/** About 110 pods per node, the kubelet's default maximum. */
function nodesFor(pods: number): TopologySpec['nodes'] {
  return Array.from({ length: Math.ceil(pods / 110) }, (_, i) => ({ name: `gameday-worker${i + 1}` }));
}

/** The default topology scaled to about `pods` application pods, spread over proportionally more nodes. */
export function scaledTopology(pods: number): TopologySpec {
  const base = defaultTopology();
  const perWorkload = Math.max(1, Math.round(pods / base.workloads.length));
  return { ...base, workloads: base.workloads.map((w) => ({ ...w, replicas: perWorkload })), nodes: nodesFor(pods) };
}

/**
 * A production-shaped mesh: `namespaces` team namespaces of `servicesPerNamespace`
 * services each, about `pods` application pods in all. In each namespace the
 * first service calls the second and third, and each of those the service
 * three further on (a request walks five services, three deep, as a
 * typical API call does); the rest stand alone. Every namespace has its own
 * ingress route, `/` going to the first.
 */
export function productionTopology(pods: number, namespaces = 50, servicesPerNamespace = 6): TopologySpec {
  const base = defaultTopology();
  const ns = (i: number): string => `team-${String(i + 1).padStart(2, '0')}`;
  const svc = (i: number, j: number): string => `${ns(i)}/svc-${j + 1}`;
  const replicas = Math.max(1, Math.round(pods / (namespaces * servicesPerNamespace)));
  const callsOf = (i: number, j: number): string[] => {
    const targets = j === 0 ? [1, 2] : j === 1 || j === 2 ? [j + 3] : [];
    return targets.filter((t) => t < servicesPerNamespace).map((t) => svc(i, t));
  };
  const workloads: WorkloadSpec[] = [];
  for (let i = 0; i < namespaces; i++) {
    for (let j = 0; j < servicesPerNamespace; j++) {
      workloads.push({ namespace: ns(i), name: `svc-${j + 1}`, replicas, serviceAccount: `svc-${j + 1}-sa`, calls: callsOf(i, j), baseLatencyMs: 2 });
    }
  }
  return {
    ...base,
    // A mesh this size runs several istiod replicas: one alone needs minutes to accept 10,000 streams at its new-stream rate limit.
    revisions: base.revisions.map((r) => ({ ...r, replicas: Math.max(1, Math.ceil(pods / 3000)) })),
    namespaces: [{ name: 'istio-system' }, ...Array.from({ length: namespaces }, (_, i) => ({ name: ns(i), labels: { 'istio.io/rev': 'stable' } }))],
    workloads,
    nodes: nodesFor(pods),
    routes: Array.from({ length: namespaces }, (_, i) => ({ prefix: i === 0 ? '/' : `/${ns(i)}/`, service: svc(i, 0) })),
  };
}
