/**
 * A small stand-in for SimModel that the faces' tests drive: a gateway, a
 * frontend calling a backend, one istiod, and DENY policies that turn the
 * backend's answers into 403s. Just enough behaviour to check the faces.
 */
import type { AuthorizationPolicySpec, Operation } from '../../../src/targets/operations.js';
import type { TargetEvent } from '../../../src/targets/port.js';
import type { MeshSnapshot } from '../../../src/targets/views.js';
import type { MeshModel } from '../../../src/targets/sim/mesh-model.js';
import type { HistogramReading, HopOutcome, PilotReading, PodReading, RequestOutcome } from '../../../src/targets/sim/model/readings.js';

const empty = (bounds: number[]): HistogramReading => ({ bounds, counts: bounds.map(() => 0), overflow: 0, sum: 0, count: 0 });

function pod(namespace: string, name: string, deployment: string, role: PodReading['role'], containers: string[]): PodReading {
  return {
    namespace,
    pod: name,
    deployment,
    node: 'sim-worker',
    phase: 'Running',
    ready: true,
    terminating: false,
    revision: role === 'istiod' ? null : '1-24-1',
    role,
    labels: role === 'istiod' ? { app: 'istiod', istio: 'pilot', 'istio.io/rev': '1-24-1' } : { app: deployment },
    containers: containers.map((c) => ({
      namespace,
      pod: name,
      container: c,
      node: 'sim-worker',
      image: c === 'istio-proxy' ? 'docker.io/istio/proxyv2:1.24.1' : `example/${c}:1`,
      restarts: 0,
      lastTerminatedReason: null,
      lastTerminatedExitCode: null,
      waitingReason: null,
      running: true,
      ready: true,
      memoryLimitBytes: c === 'istio-proxy' ? 1024 * 2 ** 20 : null,
      cpuLimitMilli: c === 'istio-proxy' ? 2000 : null,
      memoryWorkingSetBytes: 50 * 2 ** 20,
      cpuUsageMilli: 10,
      cpuThrottledRatio: c === 'istio-proxy' ? 0.1 : 0,
      cpuSecondsTotal: 1.5,
    })),
  };
}

export class FakeMeshModel implements MeshModel {
  private t: number;
  readonly policies: AuthorizationPolicySpec[] = [];
  private readonly listeners = new Set<(e: TargetEvent) => void>();
  istiodRunning = true;
  advances = 0;

  constructor(now = Date.UTC(2026, 0, 1)) {
    this.t = now;
  }

  now(): number {
    return this.t;
  }

  advance(toMs: number): void {
    if (toMs > this.t) this.t = toMs;
    this.advances++;
  }

  apply(op: Operation): { summary: string } {
    if (op.op === 'apply-authorization-policy') {
      this.policies.push(op.policy);
      this.emit({
        at: this.t,
        reason: 'Created',
        object: `authorizationpolicy/${op.policy.namespace}/${op.policy.name}`,
        message: 'created',
      });
      return { summary: `AuthorizationPolicy ${op.policy.namespace}/${op.policy.name} created` };
    }
    if (op.op === 'delete-authorization-policy') {
      const i = this.policies.findIndex((p) => p.namespace === op.namespace && p.name === op.name);
      if (i >= 0) this.policies.splice(i, 1);
      return { summary: `AuthorizationPolicy ${op.namespace}/${op.name} deleted` };
    }
    throw new Error(`fake model cannot ${op.op}`);
  }

  inverse(op: Operation): Operation | null {
    if (op.op === 'apply-authorization-policy')
      return { op: 'delete-authorization-policy', namespace: op.policy.namespace, name: op.policy.name };
    return null;
  }

