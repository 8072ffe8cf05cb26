/**
 * One scenario from start to written results: make the run directory, run
 * the phases, measure the timeline, write result.json and the reports.
 * Shared by `run` and `suite`; the caller owns the target and the
 * observers (a suite reuses one observation stack).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ExitCode } from '../errors.js';
import { faultFor } from '../faults/registry.js';
import { LiveJudge } from '../measure/live-judge.js';
import { measure, type Measurements, type MeasureSpec } from '../measure/measure.js';
import { compareReference } from '../measure/reference.js';
import type { TimelineEvent } from '../timeline.js';
import type { Observers } from '../observe/observers.js';
import { buildRunResult, type RunResult } from '../report/result.js';
import { createRunDir } from '../report/results-dir.js';
import { writeRunReports } from '../report/render-run.js';
import type { Scenario } from '../scenario/types.js';
import type { Target } from '../targets/port.js';
import type { RunParticipant } from './participant.js';
import { runScenario, type RunOutcome } from './runner.js';

export interface ExecuteDeps {
  scenario: Scenario;
  target: Target;
  observers: Observers;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  resultsRoot: string;
  context?: string;
  onEvent?: (e: TimelineEvent) => void;
  /** Someone acting beside the scripted responder (a trainee). */
  participant?: RunParticipant;
  /** Adds to the result before it is written (a training session's `training` block). */
  finish?: (result: RunResult, outcome: RunOutcome, measurements: Measurements) => RunResult;
  /** A directory made already (a training session's); default a new one under `resultsRoot`. */
  dir?: string;
}

export interface Executed {
  dir: string;
  result: RunResult;
  outcome: RunOutcome;
  exitCode: ExitCode;
}

export function measureSpecOf(scenario: Scenario): MeasureSpec {
  const { steadyState, detection, recovery, objectives } = scenario.spec;
  return { steadyState, detection, recovery, objectives };
}

export async function executeScenario(deps: ExecuteDeps): Promise<Executed> {
  const { scenario, clock } = deps;
  const dir = deps.dir ?? createRunDir(deps.resultsRoot, scenario.metadata.name, clock.now());
  const spec = measureSpecOf(scenario);
  // "No firing alerts" means the rules this run loaded; an unrelated alert elsewhere does not count.
  const steadyAlerts = deps.observers.alertNames();
  const log = deps.log.child({ scenario: scenario.metadata.name });
  log.info({ event: 'run.start', dir, target: deps.target.kind }, `GameDay ${scenario.metadata.name} → ${dir}`);
  const outcome = await runScenario({
    scenario,
    target: deps.target,
    observers: deps.observers,
    faultFor,
    judge: new LiveJudge(spec, { steadyAlerts }),
    clock,
    log,
    runDir: dir,
    signal: deps.signal,
    context: deps.context,
    onEvent: deps.onEvent,
    participant: deps.participant,
  });
  const measurements = measure(outcome.events, spec, { steadyAlerts, end: outcome.endedAt, ending: outcome.end });
  const warnings: string[] = [];
  if (outcome.steadyAfterRevert === false) warnings.push('steady state did not return after every fault was reverted');
  if (outcome.load?.crashed) warnings.push(`load generator crashed: ${outcome.load.message ?? `exit ${outcome.load.code}`}`);
  if (outcome.load?.thresholdsFailed) warnings.push('the k6 script’s thresholds failed (exit 99)');
  const scrape = outcome.endpoints?.scrape;
  for (const j of scrape?.kind === 'http-sd' ? (scrape.slowJobs ?? []) : [])
    warnings.push(`${j.job} was scraped every ${j.intervalMs / 1000} s, not every second (a mesh this large): alerts reading it may fire up to that much later`);
  const result = buildRunResult({
    scenario: { name: scenario.metadata.name, file: scenario.file },
    target: deps.target.kind,
    context: deps.context,
    timeScale: outcome.endpoints?.timeScale ?? 1,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    measurements,
    reverts: outcome.revert,
    steadyAfterRevert: outcome.steadyAfterRevert,
    reference: scenario.spec.reference
      ? compareReference(outcome.events, measurements.tInject, outcome.endpoints?.timeScale ?? 1, scenario.spec.reference)
      : null,
    versions: outcome.versions,
    warnings,
    errors: outcome.end.kind === 'error' ? [outcome.end.error] : [],
  });
  const final = deps.finish ? deps.finish(result, outcome, measurements) : result;
  writeRunReports(dir, final, outcome.events);
  log.info({ event: 'run.done', verdict: result.verdict, exitCode: result.exitCode }, `verdict ${result.verdict}`);
  return { dir, result: final, outcome, exitCode: final.exitCode };
}
