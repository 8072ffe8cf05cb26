/**
 * inplace-upgrade: the article's anti-pattern and the cause of its 22-minute
 * outage — the serving istiod is replaced by a new version in place, then
 * every workload is restarted onto it.
 *
 * On a real cluster (revision R, Deployment istio-system/istiod[-R]):
 *  1. `istioctl install --set revision=R --set tag=<toVersion>` over the
 *     installed revision (what `istioctl upgrade` does): the same Deployment
 *     gets the new pilot image — and the memory limit, the given one or the
 *     one that fit the old version — in one rollout;
 *  2. after `restartWorkloadsAfter`, `kubectl rollout restart deploy -n <ns>`
 *     for every workload R injected, so each gets the new sidecar and
 *     reconnects to the new istiod at once.
 * The upgrade is an install over the revision, not a bare `set image`: the
 * version is a property of the revision (injector templates, istiod
 * behaviour), and the simulator ties istiod's memory profile to it.
 * If the new version needs more memory than the limit, the new istiod passes
 * it as the restarted proxies connect: OOMKilled, CrashLoopBackOff, and the
 * whole mesh is without a control plane. Rolling back needs the old image.
 * Alerts: IstiodMemoryHigh, IstiodOOMKilled, IstiodCrashLooping,
 * IstiodUnavailable, ProxiesStale, MeshHigh5xxRatio.
 * Revert (the rollback): the old version and limit installed over R again
 * (journal) — which needs the old image, pulled again if it was evicted —
 * then the restarted workloads restarted once more onto the old sidecar.
 * Runs on sim, kind and cluster.
 */
import { UsageError } from '../errors.js';
import type { InplaceUpgradeParams } from '../scenario/types.js';
import type { Operation } from '../targets/operations.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { deployment, discoveryContainer, imageForVersion, injectedWorkloads, ref, resolveRevision } from './mesh-queries.js';
import { plannedFault, step, undoThenRestart } from './steps.js';

type Params = { type: 'inplace-upgrade' } & InplaceUpgradeParams;

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const rev = resolveRevision(mesh, p.revision);
  const d = deployment(mesh, rev.deployment);
  const container = discoveryContainer(d);
  if (rev.version === p.toVersion) throw new UsageError(`inplace-upgrade: revision ${rev.revision} already runs ${p.toVersion}`);
  const upgrade: Operation = {
    op: 'install-revision',
    revision: rev.revision,
    version: p.toVersion,
    replicas: d.replicas,
    memoryLimitBytes: p.memoryLimitBytes ?? container.memoryLimitBytes,
  };
  const out: PlannedStep[] = [step(upgrade, 0, `in place over ${rev.version}: ${imageForVersion(container.image, p.toVersion)}`)];
  if (p.restartWorkloadsAfterMs !== undefined) {
    for (const w of injectedWorkloads(mesh, rev.revision)) {
      out.push(step({ op: 'rollout-restart', workload: ref(w) }, p.restartWorkloadsAfterMs, 'new sidecar from the new injector'));
    }
  }
  return out;
}

// Only the workloads the fault really restarted carry the new sidecar; a revert before the
// restart leaves the others alone.
export const inplaceUpgrade: Fault<Params> = plannedFault<Params>(
  'inplace-upgrade',
  'the serving istiod is upgraded in place and every workload restarted onto it: 100% blast radius',
  steps,
  undoThenRestart,
);