  snapshot(): MeshSnapshot {
    return {
      at: this.t,
      namespaces: [{ name: 'prod', labels: { 'istio.io/rev': 'stable' }, injectionRevision: '1-24-1' }],
      deployments: [
        {
          namespace: 'prod',
          name: 'frontend',
          replicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
          updatedReplicas: 1,
          strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
          containers: [{ name: 'frontend', image: 'example/frontend:1', memoryLimitBytes: null }],
          labels: { app: 'frontend' },
        },
      ],
      pods: [
        {
          namespace: 'prod',
          name: 'frontend-abc',
          workload: 'frontend',
          node: 'sim-worker',
          phase: 'Running',
          ready: true,
          createdAt: this.t - 90_000,
          containers: [
            {
              name: 'frontend',
              image: 'example/frontend:1',
              status: { state: 'running', startedAt: this.t - 80_000 },
              restartCount: 0,
              memoryLimitBytes: null,
              memoryWorkingSetBytes: 1,
            },
          ],
          labels: { app: 'frontend' },
        },
      ],
      revisions: [
        { revision: '1-24-1', version: '1.24.1', deployment: { namespace: 'istio-system', name: 'istiod-1-24-1' }, readyReplicas: 1 },
      ],
      tags: { stable: '1-24-1' },
      policies: [...this.policies],
      nodes: [{ name: 'sim-worker', images: ['example/frontend:1'], ready: true }],
      proxies: [
        {
          name: 'frontend-abc.prod',
          namespace: 'prod',
          istiod: this.istiodRunning ? 'istiod-1-24-1-xyz' : null,
          revision: '1-24-1',
          version: '1.24.1',
          status: { CDS: 'SYNCED', LDS: 'SYNCED', EDS: 'STALE', RDS: 'SYNCED', ECDS: 'NOT SENT' },
          certExpiresAt: this.t + 3_600_000,
          certIssuedAt: this.t - 23 * 3_600_000,
        },
      ],
      registry: { reachable: true, pullDelayMs: 0 },
      certTtlMs: 86_400_000,
    };
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: TargetEvent): void {
    for (const l of this.listeners) l(e);
  }

  handleRequest(req: { path: string; method: string }): RequestOutcome {
    if (!req.path.startsWith('/')) throw new Error('bad path');
    const denied = this.policies.some((p) => p.action === 'DENY' && p.namespace === 'prod' && !p.dryRun);
    const hop = (src: string, srcNs: string, srcPod: string, dst: string, code: number, latencyMs: number): HopOutcome => ({
      sourceWorkload: src,
      sourceNamespace: srcNs,
      sourcePrincipal: `spiffe://cluster.local/ns/${srcNs}/sa/${src}`,
      sourceApp: src,
      sourceVersion: 'latest',
      sourcePod: srcPod,
      destinationWorkload: dst,
      destinationNamespace: 'prod',
      destinationService: `${dst}.prod.svc.cluster.local`,
      destinationServiceName: dst,
      destinationServiceNamespace: 'prod',
      destinationPrincipal: `spiffe://cluster.local/ns/prod/sa/${dst}`,
      destinationApp: dst,
      destinationVersion: 'latest',
      destinationPod: `${dst}-abc`,
      responseCode: code,
      responseFlags: '-',
      latencyMs,
      mtls: true,
      reporters: ['source', 'destination'],
      dryRunDenied: [],
      deniedBy: code === 403 ? 'prod/deny-all' : null,
    });
    const status = denied ? 403 : 200;
    return {
      at: this.t,
      status,
      body: denied ? 'RBAC: access denied' : 'ok',
      latencyMs: 2,
      route: '/',
      hops: [
        hop('istio-ingressgateway', 'istio-system', 'istio-ingressgateway-1', 'frontend', status, 2),
        ...(denied ? [] : [hop('frontend', 'prod', 'frontend-abc', 'backend', 200, 1)]),
      ],
    };
  }

