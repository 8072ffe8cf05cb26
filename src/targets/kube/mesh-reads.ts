/**
 * Reads of the cluster as the port's views (views.ts): the same
 * MeshSnapshot the simulator gives, so plan, the faults and the reports work
 * unchanged. Revisions are istiod Deployments (label `app=istiod`, revision
 * from `istio.io/rev`); tags are the `istio-revision-tag-<tag>` webhooks.
 */
import type { V1Container, V1Deployment, V1Namespace, V1Node, V1Pod } from '@kubernetes/client-node';
import type { RolloutStrategy } from '../operations.js';
import type { ContainerState, ContainerView, DeploymentView, NamespaceView, NodeView, PodView, RevisionView } from '../views.js';
import { type KubeClient, orNull } from './kube-client.js';
import { CONTROL_PLANE_NAMESPACE } from '../operation-scope.js';
import { intOrStringText, memoryBytes } from './quantity.js';

export const ISTIO_NAMESPACE = CONTROL_PLANE_NAMESPACE;
/**
 * Declared memory working set of a pod, read when the cluster serves no
 * metrics.k8s.io: the testbed's fake kubelet (kwok stage pod-oom-kill) kills a
 * container whose limit is below it, and a team may set it to say what a workload needs.
 */
export const WORKING_SET = 'gameday.istio.io/working-set';
export const WORKING_SET_CONTAINER = 'gameday.istio.io/working-set-container';

const ms = (d: Date | string | undefined): number => (d ? new Date(d).getTime() : 0);

export function strategyOf(d: V1Deployment): RolloutStrategy {
  const s = d.spec?.strategy;
  if (s?.type === 'Recreate') return { type: 'Recreate' };
  return {
    type: 'RollingUpdate',
    maxSurge: intOrStringText(s?.rollingUpdate?.maxSurge as number | string | undefined, '25%'),
    maxUnavailable: intOrStringText(s?.rollingUpdate?.maxUnavailable as number | string | undefined, '25%'),
  };
}

export function containerLimit(c: V1Container | undefined): number | null {
  return memoryBytes(c?.resources?.limits?.memory as string | undefined);
}

export function deploymentView(d: V1Deployment): DeploymentView {
  const failure = d.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    strategy: strategyOf(d),
    containers: (d.spec?.template.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      memoryLimitBytes: containerLimit(c),
    })),
    labels: d.spec?.selector.matchLabels ?? {},
    ...(failure ? { condition: `${failure.reason ?? 'ReplicaFailure'}: ${failure.message ?? ''}` } : {}),
    ...(d.metadata?.creationTimestamp ? { createdAt: ms(d.metadata.creationTimestamp) } : {}),
  };
}

