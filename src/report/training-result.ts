/**
 * The `training` block of result.json, written by `gameday train`: who
 * trained, what was drawn (revealed now the session is over), every page,
 * acknowledgement, guess, hint and action, and the score computed from
 * them. Versioned on its own, so the block can grow without touching the
 * run result's version.
 */
import type { ExpertStep, TrainingEvent } from '../measure/training-events.js';
import type { TrainingScore } from '../measure/training-score.js';

export const TRAINING_BLOCK_VERSION = 'gameday.istio.io/training/v1';

export interface TrainingResult {
  version: typeof TRAINING_BLOCK_VERSION;
  trainee: string;
  seed: number;
  window: { fromMs: number; toMs: number };
  /** The sealed choice, revealed. */
  drawn: { scenario: string; pool: string[]; offsetMs: number; faults: { name: string; type: string; components: string[] }[] };
  /** The fault's runbook (repo-relative path and its text, so the debrief renders without the repo). */
  runbook: { path: string; text: string } | null;
  hintsAvailable: number;
  events: TrainingEvent[];
  score: TrainingScore;
  expert: ExpertStep[];
}
