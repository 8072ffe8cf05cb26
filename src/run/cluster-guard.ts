/**
 * Before anything is changed on a Kubernetes target: plan every fault and
 * responder operation against the cluster's current state, and refuse (exit
 * 2, nothing changed) when one would touch a namespace that is not on the
 * allow list or not labelled for GameDays, or needs node access the cluster
 * does not give.
 */
import { faultFor } from '../faults/registry.js';
import type { Scenario } from '../scenario/types.js';
import { needsNodeAccess, operationNamespaces } from '../targets/operation-scope.js';
import { describeOperation, type Operation } from '../targets/operations.js';
import type { Target } from '../targets/port.js';
import { guardNamespaces } from './guard.js';

/** Namespaces a fault names in its params (a churn storm's operations are only generated while it runs). */
function paramNamespaces(params: object): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (k === 'namespace' && typeof v === 'string') out.push(v);
    if ((k === 'namespaces' || k === 'canaryNamespaces') && Array.isArray(v))
      out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return out;
}

export async function guardScenarioOnCluster(scenario: Scenario, target: Target, allowedNamespaces: readonly string[]): Promise<void> {
  if (target.kind === 'sim') return;
  const mesh = await target.snapshot();
  const labels = new Map(mesh.namespaces.map((n) => [n.name, n.labels]));
  const ops: Operation[] = scenario.spec.recovery.actions.flatMap((a) => (a.action.kind === 'operation' ? [a.action.operation] : []));
  const touched = [...scenario.spec.faults.flatMap((f) => paramNamespaces(f.params)), ...ops.flatMap(operationNamespaces)];
  const nodeFaults = scenario.spec.faults.filter((f) => faultFor(f.type).nodeAccess).map((f) => `fault ${f.name} (${f.type})`);
  const check = (nodeOperations: Operation[]): void =>
    guardNamespaces({
      target: target.kind,
      touched,
      allowed: allowedNamespaces,
      labels,
      nodeOperations: [...nodeFaults, ...nodeOperations.map(describeOperation)],
    });
  // What the scenario names first: a fault's plan reads only allowed namespaces and would fail less clearly.
  check(ops.filter(needsNodeAccess));
  for (const f of scenario.spec.faults) for (const s of faultFor(f.type).plan(f.params, mesh)) if (s.operation) ops.push(s.operation);
  touched.push(...ops.flatMap(operationNamespaces));
  check(ops.filter(needsNodeAccess));
}
