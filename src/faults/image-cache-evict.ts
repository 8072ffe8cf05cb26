/**
 * image-cache-evict: the image a rollback needs is gone from the nodes and
 * the registry is slow or down — the article's T+8 "old istiod image no
 * longer in local registry cache".
 *
 * On kind:
 *  1. `docker exec <node> ctr -n k8s.io images rm <image>` on each node (or
 *     the given ones). `crictl rmi` can fail for images loaded with
 *     `kind load` (kind #3369). `previous-istiod` resolves, from the mesh, to
 *     the newest istiod image older than the serving revision's.
 *  2. The registry mirror named in the cluster's `containerdConfigPatches`
 *     is made slow (per-pull delay) or unreachable.
 *  3. After `registryOutageMs` a timer on the run's clock restores the
 *     registry to what it was; revert does too.
 * A later pod that needs the image (`imagePullPolicy: IfNotPresent`) waits in
 * ErrImagePull / ImagePullBackOff until a pull succeeds. Managed clusters do
 * not let the harness remove images from nodes: kind and sim only.
 * Alerts: ImagePullFailing (only once something pulls), IstiodUnavailable
 * when what was waiting for the image is istiod.
 * Revert: the registry comes back (journal); the evicted image is not put
 * back — the next pull fetches it, as after a real eviction.
 */
import { isAbort, RevertError } from '../errors.js';
import type { ImageCacheEvictParams } from '../scenario/types.js';
import type { Operation } from '../targets/operations.js';
import type { MeshSnapshot, RegistryView } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { previousIstiodImage } from './mesh-queries.js';
import { execute, note, step, stopAndUndo } from './steps.js';

type Params = { type: 'image-cache-evict' } & ImageCacheEvictParams;

export const PREVIOUS_ISTIOD = 'previous-istiod';

export function resolveImage(p: Params, mesh: MeshSnapshot): string {
  return p.image === PREVIOUS_ISTIOD ? previousIstiodImage(mesh) : p.image;
}

function registryOp(p: Params): Operation | null {
  if (p.registry === 'reachable') return null;
  return { op: 'set-registry', reachable: p.registry === 'slow', pullDelayMs: p.pullDelayMs };
}

function restoreOp(before: RegistryView): Operation {
  return { op: 'set-registry', reachable: before.reachable, pullDelayMs: before.pullDelayMs };
}

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const out: PlannedStep[] = [];
  const reg = registryOp(p);
  // The registry goes first, so nothing can re-pull the image between the eviction and the outage.
  if (reg) out.push(step(reg, 0, p.registry === 'slow' ? `every pull waits ${p.pullDelayMs} ms` : 'pulls fail'));
  const evict: Operation = { op: 'evict-image', image: resolveImage(p, mesh), ...(p.nodes?.length ? { nodes: p.nodes } : {}) };
  out.push(step(evict));
  if (reg && p.registryOutageMs !== undefined) {
    out.push(note(`${stepText(restoreOp(mesh.registry))} (registry outage over)`, p.registryOutageMs));
  }
  return out;
}

function stepText(op: Operation): string {
  return step(op).description;
}

export const imageCacheEvict: Fault<Params> = {
  type: 'image-cache-evict',
  summary: 'an image is evicted from node caches while the registry is slow or unreachable: the next pull of it fails or crawls',
  nodeAccess: true,
  plan: (p, mesh) => steps(p, mesh),
  async inject(p, ctx) {
    const mesh = await ctx.snapshot();
    const before = mesh.registry;
    const outage = registryOp(p) && p.registryOutageMs !== undefined ? p.registryOutageMs : undefined;
    return execute(steps(p, mesh), ctx, async (tInject, signal) => {
      if (outage === undefined) return;
      try {
        await ctx.clock.sleep(Math.max(0, tInject + outage - ctx.clock.now()), signal);
      } catch (err) {
        if (isAbort(err)) return;
        throw err;
      }
      // Journaled like any mutation: replaying undos newest first still ends at `before`.
      const c = await ctx.mutate(restoreOp(before));
      ctx.log.info({ event: 'fault.step', fault: ctx.fault }, c.summary);
    });
  },
  async revert(_p, ctx) {
    await stopAndUndo(ctx);
    // A rollback that cannot pull is what this fault simulates; leaving the registry down after
    // the GameDay would make it real. Say so loudly rather than report a clean revert.
    const after = await ctx.snapshot();
    if (!after.registry.reachable) {
      throw new RevertError('the registry is still unreachable after revert', [
        { operation: 'set-registry reachable', error: 'registry unreachable' },
      ]);
    }
  },
};
