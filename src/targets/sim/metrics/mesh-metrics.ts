/**
 * Every scrape target of the simulated cluster and the exposition of each,
 * rendered from the model when scraped. An istiod pod that exists but is not
 * running keeps its target and fails the scrape, so `up` goes to 0 as it
 * does when a pod's port refuses connections; a deleted pod's target goes.
 */
import { Exposition } from '../exposition.js';
import type { MeshModel } from '../mesh-model.js';
import type { ModelTime } from '../model-time.js';
import type { RequestMetrics } from '../request-metrics.js';
import { CadvisorMetrics, readingsSource, type PodSource } from './cadvisor-metrics.js';
import { renderIstiod } from './istiod-metrics.js';
import { KubeStateMetrics, type VersionedPods } from './kube-state-metrics.js';
import { MeshStatusMetrics } from './mesh-status-metrics.js';
import {
  CADVISOR_JOB,
  ENVOY_STATS_JOB,
  GAMEDAY_JOB,
  ISTIOD_JOB,
  KUBE_STATE_JOB,
  istiodMetricsPath,
  jobMetricsPath,
  type ScrapeTarget,
} from './scrape-jobs.js';

export type ScrapeResult = { status: 200; body: string } | { status: 404 | 503; body: string };

/**
 * The same, with the exposition as the pieces of bytes the listener sends
 * one after another. `sent` is to be called once they have been written out
 * or dropped: until then the renderers leave the buffers the pieces lie in
 * alone (see Exposition.recycle).
 */
export type ScrapeChunks = { status: 200 | 404 | 503; chunks: Buffer[]; sent: () => void };

export type MetricsModel = Pick<
  MeshModel,
  'now' | 'pods' | 'deployments' | 'pilot' | 'istiodMemory' | 'proxyStatusCounts' | 'workloadCerts' | 'podVersions' | 'podsByKey' | 'containerUsage'
>;

/** Whether the model says which pods changed (SimModel does; a small fake need not). */
function isVersioned(m: MetricsModel): m is MetricsModel & VersionedPods & Pick<PodSource, 'containerUsage'> {
  return typeof m.podVersions === 'function' && typeof m.podsByKey === 'function' && typeof m.containerUsage === 'function';
}

export class MeshMetrics {
  private readonly cadvisor = new CadvisorMetrics();
  private readonly kubeState = new KubeStateMetrics();
  private readonly meshStatus = new MeshStatusMetrics();
  /** Per metrics path, how many of its scrapes are still being sent. */
  private readonly sendingByPath = new Map<string, number>();
  /** One function for the run: the exporter's cache holds wall instants made by it. */
  private readonly toWall = (modelMs: number): number => this.time.toWall(modelMs);

  constructor(
    private readonly model: MetricsModel,
    private readonly time: ModelTime,
    private readonly requests: RequestMetrics,
  ) {}

  targets(): ScrapeTarget[] {
    const targets: ScrapeTarget[] = [];
    for (const p of this.model.pods('istiod')) {
      // A model may hand back every pod (a test fake does): the role decides.
      if (p.role !== 'istiod') continue;
      targets.push({
        job: ISTIOD_JOB,
        path: istiodMetricsPath(p.namespace, p.pod),
        labels: {
          namespace: p.namespace,
          pod: p.pod,
          app: p.labels.app ?? 'istiod',
          istio: p.labels.istio ?? 'pilot',
          ...(p.labels['istio.io/rev'] ? { revision: p.labels['istio.io/rev'] } : {}),
          instance: `${p.pod}:15014`,
        },
      });
    }
    const single = (job: Exclude<ScrapeTarget['job'], typeof ISTIOD_JOB>, instance: string): ScrapeTarget => ({
      job,
      path: jobMetricsPath(job),
      labels: { instance },
    });
    targets.push(
      single(KUBE_STATE_JOB, 'kube-state-metrics:8080'),
      single(CADVISOR_JOB, 'kubelet:10250'),
      single(ENVOY_STATS_JOB, 'envoy-stats:15020'),
      single(GAMEDAY_JOB, 'gameday-exporter:9100'),
    );
    return targets;
  }

