/**
 * Sidecar CPU and memory from its request rate, the config it holds, access
 * logging and Envoy's component log level (docs/istio.md#sidecar-resources and #access-logs-and-log-level:
 * access-log volume and component log level are separate knobs). CPU over the
 * limit is throttled (CFS), which slows both requests and config applies;
 * memory over the limit gets the container OOMKilled by the kubelet.
 */
import type { ContainerRuntime, PodState, ProxyState, PushContext } from './state.js';
import { setWorkingSet, type World } from './world.js';

const BUCKET_MS = 1000;

export function proxyContainer(pod: PodState): ContainerRuntime | undefined {
  for (const c of pod.containers) if (c.spec.kind === 'proxy') return c;
  return undefined;
}

function bucketIndex(at: number): number {
  return Math.floor(at / BUCKET_MS);
}

/** Counts one request through a proxy (for its rate). */
export function countRequest(proxy: ProxyState, at: number): void {
  const n = proxy.rateBuckets.length;
  const b = bucketIndex(at);
  if (b > proxy.rateBucketAt) {
    const gap = Math.min(n, b - proxy.rateBucketAt);
    for (let i = 1; i <= gap; i++) proxy.rateBuckets[(proxy.rateBucketAt + i) % n] = 0;
    proxy.rateBucketAt = b;
  }
  if (b > proxy.rateBucketAt - n) proxy.rateBuckets[b % n]! += 1;
}

/** Requests per second over the window ending now. */
export function requestRate(w: World, proxy: ProxyState): number {
  const n = proxy.rateBuckets.length;
  const b = bucketIndex(w.now);
  // No request within the window (most proxies of a large mesh, most seconds): every bucket would be skipped.
  if (b - n + 1 > proxy.rateBucketAt) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const idx = b - i;
    if (idx > proxy.rateBucketAt || idx <= proxy.rateBucketAt - n) continue;
    sum += proxy.rateBuckets[((idx % n) + n) % n]!;
  }
  return sum / ((n * BUCKET_MS) / 1000);
}

export function newRateBuckets(w: World): number[] {
  return new Array<number>(Math.max(1, Math.round(w.params.rateWindowMs / BUCKET_MS))).fill(0);
}

/** How much slower than nominal a throttled container runs (1 when not throttled). */
export function slowdown(c: ContainerRuntime | undefined): number {
  if (!c || c.cpuThrottledRatio <= 0) return 1;
  return 1 / Math.max(0.02, 1 - c.cpuThrottledRatio);
}

/** Envoy's time to apply and ack a push: grows with the services it holds and with throttling. */
export function applyMs(w: World, proxy: ProxyState, ctx: PushContext, full: boolean): number {
  const p = w.params;
  const pod = w.pods.get(proxy.pod);
  const base = p.proxyApplyBaseMs + p.proxyApplyPerServiceMs * ctx.services.size;
  return (full ? base : base / 4) * slowdown(pod ? proxyContainer(pod) : undefined);
}

/** Recomputes the CPU and memory of every running sidecar of `slice` (World.resourceSlices), `dtMs` after the slice's last update. */
export function resourceTick(w: World, dtMs: number, slice: number): void {
  const p = w.params;
  const services = w.services.size;
  for (const proxy of w.resourceSlices[slice]!) {
    const pod = proxy.podState;
    const c = proxy.container;
    if (!c || c.state !== 'running') continue;
    const cfg = pod.proxyConfig;
    const rate = requestRate(w, proxy);
    const logging = cfg.accessLog?.enabled === true;
    const debug = cfg.accessLog?.componentLogLevel === 'debug';
    const limit = c.spec.cpuLimitMilli;
    let demand = p.proxyIdleCpuMilli + rate * p.proxyCpuPerRpsMilli * (logging ? p.accessLogCpuFactor : 1) * (debug ? p.debugLogCpuFactor : 1);
    if (debug && limit !== null) demand = Math.max(demand, limit * p.debugLogCpuShare);
    const used = limit === null ? demand : Math.min(demand, limit);
    c.cpuUsageMilli = used;
    c.cpuThrottledRatio = demand > 0 ? (demand - used) / demand : 0;
    c.cpuSecondsTotal += (used / 1000) * (dtMs / 1000);
    const lineBytes = cfg.accessLog?.encoding === 'JSON' ? p.accessLogJsonBytes : p.accessLogTextBytes;
    // Debug logging writes several lines per request; the model says ten.
    const logBytesPerSec = rate * lineBytes * ((logging ? 1 : 0) + (debug ? 10 : 0));
    const configBytes = (proxy.cds?.services.size ?? services) * p.proxyPerServiceBytes;
    setWorkingSet(w, pod, c, Math.round(p.proxyBaseMemoryBytes + configBytes + rate * p.proxyPerRpsBytes + logBytesPerSec * p.accessLogBufferSeconds));
  }
}
