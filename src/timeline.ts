/**
 * The run's timeline: every event a run records, in one union keyed on
 * `kind`. It is written to `timeline.jsonl` as it happens and is the only
 * input of the measurement engine. Times are epoch ms on the run's clock.
 * Shared vocabulary: the observers speak it, measure/ and report/ read it,
 * so it sits below all of them.
 */

export type Phase = 'validate' | 'guard' | 'bring-up' | 'steady-state' | 'inject' | 'observe' | 'recover' | 'revert' | 'report';

export type AlertState = 'pending' | 'firing' | 'resolved';

export type TimelineEvent =
  | { kind: 'phase'; at: number; phase: Phase }
  /** A fault's first mutation confirmed by the target. */
  | { kind: 'fault.inject'; at: number; fault: string; type: string; operations: string[] }
  | { kind: 'fault.revert'; at: number; fault: string; operations: string[]; ok: boolean }
  /**
   * An alert changed state. For `firing`, `at` is Prometheus' firing instant (activeAt + for, on the
   * evaluation tick), not when the harness heard of it; `heardAt` is when it did.
   */
  | {
      kind: 'alert';
      at: number;
      alert: string;
      state: AlertState;
      labels: Record<string, string>;
      activeAt?: number;
      heardAt: number;
      source: 'prometheus' | 'alertmanager';
    }
  /** One second of the user-side view from the load engine (`at` is the start of the second). */
  | {
      kind: 'sli';
      at: number;
      requests: number;
      failures: number;
      byStatus: Record<string, number>;
      p50Ms: number | null;
      p99Ms: number | null;
      /** Per destination namespace, when the load tags it (blast radius). */
      byNamespace?: Record<string, { requests: number; failures: number }>;
    }
  /** A responder's (or trainee's) mitigation action. */
  | { kind: 'action'; at: number; by: 'responder' | 'trainee' | 'harness'; action: string; ok: boolean; error?: string }
  /** Something the target reported (OOMKilled, ErrImagePull, FailedCreate, …). */
  | { kind: 'target'; at: number; reason: string; object: string; message: string }
  /** Simulator ground truth: the model's first failed request etc. */
  | { kind: 'symptom'; at: number; what: string }
  /** Prometheus could not be asked: detection over this span is unknown, not absent. */
  | { kind: 'detection.unavailable'; at: number; until: number; reason: string }
  /**
   * The target's API server stopped answering (refused, reset, timed out, 5xx, 429). Prometheus scrapes
   * a cluster through it, so from `at` what the mesh does is unknown until the next `apiserver.reachable`.
   */
  | { kind: 'apiserver.unreachable'; at: number; reason: string }
  | { kind: 'apiserver.reachable'; at: number }
  /** The harness started one of its own observers again after it died: same port, same data. */
  | { kind: 'observer.restart'; at: number; component: 'prometheus'; attempt: number; ok: boolean; error?: string }
  | { kind: 'abort'; at: number; reason: string }
  | { kind: 'note'; at: number; message: string };
