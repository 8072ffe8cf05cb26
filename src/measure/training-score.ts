/**
 * The training score: a session's timeline and the trainee's own record in,
 * every debrief figure out. Pure — the same session always scores the same,
 * live, in a unit test under a virtual clock, or re-read later.
 *
 * Points (100 at most, never below 0):
 * - acknowledge, 20: full within 1 min of the first page, falling linearly to 0 at 10 min;
 * - diagnose, 30: the right fault type 20, the right component 10, 5 off per wrong guess before the right one;
 * - mitigate, 30: a trainee action after which the mesh recovered; 10 off per action that made things worse;
 * - speed, 20: the expert's time to mitigate over the trainee's (capped at 1);
 * - each hint costs 5.
 */
import type { Measurements } from './measure.js';
import type { TimelineEvent } from '../timeline.js';
import type { ExpertStep, TrainingEvent, TrainingTruth } from './training-events.js';

export const TRAINING_SCORE_VERSION = 1;
export const HINT_COST = 5;
/** How long after an action its effect is judged, and how long before it the baseline is taken. */
export const HARM_WINDOW_MS = 30_000;
/** A failure ratio this much higher after an action than before it counts as worse. */
export const HARM_MARGIN = 0.05;

export interface Guess {
  at: number;
  faultType: string;
  component: string | null;
  typeRight: boolean;
  componentRight: boolean | null;
}

export interface HarmfulAction {
  at: number;
  action: string;
  why: string;
}

export interface ScorePart {
  name: 'acknowledge' | 'diagnose' | 'mitigate' | 'speed' | 'hints';
  points: number;
  max: number;
  why: string;
}

export interface TrainingScore {
  version: typeof TRAINING_SCORE_VERSION;
  /** The trainee acknowledged, diagnosed or acted after injection; false: the human never detected it. */
  detectedByHuman: boolean;
  /** not-injected: the session ended before the fault went in. */
  outcome: 'mitigated' | 'detected' | 'undetected' | 'not-injected';
  firstPageAt: number | null;
  ackAt: number | null;
  /** First page → ack. */
  timeToAckFromPageMs: number | null;
  /** Injection → ack. */
  timeToAckFromInjectMs: number | null;
  diagnosis: {
    right: boolean;
    componentRight: boolean | null;
    rightAt: number | null;
    /** Injection → the first right diagnosis of the fault type. */
    timeToDiagnoseMs: number | null;
    wrongGuesses: number;
    guesses: Guess[];
  };
  /** Injection → the first trainee action the target confirmed. */
  timeToMitigateMs: number | null;
  /** Injection → recovery, as measured for the run. */
  timeToRecoverMs: number | null;
  failedRequests: number | null;
  errorBudgetBurned: number | null;
  harmfulActions: HarmfulAction[];
  hintsUsed: number;
  expert: { steps: ExpertStep[]; timeToMitigateMs: number | null };
  parts: ScorePart[];
  score: number;
}

export interface TrainingScoreInput {
  timeline: readonly TimelineEvent[];
  training: readonly TrainingEvent[];
  truth: TrainingTruth;
  measurements: Measurements;
  expert: ExpertStep[];
}

type Sli = Extract<TimelineEvent, { kind: 'sli' }>;
type Action = Extract<TimelineEvent, { kind: 'action' }>;