function stateOf(s: NonNullable<V1Pod['status']>['containerStatuses'] extends (infer C)[] | undefined ? C : never): ContainerState {
  if (s.state?.running) return { state: 'running', startedAt: ms(s.state.running.startedAt) };
  if (s.state?.terminated) {
    const r = s.state.terminated.reason;
    return { state: 'terminated', reason: r === 'OOMKilled' || r === 'Completed' ? r : 'Error', exitCode: s.state.terminated.exitCode };
  }
  const w = s.state?.waiting?.reason;
  const known = ['ContainerCreating', 'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'PodInitializing'] as const;
  return { state: 'waiting', reason: (known as readonly string[]).includes(w ?? '') ? (w as (typeof known)[number]) : 'ContainerCreating' };
}

/** `usage` is the working set per container from metrics.k8s.io, when the cluster serves it. */
export function podView(p: V1Pod, owner: string, usage?: Map<string, number>): PodView {
  const ann = p.metadata?.annotations ?? {};
  const declared = memoryBytes(ann[WORKING_SET]);
  const declaredFor = ann[WORKING_SET_CONTAINER] ?? p.spec?.containers[0]?.name;
  const statuses = new Map((p.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const containers: ContainerView[] = (p.spec?.containers ?? []).map((c) => {
    const s = statuses.get(c.name);
    const t = s?.lastState?.terminated;
    const last = t
      ? {
          reason: (t.reason === 'OOMKilled' || t.reason === 'Completed' ? t.reason : 'Error') as 'OOMKilled' | 'Completed' | 'Error',
          exitCode: t.exitCode,
          at: ms(t.finishedAt),
        }
      : undefined;
    return {
      name: c.name,
      image: c.image ?? '',
      status: s ? stateOf(s) : { state: 'waiting', reason: 'ContainerCreating' },
      restartCount: s?.restartCount ?? 0,
      ...(last ? { lastTerminated: last } : {}),
      memoryLimitBytes: containerLimit(c),
      memoryWorkingSetBytes: usage?.get(c.name) ?? (c.name === declaredFor && declared !== null ? declared : 0),
      ...(s ? { ready: s.ready } : {}),
    };
  });
  const phase = p.status?.phase;
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    workload: owner,
    node: p.spec?.nodeName ?? '',
    phase: phase === 'Running' || phase === 'Succeeded' || phase === 'Failed' ? phase : 'Pending',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    createdAt: ms(p.metadata?.creationTimestamp),
    containers,
    // The injector labels the pods it gave a sidecar with the revision that injected them.
    ...(p.metadata?.labels?.['istio.io/rev'] && p.metadata.annotations?.['sidecar.istio.io/status']
      ? { revision: p.metadata.labels['istio.io/rev'] }
      : {}),
    labels: p.metadata?.labels ?? {},
  };
}

/** The Deployment owning a pod, through its ReplicaSet (`<deployment>-<template hash>`). */
export function ownerOf(p: V1Pod): string {
  const rs = p.metadata?.ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
  const hash = p.metadata?.labels?.['pod-template-hash'];
  if (rs && hash && rs.endsWith(`-${hash}`)) return rs.slice(0, -hash.length - 1);
  return rs ?? p.metadata?.ownerReferences?.[0]?.name ?? '';
}

export function revisionOf(d: V1Deployment): string {
  return d.metadata?.labels?.['istio.io/rev'] ?? 'default';
}

export function isIstiod(d: V1Deployment): boolean {
  return d.metadata?.namespace === ISTIO_NAMESPACE && d.metadata?.labels?.app === 'istiod';
}

export function revisionView(d: V1Deployment): RevisionView {
  const image = d.spec?.template.spec?.containers.find((c) => c.name === 'discovery')?.image ?? '';
  return {
    revision: revisionOf(d),
    version: image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : image,
    deployment: { namespace: d.metadata?.namespace ?? '', name: d.metadata?.name ?? '' },
    readyReplicas: d.status?.readyReplicas ?? 0,
  };
}

/** Revision tags → revision, from the tag webhooks istioctl writes. */
export async function readTags(client: KubeClient): Promise<Record<string, string>> {
  const hooks = (await client.admission.listMutatingWebhookConfiguration({ labelSelector: 'istio.io/tag' })).items;
  const tags: Record<string, string> = {};
  for (const h of hooks) {
    const tag = h.metadata?.labels?.['istio.io/tag'];
    const rev = h.metadata?.labels?.['istio.io/rev'];
    if (tag && rev) tags[tag] = rev;
  }
  return tags;
}

export function namespaceView(n: V1Namespace, tags: Record<string, string>, revisions: Set<string>): NamespaceView {
  const labels = n.metadata?.labels ?? {};
  let injection: string | null = null;
  if (labels['istio-injection'] === 'enabled') injection = tags.default ?? (revisions.has('default') ? 'default' : null);
  else if (labels['istio-injection'] !== 'disabled' && labels['istio.io/rev']) {
    const r = labels['istio.io/rev'];
    injection = tags[r] ?? (revisions.has(r) ? r : null);
  }
  return { name: n.metadata?.name ?? '', labels, injectionRevision: injection };
}

export function nodeView(n: V1Node): NodeView {
  return {
    name: n.metadata?.name ?? '',
    images: (n.status?.images ?? []).flatMap((i) => i.names ?? []),
    ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  };
}

/** The istiod Deployment of a revision (`istiod` for the default revision), or null. */
export async function istiod(client: KubeClient, revision: string): Promise<V1Deployment | null> {
  const name = revision === 'default' ? 'istiod' : `istiod-${revision}`;
  return orNull(client.apps.readNamespacedDeployment({ namespace: ISTIO_NAMESPACE, name }));
}
