/**
 * Informers (list + watch) on pods and core/v1 Events in the watched
 * namespaces, turned into TargetEvents as they arrive: OOMKilled from a
 * container's last state, Killing when a pod starts going away, and the
 * kubelet's and controllers' own Events (BackOff, ErrImagePull, Failed,
 * FailedCreate, Pulled…). The pod cache also confirms deletions for `apply`.
 */
import { makeInformer, type CoreV1Event, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { TargetEvent } from '../port.js';
import { InformerSet } from './informer-set.js';
import type { KubeClient } from './kube-client.js';

/** Normal-type Events worth a timeline entry; every Warning is one. */
const NORMAL_REASONS = new Set(['Pulled', 'Killing', 'BackOff']);

type Listener = (e: TargetEvent) => void;

export class EventInformers {
  private readonly informers: InformerSet;
  private readonly podCaches = new Map<string, ObjectCache<V1Pod>>();
  private readonly restarts = new Map<string, number>();
  private readonly going = new Set<string>();
  private readonly podWaiters = new Set<{ key: string; resolve: () => void }>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespaces: readonly string[],
    private readonly clock: Clock,
    private readonly emit: Listener,
    log: Logger,
  ) {
    this.informers = new InformerSet(log);
  }

  async start(): Promise<void> {
    for (const ns of this.namespaces) {
      const pods = makeInformer<V1Pod>(this.client.kc, `/api/v1/namespaces/${ns}/pods`, () =>
        this.client.core.listNamespacedPod({ namespace: ns }),
      );
      const seen = (p: V1Pod): void => this.pod(p);
      pods.on('add', seen);
      pods.on('update', seen);
      pods.on('delete', (p) => this.gone(p));
      this.informers.keepAlive(pods, `pods in ${ns}`);
      this.podCaches.set(ns, pods);
      const events = makeInformer<CoreV1Event>(this.client.kc, `/api/v1/namespaces/${ns}/events`, () =>
        this.client.core.listNamespacedEvent({ namespace: ns }),
      );
      let synced = false;
      const event = (e: CoreV1Event): void => {
        if (synced) this.event(e);
      };
      events.on('add', event);
      events.on('update', event);
      this.informers.keepAlive(events, `events in ${ns}`);
      await pods.start();
      await events.start();
      // Events listed at start are history from before this run.
      synced = true;
    }
  }

  stop(): Promise<void> {
    return this.informers.stop();
  }

  /** Pods of a namespace as the informer last saw them (undefined: not watched). */
  pods(namespace: string): readonly V1Pod[] | undefined {
    return this.podCaches.get(namespace)?.list(namespace);
  }

  /** Resolves once the informer has seen the pod being deleted (deletionTimestamp set) or gone. */
  podGoing(namespace: string, name: string, uid: string | undefined, signal?: AbortSignal): Promise<void> {
    const key = `${namespace}/${name}/${uid ?? ''}`;
    const cached = this.podCaches.get(namespace)?.get(name, namespace);
    if (this.going.has(key) || !cached || (uid && cached.metadata?.uid !== uid) || cached.metadata?.deletionTimestamp)
      return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { key, resolve };
      this.podWaiters.add(w);
      signal?.addEventListener('abort', () => {
        this.podWaiters.delete(w);
        reject(signal.reason);
      });
    });
  }

  private pod(p: V1Pod): void {
    const ns = p.metadata?.namespace ?? '';
    const name = p.metadata?.name ?? '';
    const uid = p.metadata?.uid ?? '';
    if (p.metadata?.deletionTimestamp) this.markGoing(ns, name, uid);
    for (const c of p.status?.containerStatuses ?? []) {
      const key = `${uid}/${c.name}`;
      const before = this.restarts.get(key);
      this.restarts.set(key, c.restartCount);
      const t = c.lastState?.terminated;
      if (before !== undefined && c.restartCount > before && t?.reason === 'OOMKilled') {
        this.emit({
          at: this.clock.now(),
          reason: 'OOMKilled',
          object: `pod/${ns}/${name}`,
          message: `container ${c.name} OOMKilled (exit ${t.exitCode}), restart ${c.restartCount}`,
        });
      }
    }
  }

  private gone(p: V1Pod): void {
    const uid = p.metadata?.uid ?? '';
    this.markGoing(p.metadata?.namespace ?? '', p.metadata?.name ?? '', uid);
    // Gone from the cache too, so nothing needs the key any more.
    this.going.delete(`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}/${uid}`);
    for (const c of p.status?.containerStatuses ?? []) this.restarts.delete(`${uid}/${c.name}`);
  }

  private markGoing(ns: string, name: string, uid: string): void {
    const key = `${ns}/${name}/${uid}`;
    if (this.going.has(key)) return;
    this.going.add(key);
    // Our own record of the deletion: kwok's fake kubelet sends no Killing event, a real kubelet does (deduplicated below).
    this.emit({
      at: this.clock.now(),
      reason: 'Killing',
      object: `pod/${ns}/${name}`,
      message: 'pod is being deleted; its containers are stopped',
    });
    for (const w of [...this.podWaiters]) {
      if (w.key === key || w.key === `${ns}/${name}/`) {
        this.podWaiters.delete(w);
        w.resolve();
      }
    }
  }

  private event(e: CoreV1Event): void {
    const reason = e.reason ?? '';
    if (e.type !== 'Warning' && !NORMAL_REASONS.has(reason)) return;
    const o = e.involvedObject;
    const object = `${(o.kind ?? '').toLowerCase()}/${o.namespace ?? e.metadata.namespace ?? ''}/${o.name ?? ''}`;
    if (reason === 'Killing' && o.kind === 'Pod') return;
    this.emit({ at: this.clock.now(), reason, object, message: (e.message ?? '').trim() });
  }
}
