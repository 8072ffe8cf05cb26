/**
 * The operations that change a Deployment, each as the patch its comment in
 * operations.ts names, confirmed when the Deployment controller has observed
 * the new generation (watched, not polled). Strategic merge for containers,
 * so one container is changed by name and the others are left alone.
 */
import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { TargetError } from '../../errors.js';
import type { Operation, WorkloadRef } from '../operations.js';
import { FIELD_MANAGER, type KubeClient, orNull } from './kube-client.js';
import { intOrString, memoryBytes, memoryQuantity } from './quantity.js';
import { watchUntil } from './watch-until.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

type DeploymentOp = Extract<Operation, { op: 'set-memory-limit' | 'set-rollout-strategy' | 'scale' | 'rollout-restart' | 'set-image' }>;

export function readDeployment(client: KubeClient, w: WorkloadRef): Promise<V1Deployment | null> {
  return orNull(client.apps.readNamespacedDeployment({ namespace: w.namespace, name: w.name }));
}

const quantityOrNull = (b: number | null): string | null => (b === null ? null : memoryQuantity(b));

/** The request a new limit leaves: the one asked for, else the current one lowered to the limit when above it. */
export function requestFor(op: Extract<Operation, { op: 'set-memory-limit' }>, current: number | null): number | null | undefined {
  if (op.requestBytes !== undefined) return op.requestBytes;
  return op.limitBytes !== null && current !== null && current > op.limitBytes ? op.limitBytes : undefined;
}

/** The patch body of `op` (the rollout restart stamps `now`; `request` is what `requestFor` decided). */
export function deploymentPatch(op: DeploymentOp, now: Date, request?: number | null): object {
  switch (op.op) {
    case 'set-memory-limit': {
      const resources: Record<string, object> = { limits: { memory: quantityOrNull(op.limitBytes) } };
      if (request !== undefined) resources.requests = { memory: quantityOrNull(request) };
      return { spec: { template: { spec: { containers: [{ name: op.container, resources }] } } } };
    }
    case 'set-rollout-strategy':
      return {
        spec: {
          strategy:
            op.strategy.type === 'Recreate'
              ? { type: 'Recreate', rollingUpdate: null }
              : {
                  type: 'RollingUpdate',
                  rollingUpdate: { maxSurge: intOrString(op.strategy.maxSurge), maxUnavailable: intOrString(op.strategy.maxUnavailable) },
                },
        },
      };
    case 'scale':
      return { spec: { replicas: op.replicas } };
    case 'rollout-restart':
      return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } };
    case 'set-image':
      return { spec: { template: { spec: { containers: [{ name: op.container, image: op.image }] } } } };
  }
}

/** Patches the Deployment and waits until its controller observed the change. */
export async function applyDeploymentOp(client: KubeClient, op: DeploymentOp, timeoutMs?: number): Promise<V1Deployment> {
  const w = op.workload;
  const before = await readDeployment(client, w);
  if (!before) throw new TargetError(`deployment ${w.namespace}/${w.name} not found`, op.op);
  if (
    (op.op === 'set-memory-limit' || op.op === 'set-image') &&
    !before.spec?.template.spec?.containers.some((c) => c.name === op.container)
  ) {
    throw new TargetError(`deployment ${w.namespace}/${w.name} has no container ${op.container}`, op.op);
  }
  const container = before.spec?.template.spec?.containers.find((c) => op.op === 'set-memory-limit' && c.name === op.container);
  const body = deploymentPatch(
    op,
    new Date(),
    op.op === 'set-memory-limit' ? requestFor(op, memoryBytes(container?.resources?.requests?.memory as string | undefined)) : undefined,
  );
  await (op.op === 'scale'
    ? // The scale subresource: what `kubectl scale` and an HPA write.
      await client.apps.patchNamespacedDeploymentScale(
        { namespace: w.namespace, name: w.name, body, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
    : await client.apps.patchNamespacedDeployment(
        { namespace: w.namespace, name: w.name, body, fieldManager: FIELD_MANAGER },
        setHeaderOptions(
          'Content-Type',
          op.op === 'set-rollout-strategy' || op.op === 'rollout-restart' ? PatchStrategy.MergePatch : PatchStrategy.StrategicMergePatch,
        ),
      ));
  // Read back rather than trust the response: the scale subresource answers with a Scale, not the Deployment.
  const generation = (await readDeployment(client, w))?.metadata?.generation ?? 0;
  await watchDeployment(
    client,
    w,
    (d) => (d.status?.observedGeneration ?? 0) >= generation,
    `${op.op} ${w.namespace}/${w.name}`,
    timeoutMs,
  );
  return (await readDeployment(client, w))!;
}

export function watchDeployment(
  client: KubeClient,
  w: WorkloadRef,
  done: (d: V1Deployment) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<void> {
  return watchUntil<V1Deployment>(client, {
    path: `/apis/apps/v1/namespaces/${w.namespace}/deployments`,
    name: w.name,
    get: () => client.apps.readNamespacedDeployment({ namespace: w.namespace, name: w.name }),
    done: (d) => d !== null && done(d),
    what,
    timeoutMs,
  });
}
