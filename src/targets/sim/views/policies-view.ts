/** `kubectl get authorizationpolicies -A`, widened with what decides a policy's effect: dry-run, selector, rule count. */
import type { MeshSnapshot } from '../../views.js';
import { renderTable } from './table.js';

export function renderPolicies(snap: Pick<MeshSnapshot, 'policies'>): string {
  const policies = [...snap.policies].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return renderTable(
    ['NAMESPACE', 'NAME', 'ACTION', 'DRY-RUN', 'SELECTOR', 'RULES'],
    policies.map((p) => [
      p.namespace,
      p.name,
      p.action,
      p.dryRun ? 'true' : 'false',
      p.selector && Object.keys(p.selector).length
        ? Object.entries(p.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : '<all workloads>',
      String(p.rules?.length ?? 0),
    ]),
  );
}
