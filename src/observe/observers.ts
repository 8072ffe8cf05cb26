/**
 * What the runner needs from the observation stack (Prometheus,
 * Alertmanager, the webhook, the load engine), as one small interface so the runner can
 * be exercised without processes and a suite can reuse one stack.
 */
import type { TimelineEvent } from '../timeline.js';
import type { LoadSpec } from '../scenario/types.js';
import type { TargetEndpoints } from '../targets/port.js';

export type Emit = (e: TimelineEvent) => void;

export interface LoadExit {
  /** The load engine's exit code; k6's 99 means its script's thresholds failed, which is a finding, not a crash. */
  code: number | null;
  thresholdsFailed: boolean;
  crashed: boolean;
  message?: string;
}

export interface LoadHandle {
  /** Settles when the load generator exits (on its own or after stop). */
  readonly exited: Promise<LoadExit>;
  stop(): Promise<LoadExit>;
}

export interface Observers {
  /** Points alerting at this target; alert and detection events go to `emit` from now on. */
  /** `signal` (an interrupted run) stops the bring-up at once; what it started is stopped. */
  attach(endpoints: TargetEndpoints, emit: Emit, runDir: string, signal?: AbortSignal): Promise<void>;
  /** Starts load against the target; one `sli` event per second goes to `emit`. */
  startLoad(endpoints: TargetEndpoints, load: LoadSpec, emit: Emit, runDir: string): Promise<LoadHandle>;
  /** Stops watching the current target (processes may stay up for the next scenario of a suite). */
  detach(): Promise<void>;
  /** Stops every process the observers own. Idempotent. */
  close(): Promise<void>;
  /** Names of the alert rules loaded, so "no firing alerts" knows what counts. */
  alertNames(): string[];
  /** Versions of the components, for the result. */
  versions(): Record<string, string>;
}
