/**
 * Proxies and their xDS streams (docs/envoy.md#xds-reconnects, docs/istio.md#proxy-sync-status). A proxy
 * connects to a ready istiod of its own revision (reached through the
 * `istiod-<rev>` Service, so only ready pods), subject to istiod's new-stream
 * rate limit; keeps its last config when the stream drops; retries with
 * jittered back-off 500 ms → 30 s; and reconnects when the connection reaches
 * its maximum age. Sync status per type is istioctl's: nothing sent → NOT
 * SENT, acked == sent → SYNCED, otherwise STALE.
 */
import type { SyncStatus, XdsType } from '../../views.js';
import { issueCertificate, needsRotation, rotationAt } from './certs.js';
import { initialPush, pushConcurrency } from './push-queue.js';
import { newRateBuckets, proxyContainer } from './proxy-resources.js';
import type { IstiodState, PodState, ProxyState, XdsTypeState } from './state.js';
import { TimerHeap } from './timer-heap.js';
import { RESOURCE_SLICES, watchReadiness, type PendingAck, type World } from './world.js';

export const XDS_TYPES: readonly XdsType[] = ['CDS', 'LDS', 'EDS', 'RDS', 'ECDS'];

function freshXds(): Record<XdsType, XdsTypeState> {
  return {
    CDS: { sent: null, acked: null },
    LDS: { sent: null, acked: null },
    EDS: { sent: null, acked: null },
    RDS: { sent: null, acked: null },
    ECDS: { sent: null, acked: null },
  };
}

export function newProxy(w: World, pod: PodState): ProxyState {
  return {
    pod: pod.key,
    podState: pod,
    container: proxyContainer(pod),
    order: pod.order,
    revision: pod.revision!,
    version: pod.proxyVersion!,
    istiod: null,
    stream: 0,
    connectedAt: null,
    connectionExpiresAt: null,
    nextConnectAt: null,
    backoffMs: w.params.reconnectInitialMs,
    waitingSince: null,
    xds: freshXds(),
    cds: null,
    lds: null,
    eds: null,
    rds: null,
    initialConfig: false,
    cert: null,
    resourceSlice: pod.order % RESOURCE_SLICES,
    rateBuckets: newRateBuckets(w),
    rateBucketAt: 0,
    wakeAt: null,
    collectedAt: null,
  };
}

/** When `stepProxies` next has something to do for the proxy, or null: nothing until something else changes it. */
function dueAt(w: World, proxy: ProxyState): number | null {
  if (proxy.istiod === null) return proxy.nextConnectAt;
  const rotate = rotationAt(w, proxy.cert);
  return proxy.connectionExpiresAt === null ? rotate : Math.min(proxy.connectionExpiresAt, rotate);
}

/**
 * Puts the proxy in World.proxyWake at its due time, unless an entry at or
 * before it is there already (visiting a proxy schedules it again, so a later
 * due time is picked up then). Call after changing what `dueAt` reads.
 */
export function scheduleProxy(w: World, proxy: ProxyState): void {
  const at = dueAt(w, proxy);
  if (at === null || (proxy.wakeAt !== null && proxy.wakeAt <= at)) return;
  proxy.wakeAt = at;
  w.proxyWake.push(at, proxy);
}

export function syncStatus(x: XdsTypeState): SyncStatus {
  if (x.sent === null) return 'NOT SENT';
  return x.sent === x.acked ? 'SYNCED' : 'STALE';
}

/** The istio-proxy process started: empty config, no certificate, connect now. */
export function proxyStarted(w: World, proxy: ProxyState): void {
  Object.assign(proxy, newProxy(w, w.pods.get(proxy.pod)!), { nextConnectAt: w.now });
  scheduleProxy(w, proxy);
  watchReadiness(w, w.pods.get(proxy.pod));
}

/** The istio-proxy process died: its stream, config and certificate go with it. */
export function proxyStopped(w: World, proxy: ProxyState): void {
  dropStream(w, proxy);
  Object.assign(proxy, newProxy(w, w.pods.get(proxy.pod)!));
  watchReadiness(w, w.pods.get(proxy.pod));
}

function dropStream(w: World, proxy: ProxyState): void {
  if (proxy.istiod) w.istiods.get(proxy.istiod)?.connections.delete(proxy.pod);
  proxy.istiod = null;
  proxy.connectedAt = null;
  proxy.connectionExpiresAt = null;
  proxy.waitingSince = null;
}

/** Jittered exponential back-off: uniform in [b/2, b], then b doubles up to the max. */
function scheduleRetry(w: World, proxy: ProxyState): void {
  const b = proxy.backoffMs;
  proxy.nextConnectAt = w.now + b / 2 + w.rng.next() * (b / 2);
  proxy.backoffMs = Math.min(b * 2, w.params.reconnectMaxMs);
  scheduleProxy(w, proxy);
}

/** The stream ended (istiod gone or connection aged out); the proxy keeps its config and reconnects. */
export function disconnect(w: World, proxy: ProxyState, immediately: boolean): void {
  dropStream(w, proxy);
  if (immediately) {
    proxy.nextConnectAt = w.now;
    scheduleProxy(w, proxy);
  } else scheduleRetry(w, proxy);
}

function readyIstiodPods(w: World, revision: string): IstiodState[] {
  const out: IstiodState[] = [];
  for (const s of w.istiods.values()) {
    if (s.revision !== revision || s.syncedAt === null) continue;
    const pod = w.pods.get(s.pod);
    if (pod?.ready && pod.terminatingAt === null) out.push(s);
  }
  return out;
}

