/**
 * Journals a crashed or abandoned run left unfinished: changes still applied
 * to a target that outlives the harness. A new run against that target would
 * start from a broken mesh and measure nonsense, so it is refused until the
 * journal is rolled back (`gameday rollback <run-dir>`) or deliberately
 * discarded (`gameday rollback --discard <run-dir>`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { describeOperation } from '../targets/operations.js';
import type { TargetKind } from '../targets/port.js';
import { JOURNAL_FILE, pendingUndos, readJournal, type JournalContents } from './journal.js';

export interface UnfinishedJournal {
  dir: string;
  file: string;
  /** The target it was written against; undefined for the embedded simulator (nothing of it survives). */
  identity: string | undefined;
  pending: number;
}

/** The identity a run's target will have, from the CLI's choices (see Target.identity). */
export function targetIdentity(kind: TargetKind, opts: { context?: string; simControl?: string }): string | undefined {
  if (kind === 'sim') return opts.simControl ? `sim:${opts.simControl.replace(/\/+$/, '')}` : undefined;
  return opts.context ? `${kind}:${opts.context}` : undefined;
}

export function journalIdentity(contents: JournalContents): string | undefined {
  const h = contents.header;
  if (!h) return undefined;
  return h.identity ?? (h.target === 'sim' ? undefined : targetIdentity(h.target, { context: h.context }));
}

/** Run directories under `resultsRoot` (and one level of suite directories) whose journal still holds undos. */
export function findUnfinished(resultsRoot: string): UnfinishedJournal[] {
  const found: UnfinishedJournal[] = [];
  for (const dir of runDirs(resultsRoot)) {
    const file = join(dir, JOURNAL_FILE);
    const contents = readJournal(file);
    if (contents.discardedAt !== undefined || inProgress(contents)) continue;
    const pending = pendingUndos(contents).length;
    if (pending > 0) found.push({ dir, file, identity: journalIdentity(contents), pending });
  }
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Throws exit 2, naming each journal, when `identity` has unfinished journals under `resultsRoot`. */
export function refuseUnfinished(resultsRoot: string, identity: string | undefined, cwd: string): void {
  if (identity === undefined) return;
  const blocking = findUnfinished(resultsRoot).filter((u) => u.identity === identity);
  if (blocking.length === 0) return;
  const lines = blocking.map((u) => `  ${relative(cwd, u.file) || u.file}: ${u.pending} change(s) still applied`);
  throw new UsageError(
    [
      `${identity} has ${blocking.length} unfinished journal(s) from earlier runs; refusing to start on a target that may still be broken:`,
      ...lines,
      'Revert them with `gameday rollback <run-dir>` (or `gameday rollback --all-unfinished`), or keep the changes on purpose with `gameday rollback --discard <run-dir>`.',
    ].join('\n'),
  );
}

/**
 * The journals this process is writing under `resultsRoot`, with what each still holds: what a
 * second interrupt prints, so whoever gives up on the revert knows what is left and where.
 */
export function ownJournals(resultsRoot: string): { file: string; applied: string[] }[] {
  return runDirs(resultsRoot)
    .map((dir) => join(dir, JOURNAL_FILE))
    .map((file) => ({ file, contents: readJournal(file) }))
    .filter(({ contents }) => contents.header?.pid === process.pid && contents.discardedAt === undefined)
    .map(({ file, contents }) => ({ file, applied: pendingUndos(contents).map((e) => `[${e.fault}] ${describeOperation(e.op)}`) }));
}

function runDirs(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch {
      return;
    }
    for (const name of names) {
      const sub = join(dir, name);
      if (existsSync(join(sub, JOURNAL_FILE))) out.push(sub);
      else if (depth > 0) visit(sub, depth - 1);
    }
  };
  visit(root, 1);
  return out;
}

/** A journal whose writer still runs belongs to a run in progress (another terminal, a suite worker). */
function inProgress(contents: JournalContents): boolean {
  const pid = contents.header?.pid;
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
