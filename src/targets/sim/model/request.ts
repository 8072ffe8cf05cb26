/**
 * One request through the modelled call graph, hop by hop, decided by model
 * state (README "The simulator", docs/envoy.md#local-replies-and-response-flags):
 * - the source proxy never got LDS → 503 NR; no CDS cluster for the service → 503 NC
 *   (a proxy without config answers 503; Envoy's 404 NR is for an unknown route,
 *   which is what an unmatched ingress path gets);
 * - no endpoint in the proxy's last EDS → 503 UH;
 * - the endpoint it picked is gone, or an mTLS certificate on either side has expired →
 *   connect failure, retried on other endpoints (Istio's default 2 retries), then 503 UF;
 * - an enforced DENY (or an ALLOW miss) at the destination, by the policies its proxy
 *   last received → 403 `RBAC: access denied`, flag `-`;
 * - an application returns its first failing downstream status unchanged.
 * Latency: application time per hop plus the version's proxy-pair overhead, both
 * jittered, stretched by CPU throttling of either sidecar.
 */
import { evaluate } from './authz.js';
import { certValid } from './certs.js';
import { versionProfile } from './params.js';
import { countRequest, proxyContainer, slowdown } from './proxy-resources.js';
import type { HopOutcome, Reporter, RequestOutcome, RequestSpec } from './readings.js';
import type { Rng } from './rng.js';
import type { ContainerRuntime, DeploymentState, PodState, ProxyState } from './state.js';
import { splitKey, type ServiceState, type World } from './world.js';

const RBAC_BODY = 'RBAC: access denied';
const CONNECT_FAILURE_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure';
const NO_HEALTHY_BODY = 'no healthy upstream';
/** Average wait added per request by CFS throttling at ratio 1 (half a 100 ms quota period). Model choice. */
const THROTTLE_PENALTY_MS = 50;

/**
 * A hop's identity strings, made once per pod or service rather than once per
 * hop: a pod's namespace and service account, and a service's key, never
 * change (Kubernetes makes a new object instead), so the string is the
 * object's for life. Weak, so a deleted pod takes its strings with it.
 */
const principals = new WeakMap<PodState, string>();
const spiffeIds = new WeakMap<PodState, string>();
const destinations = new WeakMap<ServiceState, HopDestination>();

export function principal(pod: PodState): string {
  let p = principals.get(pod);
  if (p === undefined) principals.set(pod, (p = `cluster.local/ns/${pod.namespace}/sa/${pod.serviceAccount}`));
  return p;
}

/** `spiffe://` + the principal, as istio_requests_total labels a peer. */
function spiffeId(pod: PodState): string {
  let id = spiffeIds.get(pod);
  if (id === undefined) spiffeIds.set(pod, (id = `spiffe://${principal(pod)}`));
  return id;
}

/** `dep`: the pod's deployment, looked up by the caller (it has it already). */
function appName(pod: PodState, dep: DeploymentState | undefined): string {
  return pod.labels.app ?? dep?.name ?? pod.name;
}

/** Where a hop goes, as istio_requests_total labels it; null when no service was resolved (every label `unknown`). */
interface HopDestination {
  workload: string;
  namespace: string;
  serviceName: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  service: string;
  app: string;
  version: string;
}

/**
 * Where a hop to `svcKey` goes (`dep`: the service's deployment). A service's
 * labels are kept, and checked on each use against its workload's name, app and version, so a workload that
 * is gone or relabelled is never shown as it was; a service that is gone,
 * though a proxy's config still names it, is labelled from its key.
 */
function destinationOf(svc: ServiceState | undefined, svcKey: string, dep: DeploymentState | undefined): HopDestination {
  const { namespace, name } = svc ?? splitKey(svcKey);
  const workload = dep?.name ?? 'unknown';
  const app = dep?.template.labels.app ?? name;
  const version = dep?.template.labels.version ?? 'latest';
  const known = svc && destinations.get(svc);
  if (known && known.workload === workload && known.app === app && known.version === version) return known;
  const d = { workload, namespace, serviceName: name, service: `${name}.${namespace}.svc.cluster.local`, app, version };
  if (svc) destinations.set(svc, d);
  return d;
}

/** Who records a hop, shared by every hop rather than a fresh array each (frozen: nothing may change one). */
const NO_REPORTER: readonly Reporter[] = Object.freeze([]);
const SOURCE: readonly Reporter[] = Object.freeze(['source']);
const DESTINATION: readonly Reporter[] = Object.freeze(['destination']);
const BOTH: readonly Reporter[] = Object.freeze(['source', 'destination']);
/** The dry-run denials of a hop no dry-run policy matched: most hops. */
const NO_DENIALS: readonly string[] = Object.freeze([]);

