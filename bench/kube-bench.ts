/**
 * The kube adapter on the local testbed (real API server, controllers and
 * kwok's fake kubelet), driven by the pod-churn fault exactly as a run drives
 * it (journal first, each deletion confirmed by the pod watch):
 *  - informer lag: from sending a pod's DELETE to the timeline event the
 *    target emits when its pod informer sees the pod going, over a storm of
 *    500 deletions at 50/s (goal: p99 < 500 ms);
 *  - achieved churn rate: confirmed deletions per second over the storm,
 *    against the requested 50/s (goal: within 5%).
 */
import { WallClock } from '../src/clock.js';
import { faultFor } from '../src/faults/registry.js';
import { silentLogger } from '../src/log.js';
import { median } from '../src/measure/impact.js';
import { percentile } from '../src/observe/load/sli-series.js';
import { KubeTarget } from '../src/targets/kube/kube-target.js';
import type { Operation } from '../src/targets/operations.js';
import { applyDemo } from '../test/support/kube-demo.js';
import { faultHarness } from '../test/support/kube-fault-context.js';
import { startTestbed } from '../test/support/testbed.js';

const DELETIONS = 500;
const RATE = 50;

export interface KubeBenchFigures {
  deletions: number;
  'requested rate (/s)': number;
  'achieved rate (/s)': number;
  'achieved / requested': string;
  'informer lag median (ms)': number;
  'informer lag p99 (ms)': number;
  'events without a send time': number;
}

export async function runKubeBench(): Promise<KubeBenchFigures> {
  const tb = await startTestbed();
  const clock = new WallClock();
  try {
    // Enough pods that a storm of 50/s never runs out while ReplicaSets replace them.
    const workloads = ['a', 'b', 'c', 'd'].map((n) => ({ namespace: 'churn', name: `churn-${n}`, replicas: 40 }));
    await applyDemo(tb.kubeConfig(), { workloads });
    const target = new KubeTarget({
      kind: 'cluster',
      context: tb.context,
      kubeconfigPath: tb.kubeconfigPath,
      namespaces: ['churn'],
      clock,
      log: silentLogger(),
      ingressUrl: 'http://127.0.0.1:9',
    });
    const sent = new Map<string, number>();
    const lags: number[] = [];
    let unmatched = 0;
    target.onEvent((e) => {
      if (e.reason !== 'Killing') return;
      const at = sent.get(e.object);
      if (at === undefined) unmatched++;
      else lags.push(e.at - at);
    });
    await target.up();
    const h = faultHarness(target, 'pod-churn');
    let confirmed = 0;
    let first = 0;
    let last = 0;
    // The run's target, seen by the fault: stamps each DELETE as it is sent, counts confirmations.
    const apply = target.apply.bind(target);
    target.apply = async (op: Operation) => {
      if (op.op === 'delete-pods') for (const n of op.names ?? []) sent.set(`pod/${op.namespace}/${n}`, clock.now());
      const c = await apply(op);
      if (op.op === 'delete-pods' && confirmed < DELETIONS) {
        first ||= c.at;
        last = c.at;
        if (++confirmed === DELETIONS) h.stop();
      }
      return c;
    };
    const params = { type: 'pod-churn' as const, namespaces: ['churn'], eventsPerSecond: RATE, mix: { delete: 1, restart: 0, scale: 0 } };
    const fault = faultFor('pod-churn');
    const started = clock.now();
    const result = await fault.inject(params, h.ctx);
    await result.background;
    await fault.revert(params, h.ctx);
    await target.down();
    // The first confirmation is t_inject; the storm's time is from the first send to the last confirmation.
    const seconds = (last - Math.min(started, first)) / 1000;
    const achieved = (confirmed - 1) / seconds;
    const sorted = [...lags].sort((a, b) => a - b);
    return {
      deletions: confirmed,
      'requested rate (/s)': RATE,
      'achieved rate (/s)': Math.round(achieved * 10) / 10,
      'achieved / requested': `${((achieved / RATE) * 100).toFixed(1)}%`,
      'informer lag median (ms)': Math.round(median(sorted)),
      'informer lag p99 (ms)': Math.round(percentile(sorted, 0.99) ?? NaN),
      'events without a send time': unmatched,
    };
  } finally {
    await tb.stop();
  }
}
