/** The default topology scaled to about `pods` application pods, spread over proportionally more nodes. */
import { defaultTopology } from '../src/targets/sim/model/topology.js';
import type { TopologySpec } from '../src/targets/sim/model/topology-spec.js';

export function scaledTopology(pods: number): TopologySpec {
  const base = defaultTopology();
  const perWorkload = Math.max(1, Math.round(pods / base.workloads.length));
  return {
    ...base,
    workloads: base.workloads.map((w) => ({ ...w, replicas: perWorkload })),
    // About 110 pods per node, the kubelet's default maximum.
    nodes: Array.from({ length: Math.ceil(pods / 110) }, (_, i) => ({ name: `gameday-worker${i + 1}` })),
  };
}
