/**
 * The definition of every figure, word for word as result.json, report.md
 * and the README state it. Changing a computation means changing its text
 * here in the same commit.
 */
export const DEFINITIONS = {
  tInject: 't_inject: the instant the target confirmed the first mutation of the first fault (the first `fault.inject` event).',
  steadySecond:
    'A second holds the steady-state hypothesis when the load engine reported requests for it, its success rate (1 − failures ÷ requests) is at least minSuccessRate, its p99 is at most maxP99Ms, and (when noFiringAlerts) no counted alert was firing at any instant of it. A second without SLI data (no event, or no completed request) cannot confirm the hypothesis: it does not hold and is counted as a data gap.',
  dataGaps: 'Data gaps: seconds from the first SLI second to the end of the measured run for which the load engine reported no completed request.',
  ttd: 'TTD = first firing instant (Prometheus activeAt + for) of any alert in detection.expect at or after t_inject − t_inject. An expected alert already firing at t_inject is not a detection until it resolves and fires again. Counted only if it fires by t_inject + detection.deadline.',
  ttm: 'TTM = instant of the first successful mitigation action (by the scripted responder or the trainee) at or after t_inject − t_inject.',
  ttr: 'TTR = t_recovered − t_inject. The incident begins at the first instant ≥ t_inject where the steady-state hypothesis does not hold or an expected alert is firing; t_recovered is the start of the first window after that onset, of the full steady-state windowMs, throughout which every second held the hypothesis and no expected alert was firing (the window confirms recovery; its length is not counted). It must be confirmed by t_inject + recovery.deadline and before the harness reverts. No onset at all: no observable impact, TTR 0.',
  failedRequests:
    'Failed requests: sum of failed requests over the SLI seconds from the second containing t_inject up to (not including) the final t_recovered, or to the end of the run if the last incident did not recover.',
  requestsInRun: 'Requests in the run: sum of requests over every SLI second of the measured run (steady state, incident and recovery).',
  errorBudgetBurned:
    'Error budget burned = failed requests ÷ ((1 − slo.target) × requests in the run): the share of the whole run’s error budget the incident consumed (1 = all of it).',
  p99Worst: 'p99 over the incident, worst second: the highest per-second p99 among the SLI seconds of the impact window.',
  p99Median:
    'p99 over the incident, median second: the median of the per-second p99s of the impact window (mean of the two middle values when their number is even). Per-second p99s cannot be merged into a true p99 without the raw samples.',
  blastRadius:
    'Blast radius = namespaces with at least one failed request during the impact window ÷ namespaces that received requests during the run (from the load engine’s per-namespace counts).',
  flaps:
    'Flaps: firing → resolved → firing cycles of one alert name over the run (its firing episodes minus one, overlapping instances merged).',
} as const;
