/**
 * The project's typed errors. Only the CLI entry point turns them into exit
 * codes (see exitCodeFor): everything below it throws or returns them.
 *
 * Exit codes: 0 objectives met, 1 objectives missed (a GameDay finding),
 * 2 bad input, 3 the harness or a component failed.
 */
export type ExitCode = 0 | 1 | 2 | 3;

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export interface ScenarioIssue extends SourcePosition {
  message: string;
}

function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.message}`;
}

/** Bad input: one or more problems in a scenario or rule file, each with its position. */
export class ScenarioError extends Error {
  readonly exitCode = 2 as const;
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Bad input that is not in a file: a flag, a path outside the project, an unknown context. */
export class UsageError extends Error {
  readonly exitCode = 2 as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A target refused or failed an operation. */
export class TargetError extends Error {
  readonly exitCode = 3 as const;
  /**
   * Whether the operation may have taken effect although the call failed (a timed-out PATCH often
   * did); false only when the target knows it never reached the server (every attempt refused).
   */
  mayHaveLanded = true;
  constructor(
    message: string,
    readonly operation?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** An external program the run needs is not installed (or is the wrong version). */
export class ToolMissingError extends Error {
  readonly exitCode = 3 as const;
  constructor(
    readonly tool: string,
    readonly installHint: string,
  ) {
    super(`${tool} not found: ${installHint}`);
    this.name = 'ToolMissingError';
  }
}

/** Reverting an injected fault failed; carries every undo that could not be applied. */
export class RevertError extends Error {
  readonly exitCode = 3 as const;
  constructor(
    message: string,
    readonly failures: { operation: string; error: string }[],
  ) {
    super(message);
    this.name = 'RevertError';
  }
}

/** A component the run owns (Prometheus, Alertmanager, the load engine, the simulator) failed. */
export class ComponentError extends Error {
  readonly exitCode = 3 as const;
  constructor(
    readonly component: string,
    message: string,
  ) {
    super(`${component}: ${message}`);
    this.name = 'ComponentError';
  }
}

export type GamedayError = ScenarioError | UsageError | TargetError | ToolMissingError | RevertError | ComponentError;

export function exitCodeFor(err: unknown): ExitCode {
  if (err && typeof err === 'object' && 'exitCode' in err) {
    const code = (err as { exitCode: unknown }).exitCode;
    if (code === 2 || code === 3) return code;
  }
  return 3;
}

/** The message of anything thrown, for a log line or a wrapping error. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether `err` is what an aborted wait throws (Clock.sleep, fetch, timers). */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
