/**
 * The expert line: the scenario's scripted responder placed in a training
 * session's own time. Its steps hang from the injection or the first
 * detection, so the instants come from what this session measured — the
 * expert would have seen the same alerts the trainee saw.
 */
import type { ResponderStep } from '../scenario/types.js';
import { describeOperation } from '../targets/operations.js';
import type { ExpertStep } from './training-events.js';

export function expertLine(
  steps: readonly ResponderStep[],
  tInject: number | null,
  detectedAt: number | null,
  timeScale: number,
): ExpertStep[] {
  return steps.map((s): ExpertStep => {
    const action = s.action.kind === 'revert-fault' ? `revert fault ${s.action.fault}` : describeOperation(s.action.operation);
    const anchor = s.after === 'injection' ? tInject : detectedAt;
    const note = s.note === undefined ? {} : { note: s.note };
    // A step's delay is scenario time; the session's instants are wall time.
    if (anchor === null)
      return { at: null, action, ...note, reason: s.after === 'injection' ? 'no injection' : 'no alert detected the fault' };
    return { at: anchor + s.delayMs / timeScale, action, ...note };
  });
}
