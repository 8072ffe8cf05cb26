/**
 * The harness' one loopback endpoint for a cluster it observes from
 * outside: Prometheus HTTP service discovery per job (`/sd/<job>`, targets
 * from kube-targets.ts) and the proxy-status exporter (`/metrics`:
 * `gameday_proxy_status` from every istiod's `/debug/syncz`, proxy-status.ts).
 * What it knows of the cluster comes from a ClusterView (cluster-view.ts
 * watches a real one), so the endpoint itself is the same for any source.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { LOOPBACK } from '../process/free-port.js';
import { DISCOVERED_JOBS, apiServerAddress, kubeTargetGroups, type DiscoveredJob, type NodeFacts, type PodFacts } from './kube-targets.js';
import { countByRevision, renderProxyStatus, type IstiodSyncz } from './proxy-status.js';

export interface ClusterView {
  /** The API server URL every target is reached through. */
  readonly apiServer: string;
  pods(): PodFacts[];
  nodes(): NodeFacts[];
  /** One istiod pod's `/debug/syncz` body, parsed. */
  syncz(pod: PodFacts): Promise<unknown>;
  close(): Promise<void>;
}

/** Content type of the Prometheus text format. */
const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';
const SYNCZ_TIMEOUT_MS = 5000;

export function istiodPods(pods: readonly PodFacts[]): PodFacts[] {
  return pods.filter(
    (p) =>
      p.metadata?.labels?.app === 'istiod' &&
      (p.spec?.containers ?? []).some((c) => c.name === 'discovery') &&
      p.status?.phase === 'Running',
  );
}

/** Revision an istiod pod serves: its `istio.io/rev` label, `default` for a revisionless install. */
export function revisionOf(p: PodFacts): string {
  return p.metadata?.labels?.['istio.io/rev'] ?? 'default';
}

export class ClusterObserver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly view: ClusterView,
  ) {}

  static async start(view: ClusterView, log: Logger): Promise<ClusterObserver> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const job = path.startsWith('/sd/') ? path.slice(4) : null;
      if (job !== null && (DISCOVERED_JOBS as readonly string[]).includes(job)) {
        const groups = kubeTargetGroups(job as DiscoveredJob, apiServerAddress(view.apiServer), view.pods(), view.nodes());
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(groups));
        return;
      }
      if (path === '/metrics') {
        proxyStatusExposition(view, log).then(
          (body) => res.writeHead(200, { 'content-type': EXPOSITION }).end(body),
          (err: unknown) =>
            res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new ClusterObserver(server, `http://${LOOPBACK}:${port}`, view);
  }

  /** Stops the endpoint and the view's watches and forwards. Idempotent. */
  async stop(): Promise<void> {
    if (this.server.listening) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
    await this.view.close();
  }
}

/** Asks every running istiod at once; one that does not answer in time counts as having no proxies. */
export async function proxyStatusExposition(view: ClusterView, log: Logger): Promise<string> {
  const answers: IstiodSyncz[] = await Promise.all(
    istiodPods(view.pods()).map(async (pod) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${SYNCZ_TIMEOUT_MS} ms`)), SYNCZ_TIMEOUT_MS);
      });
      try {
        return { revision: revisionOf(pod), syncz: await Promise.race([view.syncz(pod), timeout]) };
      } catch (err) {
        log.debug(
          { event: 'proxy-status.unread', pod: pod.metadata?.name, err: err instanceof Error ? err.message : String(err) },
          'istiod /debug/syncz unread',
        );
        return { revision: revisionOf(pod), syncz: null };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return renderProxyStatus(countByRevision(answers));
}
