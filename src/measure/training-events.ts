/**
 * What a trainee did during a `gameday train` session, and what they were
 * shown: pages, acknowledgements, diagnoses, hints, actions. Written to the
 * session's `training.jsonl` as it happens; with the run's timeline it is
 * the only input of the training score. Times are epoch ms on the session's
 * clock.
 */
export type TrainingEvent =
  /** An Alertmanager notification shown on the pager; `at` is the alert's firing instant (its startsAt). */
  | {
      kind: 'page';
      at: number;
      shownAt: number;
      alert: string;
      severity: string;
      summary: string;
      runbookUrl?: string;
      fingerprint: string;
    }
  | { kind: 'ack'; at: number; pages: number }
  | { kind: 'diagnose'; at: number; faultType: string; component?: string; note?: string }
  | { kind: 'hint'; at: number; index: number; text: string }
  /**
   * A mitigation: through `gameday train act` (no `via`), or a change the target saw someone
   * else make — `via` is `gameday sim apply`, or on a cluster the writer's field manager
   * (`kubectl-scale`, `kubectl-edit`…) — with the object it changed.
   */
  | { kind: 'act'; at: number; action: string; ok: boolean; error?: string; via?: string; object?: string }
  | { kind: 'end'; at: number; by: 'trainee' | 'harness' };

/** The sealed choice, as the score needs it. */
export interface TrainingTruth {
  faultType: string;
  /** Names that count as the right component (namespaces, workloads, revisions the fault touched). */
  components: string[];
}

/** One step of the scenario's scripted responder placed in this session's time: the expert line. */
export interface ExpertStep {
  at: number | null;
  action: string;
  note?: string;
  /** Why `at` is null (its anchor never came). */
  reason?: string;
}
