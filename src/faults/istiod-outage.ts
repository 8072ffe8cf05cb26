/**
 * istiod-outage: every istiod of a revision is gone — the article's blast
 * radius list ("what breaks when istiod fails").
 *
 * On a real cluster (revision R):
 *  1. optionally, `meshConfig.defaultConfig.proxyMetadata.SECRET_TTL=<certTtl>`
 *     (IstioOperator / `istioctl install --set …`), so workload certificates
 *     issued from now on expire within the run instead of after 24 h;
 *     — then it waits (up to 60 s) until the proxies rotated onto it;
 *  2. `kubectl -n istio-system scale deploy/istiod-R --replicas=0` (t_inject).
 * Then, as on a cluster: running proxies keep their last config; the
 * injector webhook (failurePolicy Fail) rejects new pods in R's namespaces
 * (FailedCreate); endpoint and config changes stop propagating, so after any
 * churn proxies route to pods that are gone (503 UH/UF); certificates stop
 * rotating and mTLS fails once they expire.
 * Alerts: IstiodUnavailable first; later ProxiesStale, MeshHigh5xxRatio,
 * WorkloadCertExpiringSoon.
 * Revert: replicas and the TTL back (journal). Runs on sim, kind and cluster.
 */
import type { IstiodOutageParams } from '../scenario/types.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, FaultContext, PlannedStep } from './fault.js';
import { deployment, ref, resolveRevision } from './mesh-queries.js';
import { execute, step, stopAndUndo } from './steps.js';

type Params = { type: 'istiod-outage' } & IstiodOutageParams;

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const d = deployment(mesh, resolveRevision(mesh, p.revision).deployment);
  const out: PlannedStep[] = [];
  // The TTL first: once istiod is down no proxy can get a certificate carrying the new lifetime.
  if (p.certTtlMs !== undefined)
    out.push(step({ op: 'set-cert-ttl', ttlMs: p.certTtlMs }, 0, 'then wait until proxies hold certificates that short'));
  out.push(step({ op: 'scale', workload: ref(d), replicas: 0 }, 0, `was ${d.replicas}`));
  return out;
}

/** Longest wait for proxies to rotate onto the shorter TTL before istiod goes. */
const ROTATION_WAIT_MAX_MS = 60_000;
const ROTATION_POLL_MS = 1_000;

/**
 * Waits until every connected proxy of the revision holds a certificate that expires within
 * `ttlMs`: before that, taking istiod away would leave them with day-long certificates.
 */
async function awaitRotation(ctx: FaultContext, revision: string, ttlMs: number): Promise<boolean> {
  const until = ctx.clock.now() + ROTATION_WAIT_MAX_MS;
  for (;;) {
    const mesh = await ctx.snapshot();
    const long = mesh.proxies.filter(
      (x) => x.revision === revision && x.istiod !== null && (x.certExpiresAt === null || x.certExpiresAt > mesh.at + ttlMs),
    );
    if (long.length === 0) return true;
    if (ctx.clock.now() >= until) return false;
    await ctx.clock.sleep(ROTATION_POLL_MS, ctx.signal);
  }
}

export const istiodOutage: Fault<Params> = {
  type: 'istiod-outage',
  summary: "a revision's istiod is scaled to zero: config freezes, new pods are rejected, certificates stop rotating",
  plan: (p, mesh) => steps(p, mesh),
  async inject(p, ctx) {
    const mesh = await ctx.snapshot();
    const planned = steps(p, mesh);
    if (p.certTtlMs === undefined) return execute(planned, ctx);
    // Preparation, not the outage: t_inject is when istiod goes away, so TTD is measured from it.
    const ttl = await ctx.mutate(planned[0]!.operation!);
    const rotated = await awaitRotation(ctx, resolveRevision(mesh, p.revision).revision, p.certTtlMs);
    if (!rotated)
      ctx.log.warn({ event: 'fault.step', fault: ctx.fault }, 'some proxies still hold long certificates; taking istiod down anyway');
    const result = await execute(planned.slice(1), ctx);
    return { ...result, operations: [ttl.summary, ...result.operations] };
  },
  async revert(_p, ctx) {
    await stopAndUndo(ctx);
  },
};
