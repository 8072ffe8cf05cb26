/**
 * One GameDay run, phase by phase (README, "A GameDay, phase by phase"):
 * bring up → steady state → inject → observe and mitigate → recover →
 * revert → report. Whatever happens between bring-up and report — success,
 * a missed objective, an abort condition, an error, SIGINT — the revert
 * phase runs, and the timeline is already on disk.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScaledClock, type Clock } from '../clock.js';
import { errorText, isAbort } from '../errors.js';
import type { Fault } from '../faults/fault.js';
import type { RunEnding } from '../measure/verdict.js';
import type { LoadExit, LoadHandle, Observers } from '../observe/observers.js';
import { TIMELINE_FILE } from '../report/timeline-writer.js';
import type { Scenario } from '../scenario/types.js';
import type { Target, TargetEndpoints } from '../targets/port.js';
import type { Phase, TimelineEvent } from '../timeline.js';
import { FaultLifecycle, type FaultRecord } from './fault-lifecycle.js';
import { Journal, JOURNAL_FILE } from './journal.js';
import type { Judge } from './judge.js';
import { Mutator, type RevertOutcome } from './mutator.js';
import { observeStep } from './observe-step.js';
import type { RunParticipant } from './participant.js';
import { Recorder } from './recorder.js';
import { Responder } from './responder.js';
import { revertEverything } from './revert-everything.js';
import { checkSteadyAfterRevert } from './steady-after-revert.js';
import { waitUntil } from './wait-until.js';

export type { FaultRecord } from './fault-lifecycle.js';

/** Journal owner of the scripted responder's operations. */
const RESPONDER = 'responder';
/** Journal owner of the participant's operations (a trainee's). */
const PARTICIPANT = 'participant';

export interface RunDeps {
  scenario: Scenario;
  target: Target;
  observers: Observers;
  faultFor: (type: string) => Fault;
  judge: Judge;
  clock: Clock;
  log: Logger;
  runDir: string;
  /** Aborted on SIGINT/SIGTERM: the run goes straight to revert. */
  signal: AbortSignal;
  /** kube context, for the journal header (never its credentials). */
  context?: string;
  /** Check live conditions this often (ms of the run's clock). */
  pollMs?: number;
  /** Sees every timeline event as it is recorded (the live status line). */
  onEvent?: (e: TimelineEvent) => void;
  /** Someone besides the scripted responder who acts during the run (the trainee of `gameday train`). */
  participant?: RunParticipant;
}

export interface RunOutcome {
  end: RunEnding;
  events: TimelineEvent[];
  startedAt: number;
  endedAt: number;
  endpoints?: TargetEndpoints;
  faults: FaultRecord[];
  revert: RevertOutcome;
  /** Steady state re-checked after every fault was reverted. */
  steadyAfterRevert: boolean | null;
  load?: LoadExit;
  versions: Record<string, string>;
}

/** How the phases ended, and the start of the window that confirmed recovery when there was one. */
interface Ending {
  end: RunEnding;
  recoveredAt: number | null;
}

/** One run's parts, shared by its phases; `held` is what the run started and must release. */
interface Run {
  deps: RunDeps;
  poll: number;
  startedAt: number;
  recorder: Recorder;
  journal: Journal;
  mutator: Mutator;
  faults: FaultLifecycle;
  /** One controller for the whole run: SIGINT, abort conditions and the end of the run all stop waits at once. */
  stop: AbortController;
  held: { endpoints?: TargetEndpoints; load?: LoadHandle; responder?: Responder; unsubscribe: () => void };
  phase(p: Phase): void;
}