  /** The exposition at a metrics path, or why there is none. */
  scrape(path: string): ScrapeResult {
    const out = this.exposition(path);
    return this.render(path, out) ?? { status: 200, body: out.toString() };
  }

  /** `scrape` as the bytes the listener sends; call `sent` when they are out. */
  scrapeChunks(path: string): ScrapeChunks {
    const out = this.exposition(path);
    const r = this.render(path, out);
    if (r) return { status: r.status, chunks: [Buffer.from(r.body, 'utf8')], sent: () => {} };
    this.sendingByPath.set(path, this.sending(path) + 1);
    let pending = true;
    const sent = (): void => {
      if (!pending) return;
      pending = false;
      const n = this.sending(path) - 1;
      if (n === 0) this.sendingByPath.delete(path);
      else this.sendingByPath.set(path, n);
    };
    return { status: 200, chunks: out.toChunks(), sent };
  }

  /** How many scrapes of `path` are still being sent. */
  sending(path: string): number {
    return this.sendingByPath.get(path) ?? 0;
  }

  /** A new exposition for `path`, which may write over the buffers of earlier ones once none of them is still being sent. */
  private exposition(path: string): Exposition {
    const out = new Exposition();
    out.recycle = this.sending(path) === 0;
    return out;
  }

  /** Writes the exposition at `path` into `out`; returns why there is none instead. */
  private render(path: string, out: Exposition): Exclude<ScrapeResult, { status: 200 }> | null {
    switch (path) {
      case jobMetricsPath(KUBE_STATE_JOB):
        if (isVersioned(this.model)) this.kubeState.renderVersioned(out, this.model, this.model.deployments());
        else this.kubeState.render(out, this.model.pods(), this.model.deployments());
        return null;
      case jobMetricsPath(CADVISOR_JOB):
        this.cadvisor.render(out, isVersioned(this.model) ? this.model : readingsSource(this.model.pods()), this.model.now());
        return null;
      case jobMetricsPath(ENVOY_STATS_JOB):
        // Only when there are series to drop: the pod list of a large mesh costs more than the series themselves.
        if (this.requests.seriesCount > 0) this.requests.retainPods(this.livePods());
        this.requests.render(out);
        return null;
      case jobMetricsPath(GAMEDAY_JOB):
        // From the counts, not a snapshot: this job is scraped every few seconds and a snapshot copies the whole mesh.
        this.meshStatus.render(out, {
          counts: this.model.proxyStatusCounts(),
          certs: this.model.workloadCerts(),
          toWall: this.toWall,
        });
        return null;
      default:
        return this.scrapeIstiod(path, out);
    }
  }

  /**
   * `namespace/pod` of every pod. A versioned model gives its keys as they are (the same form);
   * otherwise a snapshot of every pod, which at 10,000 pods is ten thousand readings a scrape.
   */
  private livePods(): Set<string> {
    if (isVersioned(this.model)) return new Set(this.model.podVersions().keys);
    return new Set(this.model.pods().map((p) => `${p.namespace}/${p.pod}`));
  }

  private scrapeIstiod(path: string, out: Exposition): Exclude<ScrapeResult, { status: 200 }> | null {
    const prefix = `/metrics/${ISTIOD_JOB}/`;
    if (!path.startsWith(prefix)) return { status: 404, body: `no metrics at ${path}\n` };
    const [ns = '', name = ''] = path.slice(prefix.length).split('/').map(decodeURIComponent);
    const pilot = this.model.pilot().find((r) => r.namespace === ns && r.pod === name);
    if (!pilot) return { status: 404, body: `no istiod pod ${ns}/${name}\n` };
    if (!pilot.running) return { status: 503, body: `istiod ${ns}/${name} is not running\n` };
    const memory = this.model.istiodMemory().find((r) => r.namespace === ns && r.pod === name);
    const uptimeMs = pilot.startedAt === null ? 0 : this.time.wallDuration(this.model.now() - pilot.startedAt);
    renderIstiod(out, { pilot, memory, uptimeSeconds: uptimeMs / 1000 });
    return null;
  }
}
