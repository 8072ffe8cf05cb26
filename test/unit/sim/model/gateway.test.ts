import { expect } from 'chai';
import type { WorkloadRef } from '../../../../src/targets/operations.js';
import { get, newModel, podsOf, run } from './support.js';

const GATEWAY: WorkloadRef = { namespace: 'istio-system', name: 'istio-ingressgateway' };

const readyGatewayPods = (m: ReturnType<typeof newModel>): string[] =>
  podsOf(m, GATEWAY.namespace, GATEWAY.name)
    .filter((p) => p.ready && !p.terminating)
    .map((p) => p.pod)
    .sort();

/** The gateway pods the first hop of `n` requests came from. */
function entered(m: ReturnType<typeof newModel>, n = 200): string[] {
  const pods = new Set<string>();
  for (let i = 0; i < n; i++) {
    const first = get(m).hops[0];
    if (first) pods.add(first.sourcePod);
  }
  return [...pods].sort();
}

describe('sim model: the ingress gateway', () => {
  it('requests enter through the ready gateway pods only, through a scale-up, a rolling restart and a scale to zero', () => {
    const m = newModel();
    run(m, 60_000);
    m.apply({ op: 'scale', workload: GATEWAY, replicas: 2 });
    run(m, 60_000);
    const two = readyGatewayPods(m);
    expect(two).to.have.length(2);
    expect(entered(m)).to.deep.equal(two);

    m.apply({ op: 'rollout-restart', workload: GATEWAY });
    run(m, 180_000);
    const restarted = readyGatewayPods(m);
    expect(restarted).to.have.length(2);
    expect(restarted.filter((p) => two.includes(p))).to.deep.equal([]);
    expect(entered(m)).to.deep.equal(restarted);

    m.apply({ op: 'scale', workload: GATEWAY, replicas: 0 });
    run(m, 60_000);
    const none = get(m);
    expect(none.status).to.equal(503);
    expect(none.hops).to.deep.equal([]);
  });
});
