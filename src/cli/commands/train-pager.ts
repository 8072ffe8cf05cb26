/**
 * `gameday train pager`: the pages of the current session in a terminal,
 * updating live, newest first. `a` acknowledges every open page (as `gameday
 * train ack` does), `q` leaves the pager; the session goes on without it.
 */
import type { Argv, CommandModule } from 'yargs';
import { pagerScreen, type PagerPage } from '../../train/pager-screen.js';
import { SessionClient } from '../../train/control-client.js';
import type { StatusView } from '../../train/control-server.js';
import type { CliContext, GlobalArgs } from '../context.js';
import { sessionDir, sessionOptions, type SessionArgs } from './train-verbs.js';

interface PagerArgs extends SessionArgs {
  once: boolean;
  interval: number;
}

export function trainPagerCommand(ctx: CliContext): CommandModule<GlobalArgs, PagerArgs> {
  return {
    command: 'pager',
    describe: 'the pager: each Alertmanager notification as a page, live; [a] acknowledges',
    builder: (y) =>
      sessionOptions(y)
        .option('once', { type: 'boolean', default: false, describe: 'print the pages once and exit (no screen, no keys)' })
        .option('interval', { type: 'number', default: 500, describe: 'refresh every this many ms' }) as unknown as Argv<PagerArgs>,
    handler: async (args) => {
      const c = SessionClient.of(await sessionDir(ctx, args));
      const draw = async (): Promise<string> => {
        const [pages, status] = await Promise.all([c.get<PagerPage[]>('/pages'), c.get<StatusView>('/status')]);
        return pagerScreen(pages, `${status.trainee} on call · session ${status.state}`, process.stdout.columns ?? 100);
      };
      if (args.once) {
        ctx.out.write(`${await draw()}\n`);
        return;
      }
      await live(ctx, c, draw, args.interval);
    },
  };
}

async function live(ctx: CliContext, c: SessionClient, draw: () => Promise<string>, intervalMs: number): Promise<void> {
  const stdin = process.stdin;
  const done = new AbortController();
  let note = '';
  const onKey = (buf: Buffer): void => {
    const k = buf.toString().trim();
    if (k === 'q' || k === '\u0003') done.abort();
    else if (k === 'a' || k === 'A')
      void c.post<{ pages: number }>('/ack').then(
        (r) => (note = `acknowledged ${r.pages} page(s)`),
        (e: unknown) => (note = `ack failed: ${e instanceof Error ? e.message : String(e)}`),
      );
  };
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.on('data', onKey);
  stdin.resume();
  try {
    while (!done.signal.aborted) {
      let screen: string;
      try {
        screen = await draw();
      } catch {
        ctx.out.write('\nthe session is over: gameday train history, or open its report.html\n');
        return;
      }
      ctx.out.write(`\x1b[H\x1b[2J${screen}\n${note}\n`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, intervalMs);
        done.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
      });
    }
  } finally {
    stdin.off('data', onKey);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  }
}