/** A hop from `src` (of deployment `srcDep`), before its outcome is known: the one place its labels are written. */
function newHop(
  src: PodState,
  srcDep: DeploymentState | undefined,
  sourcePrincipal: string,
  reporters: readonly Reporter[],
  d: HopDestination | null,
): HopOutcome {
  const unknown = 'unknown';
  return {
    sourceWorkload: srcDep?.name ?? src.name,
    sourceNamespace: src.namespace,
    sourcePrincipal,
    sourceApp: appName(src, srcDep),
    sourceVersion: src.labels.version ?? 'latest',
    sourcePod: src.name,
    destinationWorkload: d?.workload ?? unknown,
    destinationNamespace: d?.namespace ?? unknown,
    destinationService: d?.service ?? unknown,
    destinationServiceName: d?.serviceName ?? unknown,
    destinationServiceNamespace: d?.namespace ?? unknown,
    destinationPrincipal: unknown,
    destinationApp: d?.app ?? unknown,
    destinationVersion: d?.version ?? unknown,
    destinationPod: null,
    responseCode: 0,
    responseFlags: '-',
    latencyMs: 0,
    mtls: false,
    reporters,
    dryRunDenied: NO_DENIALS,
    deniedBy: null,
  };
}

function jitter(rng: Rng, v: number): number {
  return v * (0.8 + 0.4 * rng.next());
}

/** `c`: a pod's proxy container, if it has one. */
function throttlePenalty(c: ContainerRuntime | undefined): number {
  return c ? c.cpuThrottledRatio * THROTTLE_PENALTY_MS : 0;
}

/** Every container running (a loop, not `every`: no closure per endpoint tried). */
function reachable(pod: PodState | undefined): pod is PodState {
  if (pod === undefined) return false;
  const cs = pod.containers;
  for (let i = 0; i < cs.length; i++) if (cs[i]!.state !== 'running') return false;
  return true;
}

/**
 * One request's walk. `call` returns a hop's latency and leaves its final
 * status and body in `code` and `body`: no result object per hop.
 */
class Walk {
  readonly hops: HopOutcome[] = [];
  code = 200;
  body = 'ok';
  constructor(
    private readonly w: World,
    private readonly rng: Rng,
    private readonly req: RequestSpec,
  ) {}

  /** Ends a hop with a local reply or a denial. */
  private fail(hop: HopOutcome, code: number, flags: string, body: string, latencyMs: number): number {
    hop.responseCode = code;
    hop.responseFlags = flags;
    hop.latencyMs = latencyMs;
    this.code = code;
    this.body = body;
    return latencyMs;
  }

