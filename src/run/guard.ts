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
