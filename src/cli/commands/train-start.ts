/**
 * `gameday train start`: a live incident for a trainee. Brings up the
 * target, the observers and load, draws a hidden fault from the pool and
 * injects it at a random instant in the window. Prints only what an
 * on-call engineer would have; progress goes to `session.log` in the session
 * directory (the instructor's view), never to the trainee's terminal.
 */
import { spawn } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, openSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { UsageError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { LocalObservers } from '../../observe/local-observers.js';
import { pollUntil } from '../../process/poll-until.js';
import { guardTarget } from '../../run/guard.js';
import { findProjectRoot, loadScenario, loadScenarioDir, parseDuration } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/types.js';
import { makeTarget } from '../../compose/pick.js';
import { checkOperation } from '../../compose/simulator.js';
import { parseWindow } from '../../train/draw.js';
import { newSessionDir, readSession, type SessionInfo } from '../../train/session-files.js';
import { runSession } from '../../train/session.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { withInterrupts } from '../interrupts.js';
import { observerOptions, ruleFilesOf, type ObserverArgs } from '../observer-options.js';
import { allowedContexts, kubeRequestOf, resolveTargetKind, targetOptions, type TargetArgs } from '../target-options.js';
import { printDebrief } from './train-print.js';

interface StartArgs extends GlobalArgs, TargetArgs, ObserverArgs {
  source?: string;
  pool?: string;
  seed?: number;
  trainee?: string;
  window: string;
  deadline: string;
  'time-scale'?: number;
  detach: boolean;
  'session-dir'?: string;
}

export function startOptions<T>(y: Argv<T>): Argv<T & StartArgs> {
  return observerOptions(targetOptions(y))
    .positional('source', { type: 'string', describe: 'one scenario file, or a directory of them (default: scenarios/)' })
    .option('pool', { type: 'string', describe: 'directory of scenarios to draw the hidden fault from' })
    .option('seed', { type: 'number', describe: 'seed of the draw: the same seed and pool give the same fault at the same instant' })
    .option('trainee', { type: 'string', describe: 'who is on call (default $USER)' })
    .option('window', {
      type: 'string',
      default: '2m..10m',
      describe: 'the fault goes in at a random instant this long after steady state',
    })
    .option('deadline', { type: 'string', default: '15m', describe: 'after injection, how long the session waits for recovery' })
    .option('time-scale', { type: 'number', describe: 'simulator: model seconds per wall second (overrides the scenario)' })
    .option('detach', { type: 'boolean', default: false, describe: 'run the session in the background and return once it is live' })
    .option('session-dir', { type: 'string', hidden: true }) as unknown as Argv<T & StartArgs>;
}

export function trainStartCommand(ctx: CliContext): CommandModule<GlobalArgs, StartArgs> {
  return {
    command: 'start [source]',
    describe: 'start a live incident with a hidden fault for a trainee',
    builder: (y) =>
      startOptions(y)
        .example('$0 train start --trainee alex', 'a fault from scenarios/ between 2 and 10 minutes after steady state')
        .example('$0 train start scenarios/deny-policy.yaml --seed 7 --window 30s..2m --detach', 'one scenario, in the background'),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      const window = parseWindow(args.window);
      const deadline = parseDuration(args.deadline);
      if (!deadline.ok) throw new UsageError(`--deadline ${args.deadline}: ${deadline.message}`);
      const pool = await loadPool(ctx.cwd, root, args.pool ?? args.source ?? join(root, 'scenarios'));
      const resultsRoot = resolve(root, args.results);
      const kind = resolveTargetKind(args, pool[0]);
      const decision = guardTarget({
        target: kind,
        context: args.context,
        allowed: allowedContexts(args),
        kindCluster: args['kind-cluster'],
      });
      const ruleFiles = ruleFilesOf(args, ctx.cwd);
      const kube = kubeRequestOf(args, ctx.cwd);
      // A target this build cannot make is bad input: refuse it before anything is created.
      makeTarget({ kind, scenario: pool[0]!, clock: new WallClock(), log: ctx.log, context: decision.context, kube });
      const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
      const trainee = args.trainee ?? process.env.USER ?? 'trainee';
      const dir = args['session-dir'] ? resolve(args['session-dir']) : newSessionDir(resultsRoot, Date.now());
      if (args.detach) {
        ctx.exitCode = await detach(ctx, dir);
        return;
      }
      const logStream = createWriteStream(join(dir, 'session.log'), { flags: 'a' });
      const log = createLogger({ format: 'json', level: args['log-level'], stream: logStream });
      const clock = new WallClock();
      const observers = new LocalObservers({ clock, log, ruleFiles });
      try {
        const executed = await withInterrupts(log, (signal) =>
          runSession({
            pool,
            seed,
            trainee,
            window,
            deadlineMs: deadline.value,
            timeScale: args['time-scale'],
            dir,
            makeTarget: (scenario, timeScale) => makeTarget({ kind, scenario, clock, log, context: decision.context, timeScale, kube }),
            allowedNamespaces: kube.namespaces,
            checkOperation,
            observers,
            clock,
            log,
            signal,
            onLive: (info) => printOnCall(ctx.out, dir, info),
          }),
        );
        printDebrief(ctx.out, executed.dir, executed.result);
        ctx.exitCode = executed.exitCode;
      } finally {
        await observers.close();
        await new Promise<void>((r) => logStream.end(r));
      }
    },
  };
}

