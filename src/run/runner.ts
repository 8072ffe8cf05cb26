/**
 * One GameDay run, phase by phase (DESIGN.md "One run, phase by phase"):
 * bring up → steady state → inject → observe and mitigate → recover →
 * revert → report. Whatever happens between bring-up and report — success,
 * a missed objective, an abort condition, an error, SIGINT — the revert
 * phase runs, and the timeline is already on disk.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScaledClock, type Clock } from '../clock.js';
import type { Fault, FaultContext } from '../faults/fault.js';
import type { Phase, TimelineEvent } from '../measure/timeline.js';
import type { RunEnding } from '../measure/verdict.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import type { Target, TargetEndpoints } from '../targets/port.js';
import { TIMELINE_FILE } from '../report/timeline-writer.js';
import { Journal, JOURNAL_FILE } from './journal.js';
import type { Judge } from './judge.js';
import { errorText, Mutator, type RevertOutcome } from './mutator.js';
import type { LoadExit, LoadHandle, Observers } from '../observe/observers.js';
import { Recorder } from './recorder.js';
import { Responder } from './responder.js';

/** Journal owner of the scripted responder's operations. */
const RESPONDER = 'responder';

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
}

/** How the run ended; the measurement engine's verdict reads it. */
export type RunEnd = RunEnding;

export interface FaultRecord {
  name: string;
  type: string;
  injectedAt: number | null;
  revertedAt: number | null;
  operations: string[];
  revertOk: boolean;
}

