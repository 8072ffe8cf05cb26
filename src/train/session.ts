/**
 * One training session from draw to debrief: draw the hidden fault from the
 * pool, seal the choice, open the control endpoint, then run the drawn
 * scenario through the same runner as a GameDay — with the trainee as the
 * responder — and score the session from its timeline. Whatever the trainee
 * did, the runner's revert phase puts back everything that was injected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { expertLine } from '../measure/expert-line.js';
import { scoreTraining } from '../measure/training-score.js';
import type { Observers } from '../observe/observers.js';
import { OBSERVERS_MANIFEST, type ObserversManifest } from '../observe/local-observers.js';
import { TRAINING_BLOCK_VERSION } from '../report/training-result.js';
import { guardScenarioOnCluster } from '../run/cluster-guard.js';
import { executeScenario, type Executed } from '../run/execute.js';
import type { Scenario } from '../scenario/types.js';
import type { Target } from '../targets/port.js';
import { ControlServer, type OperationChecker } from './control-server.js';
import { drawSession, type InjectWindow } from './draw.js';
import { PagePoller } from './pages.js';
import { hintsOf, readRunbook, runbookPath } from './runbooks.js';
import { sealChoice, truthOf, writeSealed } from './sealed.js';
import { writeSession, type SessionInfo } from './session-files.js';
import { sessionScenario } from './session-scenario.js';
import { Trainee } from './trainee.js';
import { TrainingLog } from './training-log.js';

export interface SessionDeps {
  /** Candidate scenarios; drawn from in name order, so a seed means the same choice for the same pool. */
  pool: readonly Scenario[];
  seed: number;
  trainee: string;
  window: InjectWindow;
  /** Wall ms after injection before the session stops waiting for recovery. */
  deadlineMs: number;
  /** Overrides the drawn scenario's simulator time scale. */
  timeScale?: number;
  /** The session directory, made already. */
  dir: string;
  makeTarget: (scenario: Scenario, timeScale: number) => Target;
  /** On a cluster: the namespaces the drawn scenario may change (checked, with their GameDay label, before anything is). */
  allowedNamespaces?: readonly string[];
  /** Validates a trainee's Operation JSON (the target's checker). */
  checkOperation: OperationChecker;
  observers: Observers;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Called once the mesh, the observers and the control endpoint are up: what to tell the trainee. */
  onLive?: (info: SessionInfo) => void;
}

export async function runSession(deps: SessionDeps): Promise<Executed> {
  const { clock, dir } = deps;
  const pool = [...deps.pool].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const draw = drawSession(pool.length, deps.seed, deps.window);
  const chosen = pool[draw.index]!;
  const timeScale = deps.timeScale ?? chosen.spec.target.sim.timeScale;
  const sealed = sealChoice(chosen, deps.seed, pool, deps.window, draw.offsetMs);
  writeSealed(dir, sealed);
  const scenario = sessionScenario(chosen, { offsetMs: draw.offsetMs, window: deps.window, deadlineMs: deps.deadlineMs, timeScale });
  const faultType = sealed.faults[0]!.type;
  const runbookText = readRunbook(faultType);
  const hints = runbookText ? hintsOf(runbookText) : [];
  const training = new TrainingLog(dir);
  const trainee = new Trainee(clock, training, hints);
  const startedAt = clock.now();
  const control = await ControlServer.start(trainee, {
    trainee: deps.trainee,
    startedAt,
    now: () => clock.now(),
    checkOperation: deps.checkOperation,
  });
  const info: SessionInfo = {
    version: 1,
    trainee: deps.trainee,
    seed: deps.seed,
    startedAt: new Date(startedAt).toISOString(),
    pid: process.pid,
    state: 'starting',
    control: control.url,
  };
  writeSession(dir, info);

  const early = new AbortController();
  trainee.onEarlyEnd = () => early.abort();
  let poller: PagePoller | undefined;
  trainee.onJoin = (hooks) => {
    const manifest = readManifest(dir);
    const sim = (hooks.endpoints as { control?: unknown }).control;
    Object.assign(info, {
      state: 'live',
      prometheus: manifest?.prometheus.url,
      alertmanager: manifest?.alertmanager.url,
      ...(typeof sim === 'string' ? { simControl: sim } : {}),
    });
    writeSession(dir, info);
    if (manifest) {
      poller = new PagePoller(manifest.alertmanager.url, clock, (p) => {
        if (trainee.page(p)) deps.log.info({ event: 'train.page', alert: p.alert }, `page: ${p.alert}`);
      });
      poller.start();
    }
    deps.onLive?.(info);
  };

  trainee.onLeave = () => {
    info.state = 'ending';
    writeSession(dir, info);
  };

  let unhear: (() => void) | undefined;
  try {
    const target = deps.makeTarget(scenario, timeScale);
    // The trainee's own changes outside `train act` — `kubectl` on a cluster, `gameday sim apply` — are mitigations too.
    unhear = target.onOutsideChange?.((c) => trainee.outside(c));
    await guardScenarioOnCluster(scenario, target, deps.allowedNamespaces ?? []);
    const executed = await executeScenario({
      scenario,
      target,
      observers: deps.observers,
      clock,
      log: deps.log,
      signal: AbortSignal.any([deps.signal, early.signal]),
      resultsRoot: dirname(dir),
      dir,
      participant: trainee,
      finish: (result, outcome, m) => {
        if (!training.events.some((e) => e.kind === 'end')) training.add({ kind: 'end', at: outcome.endedAt, by: 'harness' });
        const expert = expertLine(chosen.spec.recovery.actions, m.tInject, m.detection.detectedAt, timeScale);
        const score = scoreTraining({
          timeline: outcome.events,
          training: training.events,
          truth: truthOf(sealed),
          measurements: m,
          expert,
        });
        // A session is an exercise for the trainee: its exit code says whether the harness did its job, not how they did.
        const exitCode = result.exitCode === 3 ? 3 : 0;
        return {
          ...result,
          exitCode,
          training: {
            version: TRAINING_BLOCK_VERSION,
            trainee: deps.trainee,
            seed: deps.seed,
            window: deps.window,
            drawn: { scenario: sealed.scenario.name, pool: sealed.pool, offsetMs: sealed.offsetMs, faults: sealed.faults },
            runbook: runbookText ? { path: runbookPath(faultType), text: runbookText } : null,
            hintsAvailable: hints.length,
            events: [...training.events],
            score,
            expert,
          },
        };
      },
    });
    Object.assign(info, { state: 'ended', exitCode: executed.exitCode });
    return executed;
  } catch (err) {
    Object.assign(info, { state: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    unhear?.();
    await poller?.stop();
    await control.stop();
    writeSession(dir, info);
  }
}

function readManifest(dir: string): ObserversManifest | null {
  const file = join(dir, OBSERVERS_MANIFEST);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ObserversManifest) : null;
}