export function scoreTraining(input: TrainingScoreInput): TrainingScore {
  const { training, truth, measurements: m } = input;
  const tInject = m.tInject;
  const after = <T extends { at: number }>(xs: readonly T[]): T[] => (tInject === null ? [] : xs.filter((x) => x.at >= tInject));
  const byKind = <K extends TrainingEvent['kind']>(k: K): Extract<TrainingEvent, { kind: K }>[] =>
    training.filter((e): e is Extract<TrainingEvent, { kind: K }> => e.kind === k).sort((a, b) => a.at - b.at);

  const pages = after(byKind('page'));
  const firstPageAt = pages[0]?.at ?? null;
  const ackAt = after(byKind('ack'))[0]?.at ?? null;
  const timeToAckFromPageMs = ackAt !== null && firstPageAt !== null ? Math.max(0, ackAt - firstPageAt) : null;
  const timeToAckFromInjectMs = ackAt !== null && tInject !== null ? ackAt - tInject : null;

  const wanted = new Set(truth.components.map((c) => c.toLowerCase()));
  const guesses = after(byKind('diagnose')).map((d): Guess => ({
    at: d.at,
    faultType: d.faultType,
    component: d.component ?? null,
    typeRight: d.faultType === truth.faultType,
    componentRight: d.component === undefined ? null : named(wanted, d.component),
  }));
  const firstRight = guesses.find((g) => g.typeRight) ?? null;
  const wrongGuesses = guesses.filter((g) => !g.typeRight && (firstRight === null || g.at <= firstRight.at)).length;
  const componentRight = guesses.some((g) => g.typeRight && g.componentRight === true)
    ? true
    : guesses.some((g) => g.componentRight === false)
      ? false
      : null;

  const traineeActions = after(input.timeline.filter((e): e is Action => e.kind === 'action' && e.by === 'trainee')).sort(
    (a, b) => a.at - b.at,
  );
  const firstOk = traineeActions.find((a) => a.ok) ?? null;
  const timeToMitigateMs = firstOk && tInject !== null ? firstOk.at - tInject : null;
  const recoveredAt = m.recovery.recoveredAt;
  const timeToRecoverMs = m.ttr.value;
  const harmfulActions = traineeActions.filter((a) => a.ok).flatMap((a) => harmOf(a, input.timeline));
  const hintsUsed = byKind('hint').length;

  const expertAt = input.expert.map((s) => s.at).filter((t): t is number => t !== null);
  const expertTtm = expertAt.length > 0 && tInject !== null ? Math.min(...expertAt) - tInject : null;

  const detectedByHuman = ackAt !== null || guesses.length > 0 || traineeActions.length > 0;
  const mitigated = firstOk !== null && recoveredAt !== null && recoveredAt >= firstOk.at;
  const parts: ScorePart[] = [
    ackPart(timeToAckFromPageMs, ackAt),
    {
      name: 'diagnose',
      max: 30,
      points: firstRight ? Math.max(0, 20 + (componentRight === true ? 10 : 0) - 5 * wrongGuesses) : 0,
      why: firstRight
        ? `right fault type${componentRight === true ? ' and component' : componentRight === false ? ', wrong component' : ', no component named'}; ${wrongGuesses} wrong guess(es) before it`
        : guesses.length > 0
          ? `${guesses.length} guess(es), none right`
          : 'no diagnosis',
    },
    {
      name: 'mitigate',
      max: 30,
      points: mitigated ? Math.max(0, 30 - 10 * harmfulActions.length) : 0,
      why: mitigated
        ? `recovered after the trainee's action; ${harmfulActions.length} action(s) made things worse`
        : firstOk
          ? 'acted, but the mesh did not recover after it'
          : 'no mitigation',
    },
    speedPart(mitigated ? timeToMitigateMs : null, expertTtm),
    { name: 'hints', max: 0, points: -HINT_COST * hintsUsed, why: `${hintsUsed} hint(s) at ${HINT_COST} points each` },
  ];
  const score = Math.max(
    0,
    Math.min(
      100,
      parts.reduce((s, p) => s + p.points, 0),
    ),
  );
  return {
    version: TRAINING_SCORE_VERSION,
    detectedByHuman,
    outcome: tInject === null ? 'not-injected' : mitigated ? 'mitigated' : detectedByHuman ? 'detected' : 'undetected',
    firstPageAt,
    ackAt,
    timeToAckFromPageMs,
    timeToAckFromInjectMs,
    diagnosis: {
      right: firstRight !== null,
      componentRight,
      rightAt: firstRight?.at ?? null,
      timeToDiagnoseMs: firstRight && tInject !== null ? firstRight.at - tInject : null,
      wrongGuesses,
      guesses,
    },
    timeToMitigateMs,
    timeToRecoverMs,
    failedRequests: m.impact.failedRequests.value,
    errorBudgetBurned: m.impact.errorBudgetBurned.value,
    harmfulActions,
    hintsUsed,
    expert: { steps: input.expert, timeToMitigateMs: expertTtm },
    parts,
    score: Math.round(score),
  };
}

