/**
 * Runs scenarios end to end on the embedded simulator with the real
 * Prometheus, Alertmanager and vegeta (the default load engine), the way `gameday run` does, into a
 * temporary results root. Several run at once (each with its own
 * observers): the simulator is light, and Prometheus' `for:` durations are
 * wall time, so running them one by one would only wait longer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { baselineRuleFiles, LocalObservers } from '../../../src/observe/local-observers.js';
import { projectRoot } from '../../../src/project-root.js';
import { executeScenario, type Executed } from '../../../src/run/execute.js';
import { loadScenario } from '../../../src/scenario/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { makeTarget } from '../../../src/compose/pick.js';
import { instanceKey } from '../../../src/measure/alert-history.js';

export interface GameDayRun {
  scenario: Scenario;
  executed: Executed;
  events: TimelineEvent[];
}

export async function runGameDay(file: string, opts: { ruleFiles?: string[]; edit?: (s: Scenario) => void } = {}): Promise<GameDayRun> {
  const root = projectRoot();
  const scenario = await loadScenario(join(root, file), { projectRoot: root });
  opts.edit?.(scenario);
  const clock = new WallClock();
  const log = silentLogger();
  const observers = new LocalObservers({ clock, log, ruleFiles: opts.ruleFiles ?? baselineRuleFiles() });
  try {
    const executed = await executeScenario({
      scenario,
      target: makeTarget({ kind: 'sim', scenario, clock, log }),
      observers,
      clock,
      log,
      signal: new AbortController().signal,
      resultsRoot: mkdtempSync(join(tmpdir(), 'gameday-e2e-')),
    });
    return { scenario, executed, events: executed.outcome.events };
  } finally {
    await observers.close();
  }
}

export type AlertEvent = Extract<TimelineEvent, { kind: 'alert' }>;

/** First Prometheus firing of one of `names` at or after `from`. */
export function firstFiring(events: readonly TimelineEvent[], names: readonly string[], from: number): AlertEvent | undefined {
  return events
    .filter((e): e is AlertEvent => e.kind === 'alert' && e.source === 'prometheus' && e.state === 'firing' && names.includes(e.alert) && e.at >= from)
    .sort((a, b) => a.at - b.at)[0];
}

/**
 * How the condition behind `firing` held since `from`: when it first held (the
 * first pending of the same alert instance, or the firing's own activeAt when
 * there was none), and whether it fell back below its threshold before the
 * hold that fired (a resolved in between), which restarts `for` (Prometheus'
 * rules/alerting.go forgets an alert whose expression stops returning it).
 */
export function conditionHolds(events: readonly TimelineEvent[], firing: AlertEvent, from: number): { firstHeld: number | undefined; fellBack: boolean } {
  const key = instanceKey(firing);
  const same = (e: TimelineEvent): e is AlertEvent =>
    e.kind === 'alert' && e.source === 'prometheus' && e.at >= from && e.at <= firing.at && instanceKey(e) === key;
  const runs = events.filter(same);
  // An alert whose `for` is 0 fires at once, with no pending state: its condition held from its activeAt.
  const firstHeld = runs.find((e) => e.state === 'pending')?.at ?? firing.activeAt;
  return { firstHeld, fellBack: runs.some((e) => e.state === 'resolved') };
}

/** The model's record of the first symptom at or after `from`: a failed request, or a target event of one of `reasons`. */
export function groundTruth(events: readonly TimelineEvent[], from: number, reasons: readonly string[]): number | undefined {
  const instants = events
    .filter((e) => e.at >= from && ((reasons.includes('symptom') && e.kind === 'symptom') || (e.kind === 'target' && reasons.includes(e.reason))))
    .map((e) => e.at);
  return instants.length ? Math.min(...instants) : undefined;
}
