/**
 * Step three of loading: what a schema cannot say. Fault names are unique,
 * responders revert faults that exist, durations that measure something are
 * positive, the steady-state window fits in its timeout, objectives can be
 * judged. Rules read the document defensively, so they run (and report)
 * alongside schema errors rather than after them are fixed.
 */
import { DEFAULT_MAX_RUN_TIME_MS, DEFAULT_RECOVERY_DEADLINE_MS, defaultSteadyTimeoutMs } from './defaults.js';
import { formatDuration } from './durations.js';
import { suggestion } from './did-you-mean.js';
import { assignFaultNames } from './fault-names.js';
import { formatPath, type PathIssue, type PathSegment } from './issue.js';
import { faultRules } from './rules-faults.js';
import { at, list, ms } from './raw.js';

export interface RuleFindings {
  errors: PathIssue[];
  warnings: PathIssue[];
}

const POSITIVE: PathSegment[][] = [
  ['spec', 'load', 'duration'],
  ['spec', 'load', 'timeout'],
  ['spec', 'steadyState', 'p99'],
  ['spec', 'steadyState', 'window'],
  ['spec', 'steadyState', 'timeout'],
  ['spec', 'detection', 'deadline'],
  ['spec', 'recovery', 'deadline'],
  ['spec', 'objectives', 'ttd'],
  ['spec', 'objectives', 'ttr'],
  ['spec', 'abort', 'window'],
  ['spec', 'abort', 'maxRunTime'],
];

export function checkRules(doc: unknown): RuleFindings {
  const found: RuleFindings = { errors: [], warnings: [] };
  const error = (path: PathSegment[], message: string, where: 'key' | 'value' = 'value') => found.errors.push({ path, message, at: where });
  const warn = (path: PathSegment[], message: string) => found.warnings.push({ path, message });

  for (const path of POSITIVE) if (ms(doc, path) === 0) error(path, `${formatPath(path)} must be more than 0`);

  const faults = list(doc, ['spec', 'faults']).map((f) => (f !== null && typeof f === 'object' ? (f as Record<string, unknown>) : {}));
  checkFaultNames(faults, error);
  faults.forEach((f, i) => {
    if (ms(f, ['duration']) === 0)
      error(['spec', 'faults', i, 'duration'], `${formatPath(['spec', 'faults', i, 'duration'])} must be more than 0`);
    faultRules(f, ['spec', 'faults', i], error, warn);
  });
  checkResponders(doc, assignFaultNames(faults), error);
  checkSteadyState(doc, error);
  checkObjectives(doc, error, warn);
  checkRunLength(doc, faults, warn);
  checkLoad(doc, error);

  const expect = list(doc, ['spec', 'detection', 'expect']);
  expect.forEach((name, i) => {
    if (expect.indexOf(name) !== i)
      warn(['spec', 'detection', 'expect', i], `alert ${JSON.stringify(name)} is listed twice in spec.detection.expect`);
  });
  return found;
}

type Report = (path: PathSegment[], message: string, where?: 'key' | 'value') => void;

function checkFaultNames(faults: Record<string, unknown>[], error: Report): void {
  const firstUse = new Map<string, number>();
  faults.forEach((f, i) => {
    if (typeof f.name !== 'string') return;
    const first = firstUse.get(f.name);
    if (first === undefined) firstUse.set(f.name, i);
    else
      error(
        ['spec', 'faults', i, 'name'],
        `duplicate fault name "${f.name}": spec.faults[${first}] already has it; fault names must be unique`,
      );
  });
}

function checkResponders(doc: unknown, faultNames: string[], error: Report): void {
  list(doc, ['spec', 'recovery', 'actions']).forEach((action, i) => {
    const path: PathSegment[] = ['spec', 'recovery', 'actions', i];
    const revert = at(action, ['revert']);
    const operation = at(action, ['operation']);
    if (action === null || typeof action !== 'object') return;
    if ((revert === undefined) === (operation === undefined)) {
      error(path, `${formatPath(path)} needs exactly one of "revert" (a fault name) and "operation"`);
    }
    if (typeof revert === 'string' && !faultNames.includes(revert)) {
      const known = faultNames.length ? `; faults are: ${faultNames.join(', ')}` : '';
      error([...path, 'revert'], `revert names unknown fault "${revert}"${suggestion(revert, faultNames)}${known}`);
    }
  });
}

