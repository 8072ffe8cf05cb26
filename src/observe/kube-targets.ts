/**
 * A cluster's scrape targets, computed from its pods and nodes as
 * Prometheus' Kubernetes discovery plus relabelling would: every target is
 * reached through the API server's proxy subresource
 * (`/api/v1/namespaces/<ns>/pods/<pod>:<port>/proxy/<path>`,
 * `/api/v1/nodes/<node>/proxy/metrics/cadvisor`), so nothing is installed in
 * the cluster and no pod IP has to be routable from here. Job names and
 * target labels are the simulator's (targets/sim/metrics/scrape-jobs.ts), so
 * one rule pack works on both. Pure; served as Prometheus HTTP SD by
 * cluster-discovery.ts.
 *
 * Proxy paths: https://kubernetes.io/docs/tasks/access-application-cluster/access-cluster-services/#manually-constructing-apiserver-proxy-urls
 */

export const KUBE_JOBS = {
  istiod: 'istiod',
  kubeState: 'kube-state-metrics',
  cadvisor: 'cadvisor',
  envoyStats: 'envoy-stats',
  exporter: 'gameday-exporter',
} as const;

/** The jobs discovered from the cluster (the exporter's is a static loopback target). */
export const DISCOVERED_JOBS = [KUBE_JOBS.istiod, KUBE_JOBS.envoyStats, KUBE_JOBS.kubeState, KUBE_JOBS.cadvisor] as const;
export type DiscoveredJob = (typeof DISCOVERED_JOBS)[number];

/** istiod's monitoring port (metrics and debug endpoints); the sidecar agent's merged-metrics port. */
export const ISTIOD_MONITORING_PORT = 15014;
export const SIDECAR_STATS_PORT = 15020;
export const KUBE_STATE_METRICS_PORT = 8080;

/** The parts of a Pod this reads (a client-node V1Pod fits). */
export interface PodFacts {
  metadata?: { namespace?: string; name?: string; labels?: Record<string, string> };
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string };
}

export interface NodeFacts {
  metadata?: { name?: string };
}

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** The API server's `host:port` and path prefix (a proxied server URL can carry one). */
export interface ApiServerAddress {
  host: string;
  prefix: string;
}

export function apiServerAddress(serverUrl: string): ApiServerAddress {
  const u = new URL(serverUrl);
  const port = u.port || (u.protocol === 'http:' ? '80' : '443');
  return { host: `${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`, prefix: u.pathname.replace(/\/+$/, '') };
}

const hasContainer = (p: PodFacts, name: string) => (p.spec?.containers ?? []).some((c) => c.name === name);

function podGroup(api: ApiServerAddress, p: PodFacts, port: number, path: string, extra: Record<string, string>): TargetGroup | null {
  const ns = p.metadata?.namespace;
  const name = p.metadata?.name;
  // A finished pod serves nothing; a Pending or crash-looping one stays, so its `up` is 0.
  if (!ns || !name || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return null;
  return {
    targets: [api.host],
    labels: {
      __metrics_path__: `${api.prefix}/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}:${port}/proxy${path}`,
      instance: `${name}:${port}`,
      ...extra,
    },
  };
}

/** One job's target groups. */
export function kubeTargetGroups(
  job: DiscoveredJob,
  api: ApiServerAddress,
  pods: readonly PodFacts[],
  nodes: readonly NodeFacts[],
): TargetGroup[] {
  const out: TargetGroup[] = [];
  const push = (g: TargetGroup | null) => {
    if (g) out.push(g);
  };
  switch (job) {
    case KUBE_JOBS.istiod:
      for (const p of pods) {
        const l = p.metadata?.labels ?? {};
        if (l.app !== 'istiod' || !hasContainer(p, 'discovery')) continue;
        const rev = l['istio.io/rev'];
        push(
          podGroup(api, p, ISTIOD_MONITORING_PORT, '/metrics', {
            namespace: p.metadata!.namespace!,
            pod: p.metadata!.name!,
            app: 'istiod',
            istio: l.istio ?? 'pilot',
            ...(rev ? { revision: rev } : {}),
          }),
        );
      }
      break;
    case KUBE_JOBS.envoyStats:
      // Every injected sidecar and every gateway: the agent's merged Envoy and application metrics.
      for (const p of pods)
        if (hasContainer(p, 'istio-proxy'))
          push(podGroup(api, p, SIDECAR_STATS_PORT, '/stats/prometheus', { namespace: p.metadata!.namespace!, pod: p.metadata!.name! }));
      break;
    case KUBE_JOBS.kubeState:
      // Its series name their own objects: the target adds only `instance`.
      for (const p of pods)
        if (p.metadata?.labels?.['app.kubernetes.io/name'] === 'kube-state-metrics')
          push(podGroup(api, p, KUBE_STATE_METRICS_PORT, '/metrics', {}));
      break;
    case KUBE_JOBS.cadvisor:
      for (const n of nodes) {
        const name = n.metadata?.name;
        if (name)
          out.push({
            targets: [api.host],
            labels: {
              __metrics_path__: `${api.prefix}/api/v1/nodes/${encodeURIComponent(name)}/proxy/metrics/cadvisor`,
              instance: name,
              node: name,
            },
          });
      }
      break;
  }
  return out.sort((a, b) => (a.labels.__metrics_path__! < b.labels.__metrics_path__! ? -1 : 1));
}
