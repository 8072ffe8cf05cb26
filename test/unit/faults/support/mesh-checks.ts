/**
 * What the fault tests look at in the model: requests through the data
 * plane over virtual time, and the comparable state with the one thing a
 * rollout restart leaves behind on any target (its restartedAt annotation).
 */
import type { ComparableState } from '../../../../src/targets/sim/model/sim-model.js';
import type { ModelTarget } from './model-target.js';

export const MIN = 60_000;
export const MiB = 2 ** 20;

export interface Traffic {
  total: number;
  failed: number;
  byStatus: Record<number, number>;
  firstFailureAt: number | null;
  lastFailureAt: number | null;
}

export function newTraffic(): Traffic {
  return { total: 0, failed: 0, byStatus: {}, firstFailureAt: null, lastFailureAt: null };
}

/** Advances `ms`, sending one request per `path` every `everyMs` and tallying the outcomes. */
export async function run(target: ModelTarget, ms: number, paths: string[] = [], everyMs = 1000, t: Traffic = newTraffic()): Promise<Traffic> {
  await target.clock.advance(ms, (now) => {
    if (paths.length === 0 || now % everyMs !== 0) return;
    for (const path of paths) {
      const r = target.model.handleRequest({ path, method: 'GET' });
      t.total++;
      t.byStatus[r.status] = (t.byStatus[r.status] ?? 0) + 1;
      if (r.status >= 400) {
        t.failed++;
        t.firstFailureAt ??= now;
        t.lastFailureAt = now;
      }
    }
  });
  return t;
}

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * comparableState without the restartedAt annotations: `kubectl rollout restart` writes one into
 * the pod template on every target, and no undo can take it back (nor needs to).
 */
export function comparable(target: ModelTarget, opts: { withoutNodes?: boolean } = {}): ComparableState {
  const s = structuredClone(target.model.comparableState()) as ComparableState & {
    deployments: Record<string, { template: { annotations?: Record<string, string> } }>;
  };
  for (const d of Object.values(s.deployments)) delete d.template.annotations?.[RESTARTED_AT];
  if (opts.withoutNodes) delete (s as Partial<ComparableState>).nodes;
  return s;
}

/**
 * Awaits `p` while the clock moves, for work that sleeps on the clock itself (a fault waiting
 * for proxies to rotate certificates) and would otherwise wait forever on a virtual clock.
 */
export async function drive<T>(target: ModelTarget, p: Promise<T>, stepMs = 100): Promise<T> {
  let done = false;
  const q = p.finally(() => (done = true));
  for (let i = 0; i < 100_000 && !done; i++) await target.clock.advance(stepMs);
  return q;
}

/**
 * "Back to how it was": the configuration deep-equal, and every image the nodes had still
 * cached. Images pulled meanwhile stay in the cache, as on any node.
 */
export function restoredFrom(target: ModelTarget, before: ComparableState): { config: boolean; lostImages: string[] } {
  const now = comparable(target);
  const { nodes: n1, ...a } = before;
  const { nodes: n2, ...b } = now;
  const lost = Object.entries(n1).flatMap(([node, images]) => images.filter((i) => !(n2[node] ?? []).includes(i)).map((i) => `${node}:${i}`));
  return { config: JSON.stringify(a) === JSON.stringify(b), lostImages: lost };
}