function checkSteadyState(doc: unknown, error: Report): void {
  const window = ms(doc, ['spec', 'steadyState', 'window']);
  const timeout = ms(doc, ['spec', 'steadyState', 'timeout']);
  if (window !== undefined && timeout !== undefined && window > timeout) {
    error(
      ['spec', 'steadyState', 'timeout'],
      `spec.steadyState.timeout (${formatDuration(timeout)}) is shorter than window (${formatDuration(window)}): steady state could never be reached`,
    );
  }
}

function checkObjectives(doc: unknown, error: Report, warn: Report): void {
  const ttd = ms(doc, ['spec', 'objectives', 'ttd']);
  const ttr = ms(doc, ['spec', 'objectives', 'ttr']);
  const detectionDeadline = ms(doc, ['spec', 'detection', 'deadline']);
  const recoveryDeadline = ms(doc, ['spec', 'recovery', 'deadline']) ?? DEFAULT_RECOVERY_DEADLINE_MS;
  if (ttd && ttr && ttr < ttd) {
    error(
      ['spec', 'objectives', 'ttr'],
      `spec.objectives.ttr (${formatDuration(ttr)}) is less than spec.objectives.ttd (${formatDuration(ttd)}): recovery is measured from injection, so it cannot come before detection`,
    );
  }
  if (ttd && detectionDeadline && ttd > detectionDeadline) {
    warn(
      ['spec', 'objectives', 'ttd'],
      `spec.objectives.ttd (${formatDuration(ttd)}) is longer than spec.detection.deadline (${formatDuration(detectionDeadline)}): detection is not awaited that long`,
    );
  }
  if (ttr && ttr > recoveryDeadline) {
    warn(
      ['spec', 'objectives', 'ttr'],
      `spec.objectives.ttr (${formatDuration(ttr)}) is longer than the recovery deadline (${formatDuration(recoveryDeadline)}): recovery is not awaited that long`,
    );
  }
  const target = at(doc, ['spec', 'objectives', 'slo', 'target']);
  if (target === 1 || target === '100%')
    error(['spec', 'objectives', 'slo', 'target'], 'spec.objectives.slo.target of 100% leaves no error budget to burn');
  if (target === 0 || target === '0%') error(['spec', 'objectives', 'slo', 'target'], 'spec.objectives.slo.target must be more than 0%');
}

/**
 * A run lasts about: steady-state wait, the last fault's offset, then the recovery wait. Fault
 * offsets are scenario time, so on the simulator they pass `timeScale` times faster than the wall.
 */
function checkRunLength(doc: unknown, faults: Record<string, unknown>[], warn: Report): void {
  const window = ms(doc, ['spec', 'steadyState', 'window']);
  if (window === undefined) return;
  const steady = ms(doc, ['spec', 'steadyState', 'timeout']) ?? defaultSteadyTimeoutMs(window);
  const onSim = (at(doc, ['spec', 'target', 'default']) ?? 'sim') === 'sim';
  const scale = at(doc, ['spec', 'target', 'sim', 'timeScale']);
  const timeScale = onSim && typeof scale === 'number' && scale > 0 ? scale : 1;
  const lastAt = Math.max(0, ...faults.map((f) => ms(f, ['at']) ?? 0)) / timeScale;
  const recovery = ms(doc, ['spec', 'recovery', 'deadline']) ?? DEFAULT_RECOVERY_DEADLINE_MS;
  const longest = steady + lastAt + recovery + window;
  const maxRunTime = ms(doc, ['spec', 'abort', 'maxRunTime']) ?? DEFAULT_MAX_RUN_TIME_MS;
  if (maxRunTime < longest) {
    warn(
      ['spec', 'abort', 'maxRunTime'],
      `spec.abort.maxRunTime (${formatDuration(maxRunTime)}) is shorter than the longest run this scenario allows (${formatDuration(longest)}); a slow recovery will be aborted`,
    );
  }
  const loadDuration = ms(doc, ['spec', 'load', 'duration']);
  if (loadDuration && loadDuration < longest) {
    warn(
      ['spec', 'load', 'duration'],
      `spec.load.duration (${formatDuration(loadDuration)}) is shorter than the longest run this scenario allows (${formatDuration(longest)}); the load may stop before recovery is judged`,
    );
  }
}

/** One way to say where the load goes: `path` for one route, `routes` for several. */
function checkLoad(doc: unknown, error: (path: PathSegment[], message: string, where?: 'key' | 'value') => void): void {
  if (at(doc, ['spec', 'load', 'path']) !== undefined && at(doc, ['spec', 'load', 'routes']) !== undefined) {
    error(['spec', 'load', 'routes'], 'spec.load has both path and routes: give path for one route, or list every route under routes', 'key');
  }
}
