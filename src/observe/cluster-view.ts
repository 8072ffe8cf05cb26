/**
 * A real cluster as the cluster observer sees it: pods and nodes kept by
 * informers (list, then watch: never polled), and istiod's `/debug/syncz`
 * read through a port-forward the harness owns. A port-forward rather than
 * the API server's pod proxy: istiod serves its debug endpoints unauthenticated
 * only to requests from loopback (`allowAuthenticatedOrLocalhost` in istio/istio
 * pilot/pkg/xds/debug.go), and a forwarded connection arrives inside the pod
 * from 127.0.0.1, while a proxied one comes from the API server and is refused.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  CoreV1Api,
  PortForward,
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { LOOPBACK } from '../process/free-port.js';
import { loadContext, type KubeContextRef } from './kube-api-access.js';
import type { ClusterView } from './cluster-observer.js';
import { ISTIOD_MONITORING_PORT, type PodFacts } from './kube-targets.js';

type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

/** A forward that never answers must not keep its request open past the exporter's own deadline. */
const SYNCZ_FETCH_TIMEOUT_MS = 5000;

export async function watchCluster(ref: KubeContextRef): Promise<ClusterView> {
  const kc = loadContext(ref);
  const core = kc.makeApiClient(CoreV1Api);
  const pods: Watched<V1Pod> = makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
  const nodes: Watched<V1Node> = makeInformer(kc, '/api/v1/nodes', () => core.listNode());
  let closed = false;
  // An informer restarts its watch after an error only when asked to.
  for (const inf of [pods, nodes] as Watched<KubernetesObject>[])
    inf.on('error', () => setTimeout(() => void (closed ? undefined : inf.start().catch(() => undefined)), 1000).unref());
  // start() resolves once the first list is in the cache.
  await Promise.all([pods.start(), nodes.start()]);
  const forward = new PortForward(kc);
  const tunnels = new Map<string, Promise<Server>>();
  const sockets = new Set<Socket>();

  const tunnel = (ns: string, name: string): Promise<Server> => {
    const key = `${ns}/${name}`;
    let t = tunnels.get(key);
    if (!t) {
      t = new Promise<Server>((resolve, reject) => {
        const server = createServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          forward.portForward(ns, name, [ISTIOD_MONITORING_PORT], socket, null, socket).catch(() => socket.destroy());
        });
        server.once('error', reject);
        server.listen(0, LOOPBACK, () => resolve(server));
      });
      tunnels.set(key, t);
    }
    return t;
  };

  return {
    apiServer: kc.getCurrentCluster()!.server,
    pods: () => [...pods.list()] as PodFacts[],
    nodes: () => [...nodes.list()],
    async syncz(pod: PodFacts): Promise<unknown> {
      const server = await tunnel(pod.metadata!.namespace!, pod.metadata!.name!);
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://${LOOPBACK}:${port}/debug/syncz`, { signal: AbortSignal.timeout(SYNCZ_FETCH_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([pods.stop(), nodes.stop()]);
      for (const s of sockets) s.destroy();
      for (const t of tunnels.values()) {
        const server = await t.catch(() => null);
        if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      tunnels.clear();
    },
  };
}
