/**
 * What to do when the API server does not answer. A call that failed for a
 * reason that passes — the connection refused or reset, no answer in time, a
 * 5xx, a 429 — is tried again with capped exponential backoff and jitter until
 * a deadline; anything else (403, 404, 409, 422: the server answered "no") is
 * thrown at once. Trying an operation again is safe because each attempt reads
 * the object and sets the wanted state (operations.ts: every operation is
 * declarative), so one that landed before its answer was lost lands again as
 * a no-op. Backoff and jitter as client-go's `wait.Backoff` does them
 * (k8s.io/apimachinery/pkg/util/wait/backoff.go), so many clients coming back
 * at once do not all knock at the same instant.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { TargetError } from '../../errors.js';
import { statusOf } from './kube-client.js';

export interface RetryPolicy {
  /** Give up once the next attempt would start later than this after the first. */
  deadlineMs: number;
  /** First pause; doubled after every failure up to `capMs`. */
  baseMs: number;
  capMs: number;
}

/** A mutation waits out an API server restart or a short network partition (a minute), no longer. */
export const MUTATION_RETRY: RetryPolicy = { deadlineMs: 60_000, baseMs: 250, capMs: 4000 };

export interface TransientFailure {
  reason: string;
  /** Whether the request may have reached the server (a timeout, a reset, a 5xx) — not a refused connection. */
  mayHaveLanded: boolean;
}

const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
const LOST = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Why `err` is worth trying again, or null when the server answered and meant it. Follows `cause` chains. */
export function transientFailure(err: unknown): TransientFailure | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const status = statusOf(e) || numeric((e as { statusCode?: unknown }).statusCode);
    if (status === 429) return { reason: 'HTTP 429 (too many requests)', mayHaveLanded: false };
    if (status >= 500) return { reason: `HTTP ${status}`, mayHaveLanded: true };
    if (status > 0) return null;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && REFUSED.has(code)) return { reason: code, mayHaveLanded: false };
    if (typeof code === 'string' && LOST.has(code)) return { reason: code, mayHaveLanded: true };
    const name = (e as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return { reason: 'no answer in time', mayHaveLanded: true };
    const message = e instanceof Error ? e.message : '';
    if (/ECONNREFUSED/.test(message)) return { reason: 'ECONNREFUSED', mayHaveLanded: false };
    if (/socket hang up|ECONNRESET|network socket disconnected|Premature close|timed? ?out|aborted/i.test(message))
      return { reason: message.split('\n')[0]!.slice(0, 160), mayHaveLanded: true };
  }
  return null;
}

function numeric(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** Thrown when the API server stayed unreachable past the deadline; says for how long and why. */
export class ApiUnreachableError extends TargetError {
  constructor(
    what: string,
    readonly failure: TransientFailure,
    readonly attempts: number,
    readonly forMs: number,
    cause: unknown,
    landedMaybe: boolean,
  ) {
    super(
      `${what}: the API server did not answer for ${(forMs / 1000).toFixed(1)} s (${attempts} attempt(s), last: ${failure.reason})${landedMaybe ? '; the change may have landed' : ''}`,
      what,
      cause,
    );
    this.name = 'ApiUnreachableError';
    this.mayHaveLanded = landedMaybe;
  }
}

export interface RetryHooks {
  clock: Clock;
  log: Logger;
  policy?: RetryPolicy;
  /** A uniform number in [0, 1) (tests fix it). */
  random?: () => number;
  /** Each failed attempt that will be retried or given up on, with the instant the attempt began. */
  onTransient?: (f: TransientFailure, attemptStartedAt: number) => void;
  onAnswer?: (at: number) => void;
}

/** Runs `call` until it answers, fails for good, or the API server stays unreachable past the deadline. */
export async function retryTransient<T>(what: string, call: () => Promise<T>, h: RetryHooks): Promise<T> {
  const policy = h.policy ?? MUTATION_RETRY;
  const random = h.random ?? Math.random;
  const first = h.clock.now();
  // Landed once, maybe landed for good: a later refused attempt does not take it back.
  let landedMaybe = false;
  for (let attempt = 1; ; attempt++) {
    const startedAt = h.clock.now();
    try {
      const value = await call();
      h.onAnswer?.(h.clock.now());
      return value;
    } catch (err) {
      const failure = transientFailure(err);
      if (!failure) {
        // The server answered (with a refusal): it is reachable.
        if (statusOf(err) > 0) h.onAnswer?.(h.clock.now());
        throw err;
      }
      h.onTransient?.(failure, startedAt);
      landedMaybe ||= failure.mayHaveLanded;
      const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
      // Half fixed, half random: never a pause of ~0, never everyone at once.
      const pause = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      const elapsed = h.clock.now() - first;
      if (elapsed + pause > policy.deadlineMs) {
        h.log.error(
          { event: 'kube.retry.give-up', what, attempts: attempt, elapsedMs: elapsed, error: failure.reason },
          'API server still unreachable',
        );
        throw new ApiUnreachableError(what, failure, attempt, elapsed, err, landedMaybe);
      }
      h.log.warn(
        {
          event: 'kube.retry',
          what,
          attempt,
          pauseMs: pause,
          elapsedMs: elapsed,
          error: failure.reason,
          mayHaveLanded: failure.mayHaveLanded,
        },
        `API server did not answer (${failure.reason}); trying again in ${pause} ms`,
      );
      await h.clock.sleep(pause);
    }
  }
}
