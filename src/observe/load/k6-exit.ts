/**
 * What k6's exit means. 99 is "thresholds failed" (the script's own SLO
 * verdict: a finding, not a crash); a stop the harness asked for is not a
 * crash either; anything else non-zero is.
 */
import type { ProcessExit } from '../../process/owned-process.js';

export interface K6Exit {
  code: number | null;
  thresholdsFailed: boolean;
  crashed: boolean;
  message?: string;
}

/** k6's documented exit codes (lib/errext/exitcodes). */
export const K6_EXIT = {
  thresholdsFailed: 99,
  setupTimeout: 100,
  invalidConfig: 104,
  externalAbort: 105,
  cannotStartRestApi: 106,
  scriptException: 107,
  scriptAborted: 108,
} as const;

export function classifyK6Exit(exit: ProcessExit, stoppedByHarness: boolean, logTail: string): K6Exit {
  const { code } = exit;
  if (exit.spawnError) return { code: null, thresholdsFailed: false, crashed: true, message: `k6 could not start: ${exit.spawnError}` };
  if (code === 0) return { code, thresholdsFailed: false, crashed: false };
  if (code === K6_EXIT.thresholdsFailed) return { code, thresholdsFailed: true, crashed: false, message: 'k6 thresholds failed' };
  if (stoppedByHarness && (code === K6_EXIT.externalAbort || exit.signal !== null)) {
    return { code, thresholdsFailed: false, crashed: false, message: 'stopped by the harness' };
  }
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${code}`;
  return { code, thresholdsFailed: false, crashed: true, message: `k6 ${how}${logTail ? `: ${logTail}` : ''}` };
}