/**
 * Ready istiods per revision, listed once per step: connecting proxies never
 * change which istiods are ready, and in a churn storm a step visits a
 * thousand proxies waiting for a stream.
 */
type ReadyIstiods = Map<string, IstiodState[]>;

function tryConnect(w: World, proxy: ProxyState, dt: number, ready: ReadyIstiods): void {
  let candidates = ready.get(proxy.revision);
  if (candidates === undefined) ready.set(proxy.revision, (candidates = readyIstiodPods(w, proxy.revision)));
  if (candidates.length === 0) {
    scheduleRetry(w, proxy);
    return;
  }
  // Connection-level balancing: each attempt may land on another replica.
  const s = candidates[w.rng.int(candidates.length)]!;
  if (s.streamCredit < 1) {
    // istiod's new-stream limiter: wait up to 1 s for a token, then the stream is refused.
    proxy.waitingSince ??= w.now;
    if (w.now - proxy.waitingSince >= w.params.streamWaitMs) {
      s.counters.refusedStreams++;
      proxy.waitingSince = null;
      scheduleRetry(w, proxy);
    }
    return;
  }
  s.streamCredit -= 1;
  proxy.waitingSince = null;
  proxy.istiod = s.pod;
  proxy.stream = ++w.streamSeq;
  proxy.connectedAt = w.now;
  proxy.connectionExpiresAt = w.now + w.params.maxConnectionAgeMs * (0.9 + 0.1 * w.rng.next());
  proxy.nextConnectAt = null;
  proxy.backoffMs = w.params.reconnectInitialMs;
  proxy.xds = freshXds();
  s.connections.add(proxy.pod);
  if (needsRotation(w, proxy.cert)) issueCertificate(w, proxy);
  initialPush(w, s, proxy, dt);
}

/** New-stream capacity per step: `min(15 + 5×cores, 100)` per second, burst 1 (docs/istio.md#push-pipeline). */
export function refillStreamCredit(w: World, s: IstiodState, dt: number): void {
  const cores = w.revisions.get(s.revision)?.cores ?? w.params.istiodDefaultCores;
  const perStep = (pushConcurrency(cores) * dt) / 1000;
  s.streamCredit = Math.min(Math.max(1, perStep), s.streamCredit + perStep);
}

/** Entries in World.proxyWake past this many per proxy (stale ones, of proxies gone or rescheduled) make the next step rebuild it. */
const WAKE_SLACK = 4;

/**
 * Visits the proxies due by now (World.proxyWake), in the pods map's order:
 * what a walk over every proxy would do, since a proxy not due does nothing.
 */
export function stepProxies(w: World, dt: number): void {
  if (w.proxyWake.size > WAKE_SLACK * w.proxies.size + 1024) rebuildWake(w);
  const due: ProxyState[] = [];
  for (;;) {
    const e = w.proxyWake.popDue(w.now);
    if (!e) break;
    const proxy = e.item;
    if (proxy.collectedAt === w.now || w.proxies.get(proxy.pod) !== proxy) continue;
    proxy.collectedAt = w.now;
    due.push(proxy);
  }
  if (due.length > 1) due.sort((a, b) => a.order - b.order);
  const ready: ReadyIstiods = new Map();
  for (const proxy of due) {
    visit(w, proxy, dt, ready);
    proxy.wakeAt = null;
    scheduleProxy(w, proxy);
  }
}

function visit(w: World, proxy: ProxyState, dt: number, ready: ReadyIstiods): void {
  if (proxy.istiod === null) {
    if (proxy.nextConnectAt !== null && proxy.nextConnectAt <= w.now) tryConnect(w, proxy, dt, ready);
    return;
  }
  if (proxy.connectionExpiresAt !== null && proxy.connectionExpiresAt <= w.now) {
    disconnect(w, proxy, true);
    tryConnect(w, proxy, dt, ready);
    return;
  }
  if (needsRotation(w, proxy.cert)) issueCertificate(w, proxy);
}

/** Every live proxy at its wake time, without the stale entries. */
function rebuildWake(w: World): void {
  w.proxyWake = new TimerHeap();
  for (const proxy of w.proxies.values()) if (proxy.wakeAt !== null) w.proxyWake.push(proxy.wakeAt, proxy);
}

/** The certificate TTL changed: rotation may be due sooner for every proxy. */
export function rescheduleAllProxies(w: World): void {
  for (const proxy of w.proxies.values()) scheduleProxy(w, proxy);
}

/** Acks due by now: the proxy applies what it got (even if its stream has since dropped) and acks on a live stream. */
export function deliverAcks(w: World): void {
  for (;;) {
    const due = w.acks.popDue(w.now);
    if (!due) return;
    applyAck(w, due.item);
  }
}

function applyAck(w: World, a: PendingAck): void {
  const proxy = w.proxies.get(a.proxy);
  if (!proxy || proxy.stream !== a.stream) return;
  for (const t of a.types) {
    if (t === 'CDS') proxy.cds = a.ctx;
    else if (t === 'LDS') proxy.lds = a.ctx;
    else if (t === 'EDS') proxy.eds = a.ctx;
    else proxy.rds = a.ctx;
    if (proxy.istiod !== null) {
      const x = proxy.xds[t];
      // An ack of an older nonce leaves the type STALE until the newer one is acked.
      if (x.acked === null || a.nonce > x.acked) x.acked = a.nonce;
    }
  }
  if (proxy.cds && proxy.lds && !proxy.initialConfig) {
    proxy.initialConfig = true;
    watchReadiness(w, w.pods.get(proxy.pod));
  }
}