export async function runScenario(deps: RunDeps): Promise<RunOutcome> {
  const { scenario, target, clock, log, runDir } = deps;
  const recorder = new Recorder(join(runDir, TIMELINE_FILE));
  if (deps.onEvent) recorder.subscribe(deps.onEvent);
  const journal = new Journal(join(runDir, JOURNAL_FILE));
  journal.header({
    target: target.kind,
    context: deps.context,
    identity: target.identity,
    scenario: scenario.file,
    startedAt: new Date(clock.now()).toISOString(),
  });
  const mutator = new Mutator(target, journal, clock, log);
  const stop = new AbortController();
  const r: Run = {
    deps,
    poll: deps.pollMs ?? 250,
    startedAt: clock.now(),
    recorder,
    journal,
    mutator,
    faults: new FaultLifecycle({ target, mutator, faultFor: deps.faultFor, emit: recorder.add, clock, log, signal: stop.signal }),
    stop,
    held: { unsubscribe: () => {} },
    phase: (p) => {
      recorder.add({ kind: 'phase', at: clock.now(), phase: p });
      log.info({ event: 'phase', phase: p }, p);
    },
  };
  const onSignal = (): void => stop.abort();
  deps.signal.addEventListener('abort', onSignal, { once: true });
  if (deps.signal.aborted) stop.abort();
  try {
    let ending: Ending;
    try {
      ending = await play(r);
    } catch (err) {
      ending = { end: failed(r, err), recoveredAt: null };
    }
    return await finish(r, ending);
  } finally {
    deps.signal.removeEventListener('abort', onSignal);
  }
}

function failed(r: Run, err: unknown): RunEnding {
  if (r.stop.signal.aborted && isAbort(err)) return { kind: 'interrupted' };
  r.deps.log.error({ event: 'run.error', error: errorText(err) }, 'run failed; reverting');
  return { kind: 'error', error: errorText(err) };
}

/** Bring-up to recovery: every phase that may end early, and how it ended. */
async function play(r: Run): Promise<Ending> {
  const { target, observers, clock, judge, log, runDir, scenario } = r.deps;
  const spec = scenario.spec;
  const { recorder, stop } = r;
  r.phase('bring-up');
  const endpoints = await target.up();
  r.held.endpoints = endpoints;
  const offEvents = target.onEvent((e) =>
    recorder.add({ kind: 'target', at: e.at, reason: e.reason, object: e.object, message: e.message }),
  );
  // The observers see a cluster through its API server: while it does not answer, the judge must not call the mesh steady.
  const offReach = target.onReachability?.((c) =>
    recorder.add(c.reachable ? { kind: 'apiserver.reachable', at: c.at } : { kind: 'apiserver.unreachable', at: c.at, reason: c.reason }),
  );
  r.held.unsubscribe = () => {
    offEvents();
    offReach?.();
  };
  await observers.attach(endpoints, recorder.add, runDir, stop.signal);
  r.deps.participant?.join({
    endpoints,
    emit: recorder.add,
    events: () => recorder.events,
    mutate: (op) => r.mutator.mutate(PARTICIPANT, op),
  });

  r.phase('steady-state');
  const load = (r.held.load = await observers.startLoad(endpoints, spec.load, recorder.add, runDir));
  // Load that dies mid-run leaves nothing to judge by: the observe loop ends the run, which reverts;
  // the seconds it no longer measured are data gaps. An exit after the run stopped it is no death,
  // and neither is a load that ran its whole `duration` (or k6's failed thresholds): no crash.
  const died: { exit: LoadExit | null } = { exit: null };
  void load.exited.then((exit) => void (stop.signal.aborted || !exit.crashed || (died.exit = exit)));
  const steadyAt = await waitUntil(clock, stop.signal, r.poll, r.startedAt + spec.steadyState.timeoutMs, () =>
    judge.steadyHeld(recorder.events, clock.now(), spec.steadyState.windowMs) ? clock.now() : null,
  );
  if (steadyAt === null) {
    const reason = `the steady-state hypothesis did not hold for ${spec.steadyState.windowMs} ms within ${spec.steadyState.timeoutMs} ms`;
    return { end: stop.signal.aborted ? { kind: 'interrupted' } : { kind: 'not-steady', reason }, recoveredAt: null };
  }

  r.phase('inject');
  // What happens to the mesh is scheduled in scenario time (T+8 of the story at 60× is 8 s of
  // wall); what is observed and judged stays on the wall clock.
  const story = new ScaledClock(clock, endpoints.timeScale);
  const responder = new Responder(spec.recovery.actions, {
    clock,
    scale: endpoints.timeScale,
    log,
    signal: stop.signal,
    emit: recorder.add,
    mutate: (op) => r.mutator.mutate(RESPONDER, op),
    revertFault: (name) => r.faults.revert(name),
  });
  r.held.responder = responder;
  const tInject = await r.faults.injectAll(spec.faults, story, (at) => responder.anchor('injection', at));
  if (tInject === null) throw new Error('no fault was injected');

  r.phase('observe');
  while (!stop.signal.aborted) {
    const now = clock.now();
    const said = r.deps.participant?.ending() ?? null;
    if (said) return { end: said, recoveredAt: null };
    if (died.exit) {
      const reason = `the load engine exited mid-run (${died.exit.message ?? `exit ${died.exit.code}`}): nothing left to measure the mesh by`;
      recorder.add({ kind: 'abort', at: now, reason });
      return { end: { kind: 'error', error: reason }, recoveredAt: null };
    }
    const detected = judge.detectedAt(recorder.events, tInject);
    if (detected !== null) responder.anchor('detection', detected);
    const next = observeStep({
      spec,
      judge,
      events: recorder.events,
      now,
      startedAt: r.startedAt,
      tInject,
      responderSettled: responder.settled(),
    });
    if (next.kind === 'end') {
      if (next.abort && next.end.kind === 'aborted') recorder.add({ kind: 'abort', at: now, reason: next.end.reason });
      if (next.end.kind === 'recovered') r.phase('recover');
      return { end: next.end, recoveredAt: next.recoveredAt };
    }
    try {
      await clock.sleep(r.poll, stop.signal);
    } catch {
      break;
    }
  }
  return { end: stop.signal.aborted ? { kind: 'interrupted' } : { kind: 'error', error: 'run did not start' }, recoveredAt: null };
}

