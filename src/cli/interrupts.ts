/**
 * SIGINT/SIGTERM during a run: the first one aborts the run, which goes
 * straight to revert; a second says revert is under way and prints what is
 * still applied and where the journal is; a third gives up at once and
 * leaves the journal for `gameday rollback`. Handlers are removed when the
 * run ends so tests and suites do not leak them.
 */
import type { Logger } from 'pino';

/** What is still applied, per journal, when the second interrupt comes. */
export type AppliedReport = () => { file: string; applied: string[] }[];

export async function withInterrupts<T>(
  log: Logger,
  work: (signal: AbortSignal) => Promise<T>,
  applied: AppliedReport = () => [],
): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      log.warn({ event: 'run.interrupt', signal: sig }, `${sig}: stopping the run and reverting every fault`);
      controller.abort();
    } else if (count === 2) {
      log.warn(
        { event: 'run.interrupt', signal: sig },
        'revert is under way; interrupt once more to leave it to `gameday rollback <run-dir>`',
      );
      for (const j of safely(applied)) {
        log.warn(
          { event: 'run.still-applied', journal: j.file, applied: j.applied },
          `journal ${j.file}: ${j.applied.length} change(s) still applied`,
        );
        for (const a of j.applied) log.warn({ event: 'run.still-applied', journal: j.file, change: a }, `  still applied: ${a}`);
      }
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

function safely(report: AppliedReport): ReturnType<AppliedReport> {
  try {
    return report();
  } catch {
    // Reading the journal must never stand in the way of the revert.
    return [];
  }
}
