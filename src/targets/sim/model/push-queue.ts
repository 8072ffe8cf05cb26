/**
 * istiod's push pipeline (docs/istio.md#push-pipeline): events are debounced 100 ms
 * after the last one and at most 10 s; one push at a time, later events merged
 * into the next; a push walks the connected proxies with
 * `min(15 + 5×cores, 100)` concurrent sends, slowed when istiod's CPU is
 * short. The model marks a type sent when istiod starts writing it; the ack
 * comes back after the write and Envoy's apply time.
 */
import { observe } from './histogram.js';
import { currentContext } from './push-context.js';
import { applyMs } from './proxy-resources.js';
import type { IstiodState, ProxyState, PushContext } from './state.js';
import type { World } from './world.js';

export const FULL_TYPES = ['CDS', 'EDS', 'LDS', 'RDS'] as const;
export const EDS_TYPES = ['EDS'] as const;
/** The counters' keys (`pilot_xds_pushes{type="cds"}`), spelled once instead of lower-cased on every send. */
const COUNTER_KEY = { CDS: 'cds', EDS: 'eds', LDS: 'lds', RDS: 'rds' } as const;

export function pushConcurrency(cores: number): number {
  return Math.min(15 + 5 * cores, 100);
}

/** A Kubernetes or config event reaches every running istiod (their informers all see it). */
export function debounceEvent(w: World, kind: 'eds' | 'config'): void {
  for (const s of w.istiods.values()) {
    if (s.startedAt === null) continue;
    s.counters.inboundUpdates[kind] = (s.counters.inboundUpdates[kind] ?? 0) + 1;
    const ev = kind === 'eds' ? 'Endpoints/update' : 'Config/update';
    s.counters.registryEvents[ev] = (s.counters.registryEvents[ev] ?? 0) + 1;
    s.cpuUsedMs += w.params.registryEventCpuMs;
    if (s.syncedAt === null) continue;
    const full = kind === 'config';
    if (!s.debounce) s.debounce = { firstAt: w.now, lastAt: w.now, full, events: 1 };
    else {
      s.debounce.lastAt = w.now;
      s.debounce.full ||= full;
      s.debounce.events++;
    }
  }
}

function coresOf(w: World, s: IstiodState): number {
  return w.revisions.get(s.revision)?.cores ?? w.params.istiodDefaultCores;
}

/** CPU cores left this step after the work already charged (never quite zero, so pushes crawl rather than stop). */
function availableCores(w: World, s: IstiodState, dt: number): number {
  return Math.max(0.05, coresOf(w, s) - s.cpuUsedMs / dt);
}

/** Wall time of one write while `concurrency` writes share the available cores. */
function writeMs(sendMs: number, concurrency: number, cores: number): number {
  return Math.max(sendMs, (concurrency * sendMs) / cores);
}

/** Sends `types` of `ctx` to a proxy on its current stream and schedules its ack. */
function send(w: World, s: IstiodState, proxy: ProxyState, ctx: PushContext, full: boolean, wMs: number, eventAt: number): void {
  const types = full ? FULL_TYPES : EDS_TYPES;
  const nonce = ++w.nonceSeq;
  let superseded = false;
  for (const t of types) {
    const x = proxy.xds[t];
    if (x.sent !== null && x.sent !== x.acked) superseded = true;
    x.sent = nonce;
    const lt = COUNTER_KEY[t];
    s.counters.pushes[lt] = (s.counters.pushes[lt] ?? 0) + 1;
    observe(s.counters.pushTime[lt]!, wMs / 1000);
  }
  if (superseded) s.counters.expiredNonce++;
  observe(s.counters.convergence, (w.now + wMs - eventAt) / 1000);
  w.acks.push(w.now + wMs + applyMs(w, proxy, ctx, full), { proxy: proxy.pod, stream: proxy.stream, nonce, types, ctx });
}

/** The first push on a new stream: everything, at once, outside the queue (as istiod answers a new stream). */
export function initialPush(w: World, s: IstiodState, proxy: ProxyState, dt: number): void {
  const ctx = currentContext(w);
  const cores = availableCores(w, s, dt);
  s.cpuUsedMs += w.params.pushSendFullMs;
  s.counters.pushTriggers.proxy = (s.counters.pushTriggers.proxy ?? 0) + 1;
  send(w, s, proxy, ctx, true, writeMs(w.params.pushSendFullMs, 1, cores), w.now);
}

/** One step of one istiod's pipeline: close the debounce window, then spend the step's push capacity. */
export function stepPushes(w: World, s: IstiodState, dt: number): void {
  const p = w.params;
  const d = s.debounce;
  if (d && !s.push && (w.now - d.lastAt > p.debounceAfterMs || w.now - d.firstAt >= p.debounceMaxMs)) {
    observe(s.counters.debounceTime, (w.now - d.firstAt) / 1000);
    const trig = d.full ? 'config' : 'endpoint';
    s.counters.pushTriggers[trig] = (s.counters.pushTriggers[trig] ?? 0) + 1;
    s.push = {
      version: 0,
      full: d.full,
      ctx: currentContext(w),
      eventAt: d.firstAt,
      startedAt: w.now,
      queue: [...s.connections],
      next: 0,
      syntheticLeft: s.syntheticConnections,
      credit: 0,
    };
    s.push.version = s.push.ctx.version;
    s.debounce = null;
  }
  const push = s.push;
  if (!push) return;
  const sendMs = push.full ? p.pushSendFullMs : p.pushSendEdsMs;
  const conc = pushConcurrency(coresOf(w, s));
  const cores = availableCores(w, s, dt);
  const wMs = writeMs(sendMs, conc, cores);
  push.credit += (Math.min(conc, cores) * dt) / sendMs;
  const queueSecs = (w.now - push.startedAt) / 1000;
  while (push.credit >= 1 && push.next < push.queue.length) {
    const k = push.queue[push.next++]!;
    const proxy = w.proxies.get(k);
    if (!proxy || proxy.istiod !== s.pod) continue;
    push.credit -= 1;
    s.cpuUsedMs += sendMs;
    observe(s.counters.queueTime, queueSecs);
    send(w, s, proxy, push.ctx, push.full, wMs, push.eventAt);
  }
  if (push.next >= push.queue.length && push.syntheticLeft > 0 && push.credit >= 1) {
    // Synthetic proxies cost the same writes and show in the same series, without a proxy to ack.
    const n = Math.min(push.syntheticLeft, Math.floor(push.credit));
    push.syntheticLeft -= n;
    push.credit -= n;
    s.cpuUsedMs += n * sendMs;
    observe(s.counters.queueTime, queueSecs, n);
    observe(s.counters.convergence, (w.now + wMs - push.eventAt) / 1000, n);
    for (const t of push.full ? FULL_TYPES : EDS_TYPES) {
      const lt = COUNTER_KEY[t];
      s.counters.pushes[lt] = (s.counters.pushes[lt] ?? 0) + n;
      observe(s.counters.pushTime[lt]!, wMs / 1000, n);
    }
  }
  if (push.next >= push.queue.length && push.syntheticLeft === 0) s.push = null;
  else if (push.credit > conc) push.credit = conc;
}

/** Proxies waiting in this istiod's queue (real and synthetic). */
export function queueLength(s: IstiodState): number {
  return s.push ? s.push.queue.length - s.push.next + s.push.syntheticLeft : 0;
}
