/**
 * AuthorizationPolicy evaluation in Istio's order (docs/envoy.md#authorization-policy):
 * CUSTOM (not modelled), then DENY, then ALLOW. Any matching DENY denies; with
 * ALLOW policies on a workload only matches pass; AUDIT never changes the
 * decision; dry-run policies never enforce and are counted as "would deny".
 */
import type { AuthorizationPolicySpec, AuthorizationRule } from '../../operations.js';
import { ISTIO_ROOT_NAMESPACE } from './versions.js';

export interface AuthzRequest {
  /** `cluster.local/ns/<ns>/sa/<sa>`, empty without mTLS. */
  principal: string;
  /** Source namespace, empty without mTLS. */
  namespace: string;
  path: string;
  method: string;
}

export interface AuthzTarget {
  namespace: string;
  labels: Record<string, string>;
}

export interface AuthzDecision {
  allowed: boolean;
  /** `ns/name` of the enforced policy that denied (for an ALLOW miss, `allow-policies`). */
  deniedBy: string | null;
  /** Dry-run policies that would have denied, `ns/name`. */
  dryRunDenied: readonly string[];
  /** AUDIT policies that matched (they log only with an audit plugin). */
  audited: readonly string[];
}

/** The lists of a decision no policy added to: shared, since every request without a matching policy has them. */
const NONE: readonly string[] = Object.freeze([]);

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*`. */
export function matchValue(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

function anyMatch(patterns: string[] | undefined, value: string): boolean {
  return patterns === undefined || patterns.some((p) => matchValue(p, value));
}

function noneMatch(patterns: string[] | undefined, value: string): boolean {
  return patterns === undefined || !patterns.some((p) => matchValue(p, value));
}

function ruleMatches(rule: AuthorizationRule, req: AuthzRequest): boolean {
  const fromOk =
    !rule.from ||
    rule.from.length === 0 ||
    rule.from.some(
      ({ source: s }) =>
        anyMatch(s.principals, req.principal) &&
        noneMatch(s.notPrincipals, req.principal) &&
        anyMatch(s.namespaces, req.namespace) &&
        noneMatch(s.notNamespaces, req.namespace),
    );
  const toOk =
    !rule.to ||
    rule.to.length === 0 ||
    rule.to.some(
      ({ operation: o }) =>
        anyMatch(o.paths, req.path) &&
        noneMatch(o.notPaths, req.path) &&
        anyMatch(o.methods, req.method.toUpperCase()) &&
        noneMatch(o.notMethods, req.method.toUpperCase()),
    );
  return fromOk && toOk;
}

/** A policy without rules matches nothing (so an ALLOW without rules allows nothing). */
function policyMatches(p: AuthorizationPolicySpec, req: AuthzRequest): boolean {
  return (p.rules ?? []).some((r) => ruleMatches(r, req));
}

export function appliesTo(p: AuthorizationPolicySpec, t: AuthzTarget): boolean {
  if (p.namespace !== t.namespace && p.namespace !== ISTIO_ROOT_NAMESPACE) return false;
  if (!p.selector) return true;
  return Object.entries(p.selector).every(([k, v]) => t.labels[k] === v);
}

export function evaluate(policies: readonly AuthorizationPolicySpec[], target: AuthzTarget, req: AuthzRequest): AuthzDecision {
  let allowed = true;
  let deniedBy: string | null = null;
  // Made only when a policy adds to them: most requests meet no matching policy.
  let dryRunDenied: string[] | null = null;
  let audited: string[] | null = null;
  let enforcedAllows = 0;
  let allowMatched = false;
  let dryAllows = 0;
  let dryAllowMatched = false;
  for (const p of policies) {
    if (!appliesTo(p, target)) continue;
    const id = `${p.namespace}/${p.name}`;
    const m = policyMatches(p, req);
    if (p.action === 'AUDIT') {
      if (m) (audited ??= []).push(id);
    } else if (p.action === 'DENY') {
      if (!m) continue;
      if (p.dryRun) (dryRunDenied ??= []).push(id);
      else if (allowed) {
        allowed = false;
        deniedBy = id;
      }
    } else if (p.dryRun) {
      dryAllows++;
      dryAllowMatched ||= m;
    } else {
      enforcedAllows++;
      allowMatched ||= m;
    }
  }
  if (allowed && enforcedAllows > 0 && !allowMatched) {
    allowed = false;
    deniedBy = 'allow-policies';
  }
  if (dryAllows > 0 && !dryAllowMatched) (dryRunDenied ??= []).push('dry-run-allow-policies');
  return { allowed, deniedBy, dryRunDenied: dryRunDenied ?? NONE, audited: audited ?? NONE };
}
