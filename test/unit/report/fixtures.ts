/** Run results built the way the runner builds them: a hand-made timeline, measured, wrapped. */
import { measure, type MeasureOptions } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { buildRunResult, type RunResult, type RunResultInput } from '../../../src/report/result.js';
import { action, alert, at, inject, revert, seconds, sli, spec, timeline } from '../measure/timeline-builder.js';

export { at };

export function cleanRunEvents(): TimelineEvent[] {
  return timeline(
    { kind: 'phase', at: at(0), phase: 'steady-state' },
    seconds('o'.repeat(10) + 'x'.repeat(10) + 'o'.repeat(20)),
    sli(40, 100, 0, 50),
    inject(10),
    alert('IstiodDown', 'pending', 12),
    alert('IstiodDown', 'firing', 15),
    alert('IstiodDown', 'resolved', 21.5),
    alert('Latency<High> & "bad"', 'firing', 13),
    alert('Latency<High> & "bad"', 'resolved', 16),
    action(17),
    revert(17),
    { kind: 'phase', at: at(41), phase: 'revert' },
  );
}

export function resultFrom(
  events: TimelineEvent[],
  over: Partial<RunResultInput> = {},
  opts: MeasureOptions = {},
  objectives = { ttdMs: 30_000, ttrMs: 60_000, maxFailedRequests: 1000 },
): RunResult {
  return buildRunResult({
    scenario: { name: 'istiod <oom> & "friends"', file: '/work/scenarios/istiod-oom.yaml' },
    target: 'sim',
    timeScale: 1,
    startedAt: at(0),
    endedAt: at(42),
    measurements: measure(events, spec({ objectives }), opts),
    reverts: { reverted: ['oom'], failures: [] },
    steadyAfterRevert: true,
    versions: { prometheus: '2.53.0', k6: 'v1.3.0' },
    ...over,
  });
}
