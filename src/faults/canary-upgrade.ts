/**
 * canary-upgrade: the article's safe pattern, run with the same regression —
 * a new revision beside the old one, reaching only the namespaces moved to it.
 *
 * On a real cluster (old revision O, new revision N, tag T, default `stable`):
 *  1. `istioctl install --set revision=N --set tag=<toVersion>` (+ memory limit);
 *  2. for each canary namespace: `kubectl label ns <ns> istio.io/rev=N --overwrite`
 *     (and `istio-injection-` if set, since it wins), then
 *     `kubectl rollout restart deploy -n <ns>`;
 *  3. at each stage's offset, the same for that stage's namespaces;
 *  4. promotion, at the last stage: `istioctl tag set T --revision N --overwrite -y`
 *     — namespaces following T get N on their next restart; running pods keep O.
 * If N has the regression, only the moved namespaces depend on it: its OOM
 * kills config delivery for them, while everything following T on O is untouched.
 * Alerts: IstiodOOMKilled / IstiodCrashLooping / IstiodMemoryHigh for N,
 * ProxiesStale for the moved proxies.
 * Revert (the rollback): tag T back to O, labels back, N uninstalled
 * (journal, newest first), then the moved namespaces restarted so their pods
 * are injected by O again. Runs on sim, kind and cluster.
 */
import { UsageError } from '../errors.js';
import type { CanaryUpgradeParams } from '../scenario/types.js';
import type { Operation } from '../targets/operations.js';
import type { MeshSnapshot, RevisionView } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { deployment, discoveryContainer, hasInjectionLabel, ref, resolveRevision, workloadsIn } from './mesh-queries.js';
import { plannedFault, step, undoThenRestart } from './steps.js';

type Params = { type: 'canary-upgrade' } & CanaryUpgradeParams;

function fromRevision(p: Params, mesh: MeshSnapshot): RevisionView {
  if (p.fromRevision !== undefined) return resolveRevision(mesh, p.fromRevision);
  const tagged = mesh.tags[p.tag];
  return resolveRevision(mesh, tagged);
}

/** Labels a namespace onto the new revision and restarts its workloads. */
function move(mesh: MeshSnapshot, namespaces: readonly string[], revision: string, offsetMs: number, why: string): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const ns of namespaces) {
    const label: Operation = {
      op: 'set-namespace-revision',
      namespace: ns,
      revision,
      ...(hasInjectionLabel(mesh, ns) ? { injection: false } : {}),
    };
    out.push(step(label, offsetMs, why));
    for (const d of workloadsIn(mesh, [ns]))
      out.push(step({ op: 'rollout-restart', workload: ref(d) }, offsetMs, `sidecar from ${revision}`));
  }
  return out;
}

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  const from = fromRevision(p, mesh);
  if (mesh.revisions.some((r) => r.revision === p.toRevision))
    throw new UsageError(`canary-upgrade: revision ${p.toRevision} is already installed`);
  const fromDeployment = deployment(mesh, from.deployment);
  const limit = p.memoryLimitBytes ?? discoveryContainer(fromDeployment).memoryLimitBytes;
  const install: Operation = {
    op: 'install-revision',
    revision: p.toRevision,
    version: p.toVersion,
    replicas: Math.max(1, fromDeployment.replicas),
    memoryLimitBytes: limit,
  };
  const out: PlannedStep[] = [step(install, 0, `beside ${from.revision}`)];
  out.push(...move(mesh, p.canaryNamespaces, p.toRevision, 0, 'canary'));
  const moved = new Set(p.canaryNamespaces);
  const stages = [...p.stages].sort((a, b) => a.afterMs - b.afterMs);
  stages.forEach((s, i) => {
    const fresh = s.namespaces.filter((ns) => !moved.has(ns));
    fresh.forEach((ns) => moved.add(ns));
    out.push(...move(mesh, fresh, p.toRevision, s.afterMs, `stage ${i + 1}`));
  });
  const last = stages[stages.length - 1];
  if (last) out.push(step({ op: 'set-revision-tag', tag: p.tag, revision: p.toRevision }, last.afterMs, 'promotion'));
  return out;
}

export const canaryUpgrade: Fault<Params> = plannedFault<Params>(
  'canary-upgrade',
  'a new istiod revision is canaried on a few namespaces, staged, then promoted by moving a revision tag',
  steps,
  undoThenRestart,
);