async function loadPool(cwd: string, root: string, source: string): Promise<Scenario[]> {
  const path = resolve(cwd, source);
  if (!existsSync(path)) throw new UsageError(`${source}: no such scenario file or directory`);
  return statSync(path).isDirectory() ? loadScenarioDir(path, { projectRoot: root }) : [await loadScenario(path, { projectRoot: root })];
}

/** What the on-call engineer gets: where to look and how to answer. Never the fault. */
export function printOnCall(out: NodeJS.WritableStream, dir: string, info: SessionInfo): void {
  const rel = relative(process.cwd(), dir) || dir;
  const lines = [
    `Training session ${rel} — ${info.trainee}, you are on call. Something will break; nobody will tell you what.`,
    `  Prometheus    ${info.prometheus ?? '(not available)'}`,
    `  Alertmanager  ${info.alertmanager ?? '(not available)'}`,
    ...(info.simControl
      ? [
          `  views         export GAMEDAY_SIM_CONTROL=${info.simControl}`,
          '                gameday sim get pods|deployments|policies|nodes · gameday sim proxy-status',
        ]
      : []),
    '  pager         gameday train pager',
    '  respond       gameday train ack · diagnose <fault-type> [--component NAME] · act -f op.json · hint · status · end',
  ];
  out.write(`${lines.join('\n')}\n`);
}

/** Starts the same command in the background with its output in the session directory, and returns once it is live. */
async function detach(ctx: CliContext, dir: string): Promise<0 | 3> {
  const script = process.argv[1];
  if (!script) throw new UsageError('--detach needs the CLI to run as a program (bin/gameday.js)');
  const args = process.argv.slice(2).filter((a) => a !== '--detach' && a !== '--detach=true');
  const outFd = openSync(join(dir, 'session.out'), 'a');
  const child = spawn(process.execPath, [...process.execArgv, script, ...args, '--session-dir', dir], {
    detached: true,
    stdio: ['ignore', outFd, outFd],
    cwd: ctx.cwd,
  });
  closeSync(outFd);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  let info: SessionInfo | null = null;
  await pollUntil(
    async () => {
      if (existsSync(join(dir, 'session.json'))) info = readSession(dir);
      return exited || (info !== null && info.state !== 'starting');
    },
    { timeoutMs: 5 * 60_000, intervalMs: 250 },
  );
  const live = info as SessionInfo | null;
  if (!live || live.state !== 'live') {
    ctx.err.write(`gameday: the session did not come up; see ${join(dir, 'session.out')} and ${join(dir, 'session.log')}\n`);
    return 3;
  }
  printOnCall(ctx.out, dir, live);
  ctx.out.write(`  (session running in the background, pid ${child.pid}; gameday train end stops it)\n`);
  return 0;
}
