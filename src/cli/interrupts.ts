/**
 * SIGINT/SIGTERM during a run: the first one aborts the run, which goes
 * straight to revert; a second says revert is under way; a third gives up
 * and leaves the journal for `gameday rollback`. Handlers are removed when
 * the run ends so tests and suites do not leak them.
 */
import type { Logger } from 'pino';

export async function withInterrupts<T>(log: Logger, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      log.warn({ event: 'run.interrupt', signal: sig }, `${sig}: stopping the run and reverting every fault`);
      controller.abort();
    } else if (count === 2) {
      log.warn({ event: 'run.interrupt', signal: sig }, 'revert is under way; interrupt once more to leave it to `gameday rollback <run-dir>`');
    } else {
      log.error({ event: 'run.interrupt', signal: sig }, 'giving up: the run directory journal holds what is still applied');
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
