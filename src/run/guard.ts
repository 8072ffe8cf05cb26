/**
 * The target guard: the harness touches an existing cluster only when the
 * user named its context, and only a context on the allow list. Pure, so the
 * rules are tested without a cluster.
 */
import { UsageError } from '../errors.js';
import type { TargetKind } from '../targets/port.js';

export interface GuardInput {
  target: TargetKind;
  /** `--context`: the kube context the user named, if any. */
  context?: string;
  /** `--allow-context` values and GAMEDAY_ALLOWED_CONTEXTS (comma separated). */
  allowed: string[];
  /** kind cluster name (`--kind-cluster`), for the kind target. */
  kindCluster?: string;
}

export interface GuardDecision {
  target: TargetKind;
  context?: string;
}

export function guardTarget(input: GuardInput): GuardDecision {
  switch (input.target) {
    case 'sim':
      if (input.context) throw new UsageError('--context names a Kubernetes context; it makes no sense with --target sim');
      return { target: 'sim' };
    case 'kind': {
      const context = `kind-${input.kindCluster ?? 'gameday'}`;
      if (input.context && input.context !== context) {
        throw new UsageError(`--target kind works on its own cluster (context ${context}); use --target cluster --context ${input.context} for another`);
      }
      return { target: 'kind', context };
    }
    case 'cluster': {
      if (!input.context) {
        throw new UsageError('--target cluster needs --context <name>: the harness never picks a cluster by itself (not even the current context)');
      }
      const allowed = new Set(input.allowed.map((s) => s.trim()).filter(Boolean));
      if (!allowed.has(input.context)) {
        throw new UsageError(
          `context "${input.context}" is not allowed: add --allow-context ${input.context} (or list it in GAMEDAY_ALLOWED_CONTEXTS) to run faults against it`,
        );
      }
      return { target: 'cluster', context: input.context };
    }
  }
}

/**
 * The label that opts a namespace in to GameDays: faults are refused in a
 * namespace that does not carry it, even when the namespace is on the allow
 * list — two independent yeses, one from whoever runs the GameDay and one
 * from whoever owns the namespace.
 */
export const GAMEDAY_NAMESPACE_LABEL = 'gameday.istio.io/allowed';

export interface NamespaceGuardInput {
  target: TargetKind;
  /** Every namespace the scenario's faults and responder would change. */
  touched: readonly string[];
  /** `--allow-namespace` values and GAMEDAY_ALLOWED_NAMESPACES. */
  allowed: readonly string[];
  /** Labels of the allowed namespaces as the cluster has them (absent: the namespace does not exist). */
  labels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Operations that need node or registry access, described (refused on an existing cluster). */
  nodeOperations: readonly string[];
}

/** Throws a UsageError (exit 2) naming every reason a scenario may not run on this cluster. Pure. */
export function guardNamespaces(input: NamespaceGuardInput): void {
  // kind is the harness's own throwaway cluster; the simulator is a model.
  if (input.target !== 'cluster') return;
  const allowed = new Set(input.allowed.map((s) => s.trim()).filter(Boolean));
  const problems: string[] = [];
  if (input.nodeOperations.length > 0) {
    problems.push(
      `${input.nodeOperations.join('; ')}: an existing cluster gives no access to its nodes' image cache or its registry (managed clusters never do); run this fault on kind or the simulator`,
    );
  }
  for (const ns of [...new Set(input.touched)].sort()) {
    if (!allowed.has(ns)) {
      problems.push(`namespace "${ns}" is not allowed: add --allow-namespace ${ns} (or list it in GAMEDAY_ALLOWED_NAMESPACES)`);
      continue;
    }
    const labels = input.labels.get(ns);
    if (!labels) problems.push(`namespace "${ns}" does not exist in the cluster`);
    else if (labels[GAMEDAY_NAMESPACE_LABEL] !== 'true') {
      problems.push(`namespace "${ns}" is not labelled for GameDays: its owner opts in with kubectl label namespace ${ns} ${GAMEDAY_NAMESPACE_LABEL}=true`);
    }
  }
  if (problems.length > 0) throw new UsageError(`refusing to run on this cluster (nothing was changed):\n  ${problems.join('\n  ')}`);
}
