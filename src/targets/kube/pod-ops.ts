/**
 * `delete-pods`: DELETE of named pods, or of `count` pods picked by label
 * selector (oldest first, skipping pods already terminating). Each deletion
 * is confirmed when the pod informer sees the pod terminating or gone — the
 * same watch stream the timeline's events come from.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { TargetError } from '../../errors.js';
import type { Operation } from '../operations.js';
import type { EventInformers } from './event-informers.js';
import { type KubeClient, statusOf } from './kube-client.js';

const CONFIRM_MS = 30_000;

type DeletePods = Extract<Operation, { op: 'delete-pods' }>;

function selectorText(s: Record<string, string>): string {
  return Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function pick(client: KubeClient, op: DeletePods): Promise<string[]> {
  if (op.names) return op.names;
  const pods = (
    await client.core.listNamespacedPod({ namespace: op.namespace, ...(op.selector ? { labelSelector: selectorText(op.selector) } : {}) })
  ).items;
  const live = pods
    .filter((p) => !p.metadata?.deletionTimestamp)
    .sort(
      (a, b) =>
        new Date(a.metadata?.creationTimestamp ?? 0).getTime() - new Date(b.metadata?.creationTimestamp ?? 0).getTime() ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  return live.slice(0, op.count ?? live.length).map((p) => p.metadata!.name!);
}

/** Deletes the pods and resolves with their names once the informer saw each go; `announce` hears each name before its DELETE is sent. */
export async function deletePods(
  client: KubeClient,
  informers: EventInformers,
  op: DeletePods,
  announce: (name: string) => void = () => {},
): Promise<string[]> {
  const names = await pick(client, op);
  if (names.length === 0)
    throw new TargetError(
      `no pod to delete in ${op.namespace}${op.selector ? ` matching ${selectorText(op.selector)}` : ''}`,
      'delete-pods',
    );
  await Promise.all(
    names.map(async (name) => {
      let pod: V1Pod;
      announce(name);
      try {
        pod = await client.core.deleteNamespacedPod({ namespace: op.namespace, name });
      } catch (err) {
        if (statusOf(err) === 404) throw new TargetError(`pod ${op.namespace}/${name} not found`, 'delete-pods');
        throw err;
      }
      await informers.podGoing(op.namespace, name, pod.metadata?.uid, AbortSignal.timeout(CONFIRM_MS)).catch(() => {
        throw new TargetError(`deletion of pod ${op.namespace}/${name} not seen by the pod watch within ${CONFIRM_MS} ms`, 'delete-pods');
      });
    }),
  );
  return names;
}