/** Revert, the check after it, and the release of everything the run started; then the report phase. */
async function finish(r: Run, ending: Ending): Promise<RunOutcome> {
  const { target, observers, judge, clock, log, scenario } = r.deps;
  const { recorder, held } = r;
  r.phase('revert');
  r.stop.abort();
  held.responder?.stop();
  r.deps.participant?.leave();
  const revert = await revertEverything(r.mutator, r.faults, [RESPONDER, PARTICIPANT]);
  const steadyAfterRevert = await checkSteadyAfterRevert({
    ...ending,
    faults: r.faults,
    steadyState: scenario.spec.steadyState,
    judge,
    recorder,
    clock,
    pollMs: r.poll,
    signal: r.deps.signal,
  });
  const load = await held.load
    ?.stop()
    .catch((err: unknown): LoadExit => ({ code: null, thresholdsFailed: false, crashed: true, message: errorText(err) }));
  held.unsubscribe();
  // The simulator knows when users were first hurt: keep it beside the measured figures.
  for (const sy of target.symptoms?.() ?? []) if (sy.at >= r.startedAt) recorder.add({ kind: 'symptom', at: sy.at, what: sy.what });
  await observers.detach().catch((err: unknown) => log.warn({ event: 'observers.detach', error: errorText(err) }, 'detach failed'));
  await target.down().catch((err: unknown) => log.warn({ event: 'target.down', error: errorText(err) }, 'target down failed'));
  r.journal.close();
  r.phase('report');
  recorder.close();
  return {
    end: ending.end,
    events: recorder.events,
    startedAt: r.startedAt,
    endedAt: clock.now(),
    endpoints: held.endpoints,
    faults: r.faults.records(),
    revert,
    steadyAfterRevert,
    load,
    versions: observers.versions(),
  };
}