export interface RunOutcome {
  end: RunEnd;
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

interface ActiveFault {
  spec: FaultSpec;
  fault: Fault;
  controller: AbortController;
  ctx: FaultContext;
  record: FaultRecord;
  background?: Promise<void>;
  reverting?: Promise<void>;
}

export async function runScenario(deps: RunDeps): Promise<RunOutcome> {
  const { scenario, target, observers, clock, log, runDir, judge } = deps;
  const spec = scenario.spec;
  const poll = deps.pollMs ?? 250;
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
  const startedAt = clock.now();
  const active: ActiveFault[] = [];
  const phase = (p: Phase): void => {
    recorder.add({ kind: 'phase', at: clock.now(), phase: p });
    log.info({ event: 'phase', phase: p }, p);
  };
  // One controller for the whole run: SIGINT, abort conditions and the end of the run all stop waits at once.
  const run = new AbortController();
  const onSignal = (): void => run.abort();
  deps.signal.addEventListener('abort', onSignal, { once: true });
  if (deps.signal.aborted) run.abort();

  let end: RunEnd = { kind: 'error', error: 'run did not start' };
  let endpoints: TargetEndpoints | undefined;
  let load: LoadHandle | undefined;
  let loadExit: LoadExit | undefined;
  let unsubscribe = (): void => {};
  let responder: Responder | undefined;
  /** Scenario time for faults (set once the target said its time scale). */
  let storyClock: Clock = clock;
  /** Start of the window that confirmed recovery, when the run saw one. */
  let recoveredAt: number | null = null;

  const revertFault = (a: ActiveFault): Promise<void> => {
    a.reverting ??= (async () => {
      a.controller.abort();
      await a.background?.catch(() => {});
      try {
        await a.fault.revert(a.spec.params, a.ctx);
      } catch (err) {
        log.error({ event: 'revert.error', fault: a.spec.name, error: errorText(err) }, 'fault revert failed; replaying its journal');
      }
      // Whatever the fault's own revert left (all of it, if it failed), the journal still knows: replay it.
      const rest = await mutator.undo(a.spec.name);
      a.record.revertOk = rest.failures.length === 0;
      a.record.revertedAt = clock.now();
      recorder.add({ kind: 'fault.revert', at: a.record.revertedAt, fault: a.spec.name, operations: [], ok: a.record.revertOk });
      log.info({ event: 'revert.done', fault: a.spec.name, ok: a.record.revertOk }, `reverted ${a.spec.name}`);
    })();
    return a.reverting;
  };

  try {
    phase('bring-up');
    endpoints = await target.up();
    unsubscribe = target.onEvent((e) => recorder.add({ kind: 'target', at: e.at, reason: e.reason, object: e.object, message: e.message }));
    await observers.attach(endpoints, recorder.add, runDir, run.signal);

    phase('steady-state');
    load = await observers.startLoad(endpoints, spec.load, recorder.add, runDir);
    const steadyAt = await waitUntil(clock, run.signal, poll, startedAt + spec.steadyState.timeoutMs, () =>
      judge.steadyHeld(recorder.events, clock.now(), spec.steadyState.windowMs) ? clock.now() : null,
    );
    if (steadyAt === null) {
      end = run.signal.aborted
        ? { kind: 'interrupted' }
        : {
            kind: 'not-steady',
            reason: `the steady-state hypothesis did not hold for ${spec.steadyState.windowMs} ms within ${spec.steadyState.timeoutMs} ms`,
          };
      return await finish();
    }

    phase('inject');
    // What happens to the mesh is scheduled in scenario time (T+8 of the story at 60× is 8 s of
    // wall); what is observed and judged stays on the wall clock.
    const story = new ScaledClock(clock, endpoints.timeScale);
    storyClock = story;
    const storyAtSteady = story.now();
    let firstInject: number | null = null;
    responder = new Responder(spec.recovery.actions, {
      clock,
      scale: endpoints.timeScale,
      log,
      signal: run.signal,
      emit: recorder.add,
      mutate: (op) => mutator.mutate(RESPONDER, op),
      revertFault: async (name) => {
        const a = active.find((f) => f.spec.name === name);
        if (!a) throw new Error(`no injected fault named ${name}`);
        await revertFault(a);
      },
    });
    const faults = [...spec.faults].sort((a, b) => a.atMs - b.atMs);
    const injections = (async () => {
      for (const f of faults) {
        await story.sleep(Math.max(0, storyAtSteady + f.atMs - story.now()), run.signal);
        const a = startFault(f);
        active.push(a);
        const res = await a.fault.inject(f.params, a.ctx);
        a.background = res.background;
        a.record.injectedAt = res.first.at;
        a.record.operations = res.operations;
        recorder.add({ kind: 'fault.inject', at: res.first.at, fault: f.name, type: f.type, operations: res.operations });
        log.info({ event: 'fault.inject', fault: f.name, type: f.type }, res.operations.join('; '));
        if (firstInject === null) {
          firstInject = res.first.at;
          responder?.anchor('injection', firstInject);
        }
        if (f.durationMs !== undefined) {
          const a2 = a;
          void story
            .sleep(f.durationMs, run.signal)
            .then(() => revertFault(a2))
            .catch(() => {});
        }
      }
    })();
    await injections;
    if (firstInject === null) throw new Error('no fault was injected');
    const tInject: number = firstInject;

    phase('observe');
    const deadline = tInject + spec.recovery.deadlineMs;
    const hardStop = startedAt + spec.abort.maxRunTimeMs;
    while (!run.signal.aborted) {
      const now = clock.now();
      const detected = judge.detectedAt(recorder.events, tInject);
      if (detected !== null) responder.anchor('detection', detected);
      if (spec.abort.maxErrorRate !== undefined) {
        const rate = judge.errorRate(recorder.events, now, spec.abort.windowMs);
        if (rate !== null && rate > spec.abort.maxErrorRate && now - tInject >= spec.abort.windowMs) {
          end = {
            kind: 'aborted',
            reason: `error rate ${(rate * 100).toFixed(1)}% over ${spec.abort.windowMs} ms exceeded the abort limit ${(spec.abort.maxErrorRate * 100).toFixed(1)}%`,
          };
          recorder.add({ kind: 'abort', at: now, reason: end.reason });
          break;
        }
      }
      if (now >= hardStop) {
        end = { kind: 'aborted', reason: `maximum run time ${spec.abort.maxRunTimeMs} ms reached` };
        recorder.add({ kind: 'abort', at: now, reason: end.reason });
        break;
      }
      const rec = judge.recoveredAt(recorder.events, tInject, now);
      // A fault that never hurt anyone: nothing to recover from once detection had its chance.
      const noImpact = !judge.impactSeen(recorder.events, tInject, now) && now >= tInject + spec.detection.deadlineMs;
      if ((rec !== null || noImpact) && responder.settled()) {
        phase('recover');
        recoveredAt = rec;
        end = { kind: 'recovered' };
        break;
      }
      if (now >= deadline) {
        end = {
          kind: 'unrecovered',
          reason: `steady state did not return within the recovery deadline (${spec.recovery.deadlineMs} ms after injection)`,
        };
        break;
      }
      try {
        await clock.sleep(poll, run.signal);
      } catch {
        break;
      }
    }
    if (run.signal.aborted && end.kind === 'error') end = { kind: 'interrupted' };
    return await finish();
  } catch (err) {
    if (run.signal.aborted && isAbort(err)) end = { kind: 'interrupted' };
    else {
      end = { kind: 'error', error: errorText(err) };
      log.error({ event: 'run.error', error: errorText(err) }, 'run failed; reverting');
    }
    return await finish();
  } finally {
    deps.signal.removeEventListener('abort', onSignal);
  }

  function startFault(f: FaultSpec): ActiveFault {
    const controller = new AbortController();
    const record: FaultRecord = { name: f.name, type: f.type, injectedAt: null, revertedAt: null, operations: [], revertOk: true };
    const ctx: FaultContext = {
      fault: f.name,
      clock: storyClock,
      log: log.child({ fault: f.name }),
      signal: AbortSignal.any([controller.signal, run.signal]),
      snapshot: () => target.snapshot(),
      mutate: (op) => mutator.mutate(f.name, op),
      undoAll: async () => {
        await mutator.undo(f.name);
      },
    };
    return { spec: f, fault: deps.faultFor(f.type), controller, ctx, record };
  }

  async function finish(): Promise<RunOutcome> {
    phase('revert');
    run.abort();
    responder?.stop();
    // Undo newest first: a responder acts after the fault it answers, so its operations (a tag moved
    // back, a limit raised) are undone before the fault's own — the mesh ends as it was before the run.
    const responderUndo = await mutator.undo(RESPONDER);
    await Promise.all(active.map((a) => revertFault(a)));
    const leftover = await mutator.undo();
    const rest: RevertOutcome = {
      reverted: responderUndo.reverted.concat(leftover.reverted),
      failures: responderUndo.failures.concat(leftover.failures),
    };
    const revert: RevertOutcome = {
      reverted: active.flatMap((a) => (a.record.revertOk ? [`${a.spec.name}`] : [])).concat(rest.reverted),
      failures: rest.failures.concat(
        active.filter((a) => !a.record.revertOk).map((a) => ({ operation: `revert ${a.spec.name}`, error: 'see journal' })),
      ),
    };
    const steadyAfterRevert = await checkSteadyAfterRevert();
    if (load)
      loadExit = await load
        .stop()
        .catch((err: unknown) => ({ code: null, thresholdsFailed: false, crashed: true, message: errorText(err) }));
    unsubscribe();
    // The simulator knows when users were first hurt: keep it beside the measured figures.
    for (const sy of target.symptoms?.() ?? []) if (sy.at >= startedAt) recorder.add({ kind: 'symptom', at: sy.at, what: sy.what });
    await observers.detach().catch((err: unknown) => log.warn({ event: 'observers.detach', error: errorText(err) }, 'detach failed'));
    await target.down().catch((err: unknown) => log.warn({ event: 'target.down', error: errorText(err) }, 'target down failed'));
    journal.close();
    phase('report');
    recorder.close();
    return {
      end,
      events: recorder.events,
      startedAt,
      endedAt: clock.now(),
      endpoints,
      faults: active.map((a) => a.record),
      revert,
      steadyAfterRevert,
      load: loadExit,
      versions: observers.versions(),
    };
  }

  /**
   * After revert the mesh should be steady again; a GameDay that leaves it
   * broken must say so. Only checked when the run got as far as injecting and
   * was not interrupted, and bounded by the steady-state timeout.
   */
  async function checkSteadyAfterRevert(): Promise<boolean | null> {
    if (active.length === 0 || end.kind === 'interrupted' || end.kind === 'error' || deps.signal.aborted) return null;
    // Every fault was already reverted when the confirming window began: that window was the check.
    const confirmedAt = recoveredAt;
    if (
      end.kind === 'recovered' &&
      confirmedAt !== null &&
      active.every((a) => a.record.revertedAt !== null && a.record.revertedAt <= confirmedAt)
    ) {
      recorder.add({
        kind: 'note',
        at: clock.now(),
        message: 'steady state held again after revert (the recovery window began after every fault was reverted)',
      });
      return true;
    }
    const from = clock.now();
    const quiet = new AbortController();
    const onStop = (): void => quiet.abort();
    deps.signal.addEventListener('abort', onStop, { once: true });
    try {
      // Held for a whole window that lies after the revert.
      const at = await waitUntil(clock, quiet.signal, poll, from + spec.steadyState.timeoutMs, () =>
        clock.now() - from >= spec.steadyState.windowMs && judge.steadyHeld(recorder.events, clock.now(), spec.steadyState.windowMs)
          ? clock.now()
          : null,
      );
      recorder.add({
        kind: 'note',
        at: clock.now(),
        message: at === null ? 'steady state did not return after revert' : 'steady state held again after revert',
      });
      return at !== null;
    } finally {
      deps.signal.removeEventListener('abort', onStop);
    }
  }
}

/** Polls `check` on the run's clock until it returns a value, the deadline passes, or `signal` aborts. */
async function waitUntil<T>(clock: Clock, signal: AbortSignal, pollMs: number, deadline: number, check: () => T | null): Promise<T | null> {
  for (;;) {
    const v = check();
    if (v !== null) return v;
    if (signal.aborted || clock.now() >= deadline) return null;
    try {
      await clock.sleep(Math.min(pollMs, Math.max(1, deadline - clock.now())), signal);
    } catch {
      return null;
    }
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
