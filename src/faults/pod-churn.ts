/**
 * pod-churn: a storm of pod events across namespaces — the article's
 * "config propagation lag": deployments and HPA scale events flood istiod's
 * push queue until proxies fall behind (STALE) and route to pods that are gone.
 *
 * On a real cluster, `eventsPerSecond` times a second, spread over the
 * namespaces' Deployments, one of (weighted by `mix`):
 *  - delete: `kubectl delete pod <one pod>` (its ReplicaSet recreates it);
 *  - restart: `kubectl rollout restart deploy/<d>`;
 *  - scale: `kubectl scale deploy/<d> --replicas=<n±1>` (never below 1, never
 *    more than one away from where it started).
 * Each event changes endpoints, so istiod debounces and pushes EDS to every
 * proxy. Alerts: ProxyConvergenceSlow, ProxiesStale, then MeshHigh5xxRatio
 * when proxies route to removed endpoints (503 UH/UF).
 * Revert: the storm stops on ctx.signal; replica counts go back (journal).
 * Deleted and restarted pods are not "undone": their controllers replace them.
 * Runs on sim, kind and cluster.
 */
import { isAbort, UsageError } from '../errors.js';
import type { PodChurnParams } from '../scenario/types.js';
import type { Operation } from '../targets/operations.js';
import type { DeploymentView, MeshSnapshot } from '../targets/views.js';
import type { Fault, FaultContext, PlannedStep } from './fault.js';
import { ref, workloadsIn } from './mesh-queries.js';
import { execute, note, stopAndUndo } from './steps.js';
import { fnv1a, mulberry32 } from '../seeded-random.js';

type Params = { type: 'pod-churn' } & PodChurnParams;
type Kind = keyof PodChurnParams['mix'];

function targets(p: Params, mesh: MeshSnapshot): DeploymentView[] {
  if (!(p.eventsPerSecond > 0)) throw new UsageError('pod-churn: eventsPerSecond must be above 0');
  const total = p.mix.delete + p.mix.restart + p.mix.scale;
  if (!(total > 0)) throw new UsageError('pod-churn: the mix needs at least one positive weight');
  const ds = workloadsIn(mesh, p.namespaces).filter((d) => d.replicas > 0);
  if (ds.length === 0) throw new UsageError(`pod-churn: no running deployment in ${p.namespaces.join(', ')}`);
  return ds;
}

function mixText(p: Params): string {
  const total = p.mix.delete + p.mix.restart + p.mix.scale;
  const pct = (n: number): string => `${Math.round((n / total) * 100)}%`;
  return `${pct(p.mix.delete)} pod deletes, ${pct(p.mix.restart)} rollout restarts, ${pct(p.mix.scale)} scale ±1`;
}

function plan(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const ds = targets(p, mesh);
  return [
    note(
      `churn storm: ${p.eventsPerSecond} pod events/s over ${ds.length} deployment(s) in ${p.namespaces.join(', ')} (${mixText(p)}), until reverted`,
    ),
  ];
}

/** Deterministic per fault name, so two runs of one scenario churn the same way. */
function rng(seedText: string): () => number {
  return mulberry32(fnv1a(seedText)).next;
}

class Storm {
  private readonly random: () => number;
  private readonly start = new Map<string, number>();
  private readonly current = new Map<string, number>();
  private mesh: MeshSnapshot;
  /** Pods this storm deleted (→ when) that the last read may still show: never picked twice. */
  private readonly deleted = new Map<string, number>();

  constructor(
    private readonly p: Params,
    private readonly ds: DeploymentView[],
    mesh: MeshSnapshot,
    seed: string,
  ) {
    this.random = rng(seed);
    this.mesh = mesh;
    for (const d of ds) {
      this.start.set(key(d), d.replicas);
      this.current.set(key(d), d.replicas);
    }
  }

  /** A read of the mesh requested at `since`: deletions sent before then show in it. */
  refresh(mesh: MeshSnapshot, since: number): void {
    this.mesh = mesh;
    for (const [k, at] of this.deleted) if (at < since) this.deleted.delete(k);
  }

