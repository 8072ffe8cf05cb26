/**
 * The trainee's commands: each finds the current session (the newest live
 * one under the results root, or `--session DIR`) and talks to its control
 * endpoint. `reveal` is the instructor's: it prints the sealed choice.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { pollUntil } from '../../process/poll-until.js';
import { readResultJson, RESULT_FILE } from '../../report/json.js';
import { findProjectRoot } from '../../scenario/index.js';
import type { StatusView } from '../../train/control-server.js';
import { SessionClient } from '../../train/control-client.js';
import { readSealed } from '../../train/sealed.js';
import { currentSession, readSession, sessionDirs } from '../../train/session-files.js';
import type { Confirmation } from '../../targets/operations.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { printDebrief } from './train-print.js';

export interface SessionArgs extends GlobalArgs {
  session?: string;
  results: string;
}

export function sessionOptions<T>(y: Argv<T>): Argv<T & SessionArgs> {
  return y
    .option('session', { type: 'string', describe: 'session directory (default: the newest live one under --results)' })
    .option('results', { type: 'string', default: 'results', describe: 'results root the sessions live in' }) as unknown as Argv<
    T & SessionArgs
  >;
}

export async function sessionDir(ctx: CliContext, args: SessionArgs): Promise<string> {
  const root = await findProjectRoot(ctx.cwd);
  return currentSession(resolve(root, args.results), args.session ? resolve(ctx.cwd, args.session) : undefined);
}

async function client(ctx: CliContext, args: SessionArgs): Promise<SessionClient> {
  return SessionClient.of(await sessionDir(ctx, args));
}

function simple<A extends SessionArgs>(
  command: string,
  describe: string,
  build: (y: Argv<SessionArgs>) => Argv<A>,
  run: (c: SessionClient, args: A) => Promise<string>,
  ctx: CliContext,
): CommandModule<GlobalArgs, A> {
  return {
    command,
    describe,
    builder: (y) => build(sessionOptions(y)),
    handler: async (args) => {
      ctx.out.write(`${await run(await client(ctx, args), args as unknown as A)}\n`);
    },
  };
}

export function trainVerbs(ctx: CliContext): CommandModule<GlobalArgs, never>[] {
  const cmds = [
    simple(
      'ack',
      'acknowledge every open page',
      (y) => y,
      async (c) => `acknowledged ${(await c.post<{ pages: number }>('/ack')).pages} page(s)`,
      ctx,
    ),
    simple(
      'diagnose <fault-type>',
      'record a diagnosis (several guesses are allowed; each is recorded)',
      (y) =>
        y
          .positional('fault-type', {
            type: 'string',
            demandOption: true,
            describe: 'the fault type you think it is (gameday list faults)',
          })
          .option('component', { type: 'string', describe: 'the namespace, workload or revision at fault' })
          .option('note', { type: 'string', describe: 'your reasoning, for the debrief' }) as unknown as Argv<
          SessionArgs & { 'fault-type': string; component?: string; note?: string }
        >,
      async (c, a) => {
        await c.post('/diagnose', { faultType: a['fault-type'], component: a.component, note: a.note });
        return `diagnosis recorded: ${a['fault-type']}${a.component ? ` in ${a.component}` : ''}`;
      },
      ctx,
    ),
    simple(
      'act',
      'mitigate: perform one Operation (JSON file, as `gameday sim apply`) through the session, recorded and journaled',
      (y) =>
        y.option('file', {
          alias: 'f',
          type: 'string',
          demandOption: true,
          describe: 'the Operation, e.g. {"op":"delete-authorization-policy",…}',
        }) as unknown as Argv<SessionArgs & { file: string }>,
      async (c, a) => (await c.post<Confirmation>('/act', readOperation(resolve(ctx.cwd, a.file)))).summary,
      ctx,
    ),
    simple(
      'hint',
      "reveal the next hint from the fault's runbook (each one costs score)",
      (y) => y,
      async (c) => {
        const h = await c.post<{ index: number | null; text: string | null }>('/hint');
        return h.index === null ? 'no more hints' : `hint ${h.index + 1}: ${h.text}`;
      },
      ctx,
    ),
    simple(
      'status',
      'the session as the on-call engineer sees it (never the fault)',
      (y) => y,
      async (c) => statusText(await c.get<StatusView>('/status')),
      ctx,
    ),
  ];
  return [...cmds, endCommand(ctx), revealCommand(ctx)] as unknown as CommandModule<GlobalArgs, never>[];
}

function readOperation(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the Operation file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${file}:1: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function statusText(s: StatusView): string {
  return [
    `session ${s.state} — ${s.trainee}, ${Math.round(s.elapsedMs / 1000)} s since start`,
    `  pages      ${s.pages} (${s.unacked} not acknowledged)`,
    `  firing     ${s.firing.length === 0 ? 'nothing' : s.firing.join(', ')}`,
    `  success    ${s.successRate === null ? 'no load data yet' : `${(s.successRate * 100).toFixed(1)}% over the last 10 s`}`,
    `  actions    ${s.actions} · hints used ${s.hintsUsed} (${s.hintsLeft} left)`,
  ].join('\n');
}

function endCommand(ctx: CliContext): CommandModule<GlobalArgs, SessionArgs> {
  return {
    command: 'end',
    describe: 'end the session: everything injected is reverted, then the debrief is printed',
    builder: (y) => sessionOptions(y),
    handler: async (args) => {
      const root = resolve(await findProjectRoot(ctx.cwd), args.results);
      // A session that already ended on its own (the mesh recovered, or its deadline passed): its debrief is ready.
      const dir = args.session ? resolve(ctx.cwd, args.session) : (liveSession(root) ?? sessionDirs(root)[0]);
      if (!dir) throw new UsageError(`no training session under ${root}`);
      const state = readSession(dir).state;
      if (state !== 'ended' && state !== 'failed') {
        await SessionClient.of(dir).post('/end');
        ctx.err.write('ending the session: reverting and scoring…\n');
        await pollUntil(async () => ['ended', 'failed'].includes(readSession(dir).state), { timeoutMs: 5 * 60_000, intervalMs: 250 });
      } else ctx.err.write('the session had already ended\n');
      const s = readSession(dir);
      if (s.state !== 'ended')
        throw new UsageError(`${dir}: the session did not end cleanly (${s.state}${s.error ? `: ${s.error}` : ''}); see session.log`);
      printDebrief(ctx.out, dir, readResultJson(join(dir, RESULT_FILE)));
    },
  };
}

function liveSession(root: string): string | null {
  try {
    return currentSession(root);
  } catch {
    return null;
  }
}

function revealCommand(ctx: CliContext): CommandModule<GlobalArgs, SessionArgs> {
  return {
    command: 'reveal',
    describe: "the instructor's view: the sealed choice of the session (live or over)",
    builder: (y) => sessionOptions(y),
    handler: async (args) => {
      const root = await findProjectRoot(ctx.cwd);
      const dir = args.session ? resolve(ctx.cwd, args.session) : sessionDirs(resolve(root, args.results))[0];
      if (!dir) throw new UsageError('no training session to reveal');
      const s = readSealed(dir);
      ctx.out.write(
        [
          `sealed choice of ${dir}`,
          `  scenario   ${s.scenario.name} (${s.scenario.file})`,
          ...s.faults.map((f) => `  fault      ${f.type} (${f.name}) — components: ${f.components.join(', ')}`),
          `  injected   ${Math.round(s.offsetMs / 1000)} s after steady state (window ${Math.round(s.window.fromMs / 1000)}..${Math.round(s.window.toMs / 1000)} s)`,
          `  seed       ${s.seed}; pool: ${s.pool.join(', ')}`,
        ].join('\n') + '\n',
      );
    },
  };
}
