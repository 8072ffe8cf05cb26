/**
 * deny-policy: an AuthorizationPolicy with a bad selector or rule — the
 * article's "one typo blocks all traffic to an entire namespace".
 *
 * On a real cluster: `kubectl apply` of a `security.istio.io/v1`
 * AuthorizationPolicy `<namespace>/<name>` with the given selector and rules:
 *  - mode `enforce` → `action: DENY`: matching requests get 403
 *    `RBAC: access denied` (response flag `-`), counted by Envoy as
 *    `…_rbac{authz_enforce_result="denied"}`;
 *  - mode `audit` → `action: AUDIT`: the decision never changes and nothing
 *    is logged unless an audit plugin is configured (only Stackdriver);
 *  - mode `dry-run` → `action: DENY` with annotation `istio.io/dry-run: "true"`:
 *    nothing is denied; Envoy counts what would have been
 *    (`…_rbac{authz_dry_run_action="deny",authz_dry_run_result="denied"}`,
 *    `shadow_denied`) and logs `shadow denied, matched policy …` at debug.
 * The audit and dry-run modes are the article's AUDIT-before-DENY rehearsal:
 * their finding is what WOULD have been denied, which `wouldDeny` reads from
 * the mesh (the report shows it); in enforce mode users see the 403s.
 * Alerts: MeshRbacDenied (enforce), MeshHigh5xxRatio stays quiet (403 is 4xx).
 * Revert: the policy is deleted, or its previous version restored (journal).
 * Runs on sim, kind and cluster.
 */
import type { DenyPolicyParams } from '../scenario/types.js';
import type { AuthorizationPolicySpec } from '../targets/operations.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { workloadsIn } from './mesh-queries.js';
import { plannedFault, step } from './steps.js';

type Params = { type: 'deny-policy' } & DenyPolicyParams;

export function policyFor(p: Params): AuthorizationPolicySpec {
  return {
    namespace: p.namespace,
    name: p.name,
    action: p.mode === 'audit' ? 'AUDIT' : 'DENY',
    ...(p.mode === 'dry-run' ? { dryRun: true } : {}),
    ...(p.selector ? { selector: p.selector } : {}),
    rules: p.rules,
  };
}

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  // Fails early on a namespace the mesh does not have: a policy there would be a silent no-op.
  workloadsIn(mesh, [p.namespace]);
  const why = p.mode === 'enforce' ? 'matching requests get 403' : `${p.mode}: nothing is denied; the report counts what would have been`;
  return [step({ op: 'apply-authorization-policy', policy: policyFor(p) }, 0, why)];
}

export const denyPolicy: Fault<Params> = plannedFault<Params>(
  'deny-policy',
  'an AuthorizationPolicy denies (or, in audit/dry-run, would deny) the traffic it matches',
  steps,
);