  next(now: number): Operation {
    const d = this.ds[Math.floor(this.random() * this.ds.length)]!;
    const kind = this.kind();
    if (kind === 'restart') return { op: 'rollout-restart', workload: ref(d) };
    if (kind === 'scale') {
      const start = this.start.get(key(d))!;
      const now = this.current.get(key(d))!;
      const down = now > start || (now > 1 && now === start && this.random() < 0.5);
      const replicas = down ? now - 1 : now + 1;
      this.current.set(key(d), replicas);
      return { op: 'scale', workload: ref(d), replicas };
    }
    const pods = this.mesh.pods.filter(
      (x) =>
        x.namespace === d.namespace &&
        x.workload === d.name &&
        x.phase !== 'Succeeded' &&
        x.phase !== 'Failed' &&
        !this.deleted.has(key(x)),
    );
    const pod = pods[Math.floor(this.random() * pods.length)];
    if (pod) this.deleted.set(key(pod), now);
    return pod
      ? { op: 'delete-pods', namespace: d.namespace, names: [pod.name] }
      : { op: 'delete-pods', namespace: d.namespace, selector: d.labels, count: 1 };
  }

  private kind(): Kind {
    const { delete: del, restart, scale } = this.p.mix;
    const r = this.random() * (del + restart + scale);
    if (r < del) return 'delete';
    return r < del + restart ? 'restart' : 'scale';
  }
}

const key = (d: { namespace: string; name: string }): string => `${d.namespace}/${d.name}`;

/** How often the storm re-reads the mesh to pick pods that still exist. */
const REFRESH_MS = 1000;
/**
 * Events are sent at the rate whether or not earlier ones were confirmed yet (a real cluster's API
 * round trip plus the watch that confirms it is tens of ms: one at a time, 50/s would be out of reach);
 * this bounds how many may be outstanding.
 */
const MAX_IN_FLIGHT = 100;

export const podChurn: Fault<Params> = {
  type: 'pod-churn',
  summary: 'a storm of pod deletes, restarts and scale events floods istiod with pushes: proxies go stale',
  plan,
  async inject(p, ctx: FaultContext) {
    const mesh = await ctx.snapshot();
    const storm = new Storm(p, targets(p, mesh), mesh, `${ctx.fault}:${p.namespaces.join(',')}`);
    const interval = 1000 / p.eventsPerSecond;
    const first = storm.next(ctx.clock.now());
    const result = await execute([{ offsetMs: 0, operation: first, description: '' }], ctx, async (tInject, signal) => {
      let lastRefresh = tInject;
      let refreshing: Promise<void> | null = null;
      let failures = 0;
      const inFlight = new Set<Promise<void>>();
      const send = (op: Operation): void => {
        const done = ctx.mutate(op).then(
          () => undefined,
          (err: unknown) => {
            // A pod already gone is part of a storm; keep churning, but say so once in a while.
            if (failures++ % 50 === 0)
              ctx.log.warn({ event: 'fault.step.failed', fault: ctx.fault, error: String(err) }, 'churn event failed');
          },
        );
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
      };
      try {
        for (let i = 1; !signal.aborted; i++) {
          try {
            await ctx.clock.sleep(Math.max(0, tInject + i * interval - ctx.clock.now()), signal);
          } catch (err) {
            if (isAbort(err)) return;
            throw err;
          }
          if (!refreshing && ctx.clock.now() - lastRefresh >= REFRESH_MS) {
            const since = (lastRefresh = ctx.clock.now());
            refreshing = ctx
              .snapshot()
              .then((m) => storm.refresh(m, since))
              // The next tick reads again; until then the storm picks from the last read.
              .catch((err: unknown) =>
                ctx.log.warn({ event: 'fault.step.failed', fault: ctx.fault, error: String(err) }, 'could not re-read the mesh'),
              )
              .finally(() => (refreshing = null));
          }
          send(storm.next(ctx.clock.now()));
          if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
        }
      } finally {
        // The storm has stopped only when nothing it sent is still on its way.
        await Promise.all(inFlight);
        await refreshing;
      }
    });
    result.operations.push(plan(p, mesh)[0]!.description);
    return result;
  },
  async revert(_p, ctx) {
    await stopAndUndo(ctx);
  },
};
