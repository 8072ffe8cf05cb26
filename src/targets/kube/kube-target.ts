/**
 * KubeTarget: the Target port on a Kubernetes cluster, through the API
 * server of one named context. Every Operation becomes the call its comment
 * in operations.ts names; `apply` resolves once a watch shows the change
 * (for Deployments: observed by their controller); `inverse` reads live
 * state; informers on pods and Events feed `onEvent`. The namespaces it is
 * given are the only ones it watches and the only ones it changes.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { TargetError, UsageError } from '../../errors.js';
import { describeOperation, type Confirmation, type Operation } from '../operations.js';
import type { OutsideChange, ReachabilityChange, Target, TargetEndpoints, TargetEvent } from '../port.js';
import { ApiReachability } from './api-reachability.js';
import { retryTransient, type RetryPolicy } from './api-retry.js';
import type { MeshSnapshot } from '../views.js';
import { ChangeInformers } from './change-informers.js';
import { applyDeploymentOp } from './deployment-ops.js';
import { EventInformers } from './event-informers.js';
import {
  applyPolicy,
  deletePolicy,
  installRevision,
  setCertTtl,
  setConfigLoad,
  setNamespaceRevision,
  setTag,
  uninstallRevision,
} from './istio-ops.js';
import { Istioctl } from './istioctl.js';
import { inverseOf } from './inverse.js';
import { apiErrorText, kubeClient, type KubeClient } from './kube-client.js';
import { ISTIO_NAMESPACE } from './mesh-reads.js';
import { type NodeAccess, type RegistryState, registryState, registryView } from './node-access.js';
import { operationNamespaces } from '../operation-scope.js';
import { deletePods } from './pod-ops.js';
import { setProxyConfig } from './proxy-config.js';
import { readSnapshot } from './snapshot.js';
import { ingressUrlOf } from './ingress.js';

export interface KubeTargetOptions {
  kind: 'kind' | 'cluster';
  context: string;
  /** Default: $KUBECONFIG, else ~/.kube/config. */
  kubeconfigPath?: string;
  /** The namespaces this target watches and may change (the allow list). */
  namespaces: readonly string[];
  clock: Clock;
  log: Logger;
  /** Where load is sent; default: the `istio-ingressgateway` Service's load-balancer address. */
  ingressUrl?: string;
  /** istioctl binary (default $GAMEDAY_ISTIOCTL, else on PATH). */
  istioctl?: string;
  /** kind: the nodes' image caches and the registry (docker); absent on existing clusters, where those operations are refused. */
  nodeAccess?: NodeAccess;
  /** How long a mutation waits out an unreachable API server (default api-retry.ts MUTATION_RETRY). */
  retry?: RetryPolicy;
}

export class KubeTarget implements Target {
  readonly kind: 'kind' | 'cluster';
  private client: KubeClient | null = null;
  private informers: EventInformers | null = null;
  private readonly listeners = new Set<(e: TargetEvent) => void>();
  private changes: ChangeInformers | null = null;
  private readonly changeListeners = new Set<(c: OutsideChange) => void>();
  /** Objects (`kind/namespace/name`) the harness is deleting: their deletion is not someone else's change. */
  private readonly ownDeletions = new Set<string>();
  private istioctlOps = 0;
  private readonly kubeconfigPath: string;
  /** The registry as this target last set it (a crashed run's rollback assumes it normal: the safe end state). */
  private registry: { state: RegistryState; pullDelayMs: number } = { state: 'reachable', pullDelayMs: 0 };
  private readonly reach: ApiReachability;

  constructor(private readonly opts: KubeTargetOptions) {
    this.kind = opts.kind;
    this.kubeconfigPath = opts.kubeconfigPath ?? process.env.KUBECONFIG?.split(':').find(Boolean) ?? join(homedir(), '.kube', 'config');
    this.reach = new ApiReachability(opts.clock, opts.log);
  }

  private connect(): KubeClient {
    this.client ??= kubeClient({ context: this.opts.context, kubeconfigPath: this.kubeconfigPath });
    return this.client;
  }

  async up(): Promise<TargetEndpoints> {
    const client = this.connect();
    try {
      await client.core.listNamespace({ limit: 1 });
    } catch (err) {
      throw new TargetError(`cannot reach the API server of context ${this.opts.context} (${client.server}): ${apiErrorText(err)}`);
    }
    this.reach.startProbing(client);
    if (!this.informers) {
      const informers = new EventInformers(client, this.watched(), this.opts.clock, (e) => this.forward(e), this.opts.log);
      await informers.start();
      this.informers = informers;
    }
    // Only a session that asked hears of others' changes: the informers cost a watch per kind and namespace.
    if (this.changeListeners.size > 0 && !this.changes) {
      const changes = new ChangeInformers(
        client,
        this.watched(),
        this.opts.clock,
        (c) => this.changeListeners.forEach((l) => l(c)),
        {
          deletedByHarness: (object) => this.ownDeletions.delete(object),
          istioctlRunning: () => this.istioctlOps > 0,
        },
        this.opts.log,
      );
      await changes.start();
      this.changes = changes;
    }
    const ingressUrl = this.opts.ingressUrl ?? (await ingressUrlOf(client));
    return { ingressUrl, scrape: { kind: 'kubernetes', kubeconfigPath: this.kubeconfigPath, context: this.opts.context }, timeScale: 1 };
  }

  async down(): Promise<void> {
    this.reach.stopProbing();
    await Promise.all([this.informers?.stop(), this.changes?.stop()]);
    this.informers = null;
    this.changes = null;
  }