function ackPart(fromPage: number | null, ackAt: number | null): ScorePart {
  if (ackAt === null) return { name: 'acknowledge', max: 20, points: 0, why: 'never acknowledged' };
  if (fromPage === null) return { name: 'acknowledge', max: 20, points: 20, why: 'acknowledged before any page' };
  const share = clamp01(1 - (fromPage - 60_000) / 540_000);
  return {
    name: 'acknowledge',
    max: 20,
    points: round1(20 * share),
    why: `acknowledged ${Math.round(fromPage / 1000)} s after the first page`,
  };
}

function speedPart(ttm: number | null, expert: number | null): ScorePart {
  if (ttm === null) return { name: 'speed', max: 20, points: 0, why: 'no mitigation that led to recovery' };
  if (expert === null) return { name: 'speed', max: 20, points: 20, why: 'the scenario has no expert line to compare with' };
  const share = ttm <= 0 ? 1 : clamp01(expert / ttm);
  return {
    name: 'speed',
    max: 20,
    points: round1(20 * share),
    why: `mitigated in ${Math.round(ttm / 1000)} s; the expert in ${Math.round(expert / 1000)} s`,
  };
}

/** An action made things worse when users failed more after it, or an alert that had not fired since injection fired soon after it. */
function harmOf(a: Action, timeline: readonly TimelineEvent[]): HarmfulAction[] {
  const slis = timeline.filter((e): e is Sli => e.kind === 'sli');
  const ratio = (from: number, to: number): number | null => {
    const xs = slis.filter((s) => s.at >= from && s.at < to);
    const req = xs.reduce((n, s) => n + s.requests, 0);
    return req === 0 ? null : xs.reduce((n, s) => n + s.failures, 0) / req;
  };
  const before = ratio(a.at - HARM_WINDOW_MS, a.at);
  const afterR = ratio(a.at + 1000, a.at + 1000 + HARM_WINDOW_MS);
  const out: HarmfulAction[] = [];
  if (before !== null && afterR !== null && afterR > before + HARM_MARGIN) {
    out.push({
      at: a.at,
      action: a.action,
      why: `failed requests rose from ${pct(before)} to ${pct(afterR)} in the ${HARM_WINDOW_MS / 1000} s after it`,
    });
  }
  const fired = timeline.filter((e): e is Extract<TimelineEvent, { kind: 'alert' }> => e.kind === 'alert' && e.state === 'firing');
  const inject = timeline.find((e) => e.kind === 'fault.inject')?.at ?? Number.NEGATIVE_INFINITY;
  const newAlerts = new Set(
    fired
      .filter(
        (f) =>
          f.at > a.at && f.at <= a.at + 2 * HARM_WINDOW_MS && !fired.some((g) => g.alert === f.alert && g.at >= inject && g.at <= a.at),
      )
      .map((f) => f.alert),
  );
  for (const alert of newAlerts)
    out.push({
      at: a.at,
      action: a.action,
      why: `${alert} fired within ${(2 * HARM_WINDOW_MS) / 1000} s after it, and had not fired before it`,
    });
  return out;
}

/** A component is named right exactly, or by its instance (`istiod-1-12-0` names `istiod`). */
function named(wanted: ReadonlySet<string>, component: string): boolean {
  const c = component.toLowerCase();
  return wanted.has(c) || [...wanted].some((w) => c.startsWith(`${w}-`));
}

const clamp01 = (x: number): number => Math.max(0, Math.min(1, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