  /**
   * A hop from `src` to the service `svcKey`. `srcDep` is `src`'s deployment,
   * which the caller has looked up already: each map lookup saved here is
   * saved on every hop of every request.
   */
  call(src: PodState, srcDep: DeploymentState | undefined, svcKey: string, depth: number): number {
    const w = this.w;
    const svc = w.services.get(svcKey);
    const svcDep = svc ? w.deployments.get(svc.deployment) : undefined;
    const srcProxy = w.proxies.get(src.key);
    const hop = newHop(src, srcDep, srcProxy ? spiffeId(src) : 'unknown', srcProxy ? SOURCE : NO_REPORTER, destinationOf(svc, svcKey, svcDep));
    this.hops.push(hop);
    if (srcProxy) countRequest(srcProxy, w.now);
    if (srcProxy && !srcProxy.lds) return this.fail(hop, 503, 'NR', NO_HEALTHY_BODY, 0.1);
    if (srcProxy && (!srcProxy.cds || !srcProxy.cds.services.has(svcKey))) return this.fail(hop, 503, 'NC', NO_HEALTHY_BODY, 0.1);
    const endpoints = srcProxy ? (srcProxy.eds?.endpoints.get(svcKey) ?? []) : svc ? [...svc.ready] : [];
    if (endpoints.length === 0) return this.fail(hop, 503, 'UH', NO_HEALTHY_BODY, 0.1);

    let latency = 0;
    let dest: PodState | undefined;
    let destProxy: ProxyState | undefined;
    // The endpoints already tried: a set only once the first fails (most requests connect at once).
    let first = -1;
    let tried: Set<number> | null = null;
    for (let attempt = 0; attempt <= w.params.connectRetries; attempt++) {
      let i = this.rng.int(endpoints.length);
      if (attempt === 1) tried = new Set([first]);
      if (tried === null) first = i;
      else {
        if (tried.size < endpoints.length) while (tried.has(i)) i = (i + 1) % endpoints.length;
        tried.add(i);
      }
      const cand = w.pods.get(endpoints[i]!);
      hop.destinationPod = cand?.name ?? endpoints[i]!.slice(endpoints[i]!.indexOf('/') + 1);
      if (!reachable(cand)) {
        latency += w.params.deadEndpointMs;
        continue;
      }
      const candProxy = w.proxies.get(cand.key);
      if (srcProxy && candProxy && (!certValid(srcProxy.cert, w.now) || !certValid(candProxy.cert, w.now))) {
        latency += 1;
        continue;
      }
      dest = cand;
      destProxy = candProxy;
      break;
    }
    if (!dest) return this.fail(hop, 503, 'UF', CONNECT_FAILURE_BODY, latency);

    hop.mtls = srcProxy !== undefined && destProxy !== undefined;
    if (destProxy) {
      hop.reporters = srcProxy ? BOTH : DESTINATION;
      hop.destinationPrincipal = spiffeId(dest);
      countRequest(destProxy, w.now);
    }
    const version = destProxy?.version ?? srcProxy?.version ?? '';
    const pair = srcProxy && destProxy ? versionProfile(w.params, version).proxyPairOverheadMs : 0;
    // A pod's proxy container throttles it even before its proxy connects; it slows the pair only once it has.
    const srcPC = proxyContainer(src);
    const destPC = proxyContainer(dest);
    latency +=
      jitter(this.rng, pair / 2) * slowdown(srcProxy ? srcPC : undefined) +
      jitter(this.rng, pair / 2) * slowdown(destProxy ? destPC : undefined) +
      throttlePenalty(srcPC) +
      throttlePenalty(destPC);

    // No policy, no decision to make (most hops): evaluate would allow with nothing dry-run denied.
    const policies = destProxy?.lds?.policies;
    if (policies && policies.length > 0) {
      const d = evaluate(
        policies,
        { namespace: dest.namespace, labels: dest.labels },
        {
          principal: hop.mtls ? principal(src) : '',
          namespace: hop.mtls ? src.namespace : '',
          path: this.req.path,
          method: this.req.method,
        },
      );
      hop.dryRunDenied = d.dryRunDenied;
      if (!d.allowed) {
        hop.deniedBy = d.deniedBy;
        return this.fail(hop, 403, '-', RBAC_BODY, latency);
      }
    }

    // The endpoint's pod is, as a rule, of the service's own deployment, already looked up.
    const destDep = dest.deployment === svc?.deployment ? svcDep : w.deployments.get(dest.deployment);
    latency += jitter(this.rng, destDep?.baseLatencyMs ?? 1);
    this.code = 200;
    this.body = 'ok';
    // A cycle in the call graph is rejected by validation; the depth cap is a second guard.
    if (destDep && depth < 16) {
      for (const next of destDep.calls) {
        latency += this.call(dest, destDep, next, depth + 1);
        // The first failing downstream status is this hop's too, unchanged.
        if (this.code >= 400) break;
      }
    }
    hop.responseCode = this.code;
    hop.latencyMs = latency;
    return latency;
  }
}

function servesTraffic(gateway: PodState): boolean {
  return gateway.ready && gateway.terminatingAt === null;
}

/** One of the ready gateways at random: counted, then walked to the pick, so no array is made per request. */
function pickGateway(w: World, rng: Rng): PodState | undefined {
  let ready = 0;
  for (const p of w.gatewayPods) if (servesTraffic(p)) ready++;
  if (ready === 0) return undefined;
  let k = rng.int(ready);
  for (const p of w.gatewayPods) if (servesTraffic(p) && k-- === 0) return p;
  return undefined;
}

function routeFor(w: World, path: string): { prefix: string; service: string } | null {
  let best: { prefix: string; service: string } | null = null;
  for (const r of w.routes) if (path.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  return best;
}

export function handleRequest(w: World, rng: Rng, req: RequestSpec): RequestOutcome {
  const at = req.at ?? w.now;
  const gw = pickGateway(w, rng);
  if (!gw) return { at, status: 503, body: NO_HEALTHY_BODY, latencyMs: 0, route: null, hops: [] };
  const walk = new Walk(w, rng, req);
  const gwDep = w.deployments.get(gw.deployment);
  const route = routeFor(w, req.path);
  if (!route) {
    const gwProxy = w.proxies.get(gw.key);
    if (gwProxy) countRequest(gwProxy, w.now);
    walk.hops.push({
      ...newHop(gw, gwDep, spiffeId(gw), SOURCE, null),
      responseCode: 404,
      responseFlags: 'NR',
      latencyMs: 0.1,
    });
    return { at, status: 404, body: '', latencyMs: 0.1, route: null, hops: walk.hops };
  }
  const latencyMs = walk.call(gw, gwDep, route.service, 0);
  return { at, status: walk.code, body: walk.body, latencyMs, route: route.prefix, hops: walk.hops };
}