  inverse(op: Operation): Promise<Operation | null> {
    this.inScope(op);
    if (op.op === 'set-registry') {
      const r = registryView(this.registry.state, this.registry.pullDelayMs);
      return Promise.resolve({ op: 'set-registry', reachable: r.reachable, pullDelayMs: r.pullDelayMs });
    }
    return this.retried(`read state for ${describeOperation(op)}`, () => inverseOf(this.connect(), op));
  }

  /** Performs `op`, trying again while the API server does not answer (api-retry.ts says why that is safe). */
  apply(op: Operation): Promise<Confirmation> {
    this.inScope(op);
    return this.retried(describeOperation(op), () => this.applyOnce(op));
  }

  onReachability(listener: (c: ReachabilityChange) => void): () => void {
    return this.reach.on(listener);
  }

  private retried<T>(what: string, call: () => Promise<T>): Promise<T> {
    return retryTransient(what, call, {
      clock: this.opts.clock,
      log: this.opts.log,
      policy: this.opts.retry,
      onTransient: (f, since) => this.reach.failed(f, since),
      onAnswer: (at) => this.reach.answered(at),
    });
  }

  private async applyOnce(op: Operation): Promise<Confirmation> {
    const client = this.connect();
    let summary = describeOperation(op);
    switch (op.op) {
      case 'set-memory-limit':
      case 'set-rollout-strategy':
      case 'scale':
      case 'rollout-restart':
      case 'set-image':
        await applyDeploymentOp(client, op);
        break;
      case 'delete-pods':
        summary = `deleted pod(s) ${(
          await deletePods(client, await this.running(), op, (name) => this.ownDeletions.add(`pod/${op.namespace}/${name}`))
        ).join(', ')} in ${op.namespace}`;
        break;
      case 'apply-authorization-policy':
        await applyPolicy(client, op.policy);
        break;
      case 'delete-authorization-policy':
        this.ownDeletions.add(`authorizationpolicy/${op.namespace}/${op.name}`);
        await deletePolicy(client, op.namespace, op.name);
        break;
      case 'evict-image':
      case 'set-registry':
        if (this.opts.nodeAccess) {
          await this.nodeOperation(this.opts.nodeAccess, op);
          break;
        }
        throw new TargetError(
          `${op.op} needs access to the nodes' container runtime and the registry, which the Kubernetes API does not give: it runs on kind (docker exec) and on the simulator, not on an existing cluster`,
          op.op,
        );
      case 'install-revision':
        await this.withIstioctl(() => installRevision(client, this.istioctl(), op));
        break;
      case 'uninstall-revision':
        await this.withIstioctl(() => uninstallRevision(client, this.istioctl(), op.revision));
        break;
      case 'set-revision-tag':
        await this.withIstioctl(() => setTag(client, this.istioctl(), op.tag, op.revision));
        break;
      case 'remove-revision-tag':
        await this.withIstioctl(() => setTag(client, this.istioctl(), op.tag, null));
        break;
      case 'set-namespace-revision':
        await setNamespaceRevision(client, op);
        break;
      case 'set-proxy-config':
        await setProxyConfig(client, op);
        break;
      case 'set-cert-ttl':
        await setCertTtl(client, op.ttlMs);
        break;
      case 'set-config-load':
        await setConfigLoad(client, op.namespace, op.serviceEntries);
        break;
    }
    return { at: this.opts.clock.now(), summary };
  }

  async snapshot(): Promise<MeshSnapshot> {
    const informers = this.informers;
    // A read: safe to try again while the API server does not answer, like the mutations it precedes.
    const mesh = await this.retried('read the mesh state', () =>
      readSnapshot(this.connect(), this.watched(), this.opts.clock, (ns) => informers?.pods(ns)),
    );
    return { ...mesh, registry: registryView(this.registry.state, this.registry.pullDelayMs) };
  }

  /** Docker reports done when it is done: that is the confirmation (kubelets report their image lists only every few seconds). */
  private async nodeOperation(nodes: NodeAccess, op: Extract<Operation, { op: 'evict-image' | 'set-registry' }>): Promise<void> {
    if (op.op === 'set-registry') {
      const state = registryState(op);
      await nodes.setRegistry(state);
      this.registry = { state, pullDelayMs: op.pullDelayMs };
      return;
    }
    const names = op.nodes?.length ? op.nodes : (await this.connect().core.listNode()).items.map((n) => n.metadata!.name!);
    for (const node of names) await nodes.evictImage(node, op.image);
  }

  /** Heard from the next `up` on: subscribe before the target comes up. */
  onOutsideChange(listener: (c: OutsideChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** istioctl writes as itself, not as FIELD_MANAGER: while it runs for us, what changes in istiod's namespace is ours. */
  private async withIstioctl(run: () => Promise<void>): Promise<void> {
    this.istioctlOps++;
    try {
      await run();
    } finally {
      this.istioctlOps--;
    }
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** istiod's namespace is always watched: its events are what the control-plane faults are about. */
  private watched(): string[] {
    return [...new Set([ISTIO_NAMESPACE, ...this.opts.namespaces])];
  }

  private async running(): Promise<EventInformers> {
    if (!this.informers) await this.up();
    return this.informers!;
  }

  private istioctl(): Istioctl {
    return new Istioctl({ binary: this.opts.istioctl, context: this.opts.context, kubeconfigPath: this.kubeconfigPath });
  }

  /** A second line of defence behind the guard: never act outside the allowed namespaces. */
  private inScope(op: Operation): void {
    const allowed = new Set(this.opts.namespaces);
    const outside = operationNamespaces(op).filter((ns) => !allowed.has(ns));
    if (outside.length > 0)
      throw new UsageError(`${describeOperation(op)}: namespace ${outside.join(', ')} is not on the namespace allow list`);
  }

  private forward(e: TargetEvent): void {
    for (const l of this.listeners) l(e);
  }
}
