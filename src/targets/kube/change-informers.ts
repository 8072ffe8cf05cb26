/**
 * Informers (list + watch) on what a person mitigates with — Deployments,
 * Istio's traffic and security objects, pods — that report every change
 * someone other than the harness made: a trainee's `kubectl scale`, `edit`,
 * `delete`. The harness's own writes carry its field manager (FIELD_MANAGER)
 * or were announced before they were sent (deletions, istioctl), and
 * controllers' work (status, a ReplicaSet removing surplus pods) is not a
 * person's; neither is reported.
 */
import {
  makeInformer,
  type KubernetesListObject,
  type KubernetesObject,
  type ObjectCache,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { OutsideChange } from '../port.js';
import { createdSummary, deploymentChange, istioObjectChange, writersOf, type SpecObject } from './change-summary.js';
import { InformerSet } from './informer-set.js';
import { FIELD_MANAGER, orNull, statusOf, type KubeClient } from './kube-client.js';
import { ISTIO_NAMESPACE } from './mesh-reads.js';

/** The Istio kinds a responder changes to mitigate: who may talk to whom, mTLS, routing, proxy scope. */
const ISTIO_KINDS = [
  { kind: 'authorizationpolicy', group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies' },
  { kind: 'peerauthentication', group: 'security.istio.io', version: 'v1', plural: 'peerauthentications' },
  { kind: 'destinationrule', group: 'networking.istio.io', version: 'v1', plural: 'destinationrules' },
  { kind: 'virtualservice', group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' },
  { kind: 'sidecar', group: 'networking.istio.io', version: 'v1', plural: 'sidecars' },
] as const;

/**
 * Writers that are Kubernetes' own controllers, not a person: the HorizontalPodAutoscaler scales
 * through the scale subresource as kube-controller-manager.
 */
const CONTROLLERS = new Set(['kube-controller-manager']);

/** What the adapter knows of its own writes that managedFields cannot say. */
export interface OwnWrites {
  /** True when the harness deleted this object (`kind/namespace/name`) itself; the expectation is used up. */
  deletedByHarness(object: string): boolean;
  /** True while the harness drives istioctl, whose writes in istiod's namespace carry istioctl's own field manager. */
  istioctlRunning(): boolean;
}

interface Watched<T extends KubernetesObject> {
  kind: string;
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  changed: (before: T, after: T) => string | null;
}

const keyOf = (kind: string, o: KubernetesObject): string => `${kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class ChangeInformers {
  private readonly informers: InformerSet;
  private readonly pods = new Map<string, ObjectCache<V1Pod>>();
  /** The last version of each watched object, to diff the next against (informers hand over only the new one). */
  private readonly last = new Map<string, KubernetesObject>();
  private readonly podsGoing = new Set<string>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespaces: readonly string[],
    private readonly clock: Clock,
    private readonly emit: (c: OutsideChange) => void,
    private readonly own: OwnWrites,
    private readonly log: Logger,
  ) {
    this.informers = new InformerSet(log);
  }

  async start(): Promise<void> {
    const { apps, core, custom } = this.client;
    for (const namespace of this.namespaces) {
      await this.watch<V1Deployment>({
        kind: 'deployment',
        path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
        list: () => apps.listNamespacedDeployment({ namespace }),
        changed: deploymentChange,
      });
      for (const k of ISTIO_KINDS) {
        const list = (): Promise<KubernetesListObject<SpecObject & KubernetesObject>> =>
          custom.listNamespacedCustomObject({ group: k.group, version: k.version, namespace, plural: k.plural }) as Promise<
            KubernetesListObject<SpecObject & KubernetesObject>
          >;
        // A cluster without this kind's CRD has nothing of it to change.
        const present = await list().then(
          () => true,
          (err: unknown) => (statusOf(err) === 404 ? false : Promise.reject(err)),
        );
        if (present)
          await this.watch({
            kind: k.kind,
            path: `/apis/${k.group}/${k.version}/namespaces/${namespace}/${k.plural}`,
            list,
            changed: istioObjectChange,
          });
      }
      const pods = makeInformer<V1Pod>(this.client.kc, `/api/v1/namespaces/${namespace}/pods`, () => core.listNamespacedPod({ namespace }));
      let synced = false;
      pods.on('update', (p) => synced && p.metadata?.deletionTimestamp && this.podGoing(p));
      pods.on('delete', (p) => synced && this.podGoing(p));
      this.pods.set(namespace, pods);
      this.informers.keepAlive(pods, `pods in ${namespace}`);
      await pods.start();
      synced = true;
    }
  }

  stop(): Promise<void> {
    return this.informers.stop();
  }

  private async watch<T extends KubernetesObject>(w: Watched<T>): Promise<void> {
    const informer = makeInformer<T>(this.client.kc, w.path, w.list);
    let synced = false;
    const seen = (o: T): void => {
      const key = keyOf(w.kind, o);
      const before = this.last.get(key) as T | undefined;
      this.last.set(key, o);
      if (!synced) return;
      if (!before) return this.report(w.kind, o, createdSummary(o as SpecObject), writersOf(undefined, o.metadata?.managedFields));
      const what = w.changed(before, o);
      if (what !== null) this.report(w.kind, o, what, writersOf(before.metadata?.managedFields, o.metadata?.managedFields));
    };
    informer.on('add', seen);
    informer.on('update', seen);
    informer.on('delete', (o) => {
      this.last.delete(keyOf(w.kind, o));
      if (synced) this.report(w.kind, o, 'deleted', []);
    });
    this.informers.keepAlive(informer, `${w.kind} objects`);
    await informer.start();
    synced = true;
  }

  /** A pod is going: someone's, unless the harness deleted it or its ReplicaSet is removing it as surplus. */
  private podGoing(p: V1Pod): void {
    const uid = p.metadata?.uid ?? '';
    if (this.podsGoing.has(uid)) return;
    this.podsGoing.add(uid);
    const at = this.clock.now();
    void this.byController(p).then(
      (controller) => controller || this.report('pod', p, 'deleted', [], at),
      (err: unknown) => this.log.warn({ event: 'kube.outside-change-failed', error: String(err) }, 'could not tell who deleted a pod'),
    );
  }

  /**
   * A ReplicaSet deletes only pods beyond its replica count (a scale-down, a rollout's old set), and the
   * garbage collector those whose owner is going; a pod deleted while its set still wanted it was deleted
   * by someone. Its siblings are counted now — the pod watch is ordered, so a replacement is not in the
   * cache yet — and the set is read from the API server, where a scale-down that caused this deletion
   * is already written (the set's own watch may not have delivered it yet).
   */
  private async byController(p: V1Pod): Promise<boolean> {
    const ns = p.metadata?.namespace ?? '';
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller);
    if (!owner) return false;
    if (owner.kind !== 'ReplicaSet') return true;
    const siblings = (this.pods.get(ns)?.list(ns) ?? []).filter(
      (o) =>
        o.metadata?.uid !== p.metadata?.uid &&
        !o.metadata?.deletionTimestamp &&
        o.metadata?.ownerReferences?.some((r) => r.uid === owner.uid),
    ).length;
    const rs = await orNull(this.client.apps.readNamespacedReplicaSet({ namespace: ns, name: owner.name }));
    if (!rs || rs.metadata?.uid !== owner.uid || rs.metadata?.deletionTimestamp) return true;
    return siblings >= (rs.spec?.replicas ?? 1);
  }

  private report(kind: string, o: KubernetesObject, summary: string, writers: string[], at = this.clock.now()): void {
    const object = keyOf(kind, o);
    const deleted = summary === 'deleted';
    if (deleted ? this.own.deletedByHarness(object) : writers.length > 0 && writers.every((w) => w === FIELD_MANAGER || CONTROLLERS.has(w)))
      return;
    if (this.own.istioctlRunning() && o.metadata?.namespace === ISTIO_NAMESPACE) return;
    // A delete leaves no managedFields behind: the API server does not say who sent it.
    const via = writers.filter((w) => w !== FIELD_MANAGER).join(', ') || 'unknown client';
    const what = `${kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}${deleted ? ' deleted' : `: ${summary}`}`;
    this.log.info({ event: 'kube.outside-change', object, via }, `${what} (${via})`);
    this.emit({ at, object, summary: what, via });
  }
}