  pilot(): PilotReading[] {
    return [
      {
        pod: 'istiod-1-24-1-xyz',
        namespace: 'istio-system',
        revision: '1-24-1',
        version: '1.24.1',
        running: this.istiodRunning,
        startedAt: this.t - 60_000,
        xdsConnections: 3,
        pushes: { cds: 4, eds: 10, lds: 4, rds: 4, eds_senderr: 1 },
        pushTime: { eds: { bounds: [0.01, 0.1, 1, 3, 5, 10, 20, 30], counts: [5, 3, 2, 0, 0, 0, 0, 0], overflow: 0, sum: 0.9, count: 10 } },
        convergence: empty([0.1, 0.5, 1, 3, 5, 10, 20, 30]),
        queueTime: empty([0.1, 1, 3, 5, 10, 20, 30]),
        debounceTime: empty([0.01, 0.1, 1, 3, 5, 10]),
        pushTriggers: { endpoint: 3 },
        inboundUpdates: { eds: 3 },
        rejects: {},
        expiredNonce: 0,
        refusedStreams: 0,
        services: 3,
        virtualServices: 0,
        queueLength: 0,
        registryEvents: { 'Pods/add': 4 },
      },
    ];
  }

  istiodMemory(): ReturnType<MeshModel['istiodMemory']> {
    return [
      {
        pod: 'istiod-1-24-1-xyz',
        namespace: 'istio-system',
        revision: '1-24-1',
        version: '1.24.1',
        heapAllocBytes: 100 * 2 ** 20,
        residentBytes: 160 * 2 ** 20,
        workingSetBytes: 150 * 2 ** 20,
        limitBytes: null,
        running: this.istiodRunning,
      },
    ];
  }

  pods(): PodReading[] {
    const istiod = pod('istio-system', 'istiod-1-24-1-xyz', 'istiod-1-24-1', 'istiod', ['discovery']);
    if (!this.istiodRunning) {
      const c = istiod.containers[0]!;
      Object.assign(c, {
        running: false,
        ready: false,
        waitingReason: 'CrashLoopBackOff',
        restarts: 3,
        lastTerminatedReason: 'OOMKilled',
        lastTerminatedExitCode: 137,
      });
      istiod.ready = false;
    }
    return [
      istiod,
      pod('istio-system', 'istio-ingressgateway-1', 'istio-ingressgateway', 'gateway', ['istio-proxy']),
      pod('prod', 'frontend-abc', 'frontend', 'app', ['frontend', 'istio-proxy']),
      pod('prod', 'backend-abc', 'backend', 'app', ['backend', 'istio-proxy']),
    ];
  }

  deployments(): ReturnType<MeshModel['deployments']> {
    return [
      {
        namespace: 'istio-system',
        deployment: 'istiod-1-24-1',
        specReplicas: 1,
        availableReplicas: this.istiodRunning ? 1 : 0,
        readyReplicas: this.istiodRunning ? 1 : 0,
        updatedReplicas: 1,
        replicas: 1,
      },
      {
        namespace: 'prod',
        deployment: 'frontend',
        specReplicas: 1,
        availableReplicas: 1,
        readyReplicas: 1,
        updatedReplicas: 1,
        replicas: 1,
      },
    ];
  }

  /** The one sidecar of snapshot(), counted: EDS STALE (so STALE overall) while istiod is up, absent while it is not. */
  proxyStatusCounts(): ReturnType<MeshModel['proxyStatusCounts']> {
    const n = this.istiodRunning ? 1 : 0;
    const count = (synced: number, stale: number, notSent: number) => ({ synced, stale, notSent });
    const synced = count(n, 0, 0);
    return [
      {
        revision: '1-24-1',
        proxies: 1,
        connected: n,
        byType: { CDS: synced, LDS: { ...synced }, EDS: count(0, n, 0), RDS: { ...synced }, ECDS: count(0, 0, n) },
        overall: count(0, n, 0),
        staleProxies: n,
        expiredCerts: 0,
      },
    ];
  }

  workloadCerts(): ReturnType<MeshModel['workloadCerts']> {
    return [{ namespace: 'prod', pod: 'frontend-abc', issuedAt: this.t - 23 * 3_600_000, expiresAt: this.t + 3_600_000 }];
  }

  ingressRoutes(): ReturnType<MeshModel['ingressRoutes']> {
    return [{ prefix: '/', service: 'prod/frontend' }];
  }
}
