/**
 * Step four of loading: the schema-valid YAML document to the Scenario of
 * types.ts: durations in ms, quantities in bytes, ratios 0..1, the load
 * script as an absolute path, and every omitted optional field filled with
 * the default its schema description names.
 */
import { Convert } from './convert.js';
import { assignFaultNames } from './fault-names.js';
import type { PathIssue } from './issue.js';
import { normaliseFaultParams } from './normalise-faults.js';
import { normaliseOperation } from './normalise-operation.js';
import {
  DEFAULT_ABORT_WINDOW_MS,
  DEFAULT_MAX_RUN_TIME_MS,
  DEFAULT_RECOVERY_DEADLINE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  defaultSteadyTimeoutMs,
  defaultVus,
} from './defaults.js';
import type { ScenarioYaml } from './schema.js';
import { SCENARIO_API_VERSION, type ResponderStep, type Scenario } from './types.js';

export interface NormaliseInput {
  doc: ScenarioYaml;
  /** Absolute path of the scenario file. */
  file: string;
  /** Absolute, confined path of the k6 script (see script-path.ts), when the scenario names one. */
  script?: string;
}

export function normalise({ doc, file, script }: NormaliseInput): { value: Scenario; issues: PathIssue[] } {
  const c = new Convert();
  const s = doc.spec;
  const sim = s.target?.sim ?? {};
  const windowMs = c.ms(s.steadyState.window, ['spec', 'steadyState', 'window']);
  const names = assignFaultNames(s.faults);

  const value: Scenario = {
    apiVersion: SCENARIO_API_VERSION,
    kind: 'Scenario',
    file,
    metadata: {
      name: doc.metadata.name,
      ...(doc.metadata.description !== undefined && { description: doc.metadata.description }),
      labels: { ...doc.metadata.labels },
    },
    spec: {
      target: {
        default: s.target?.default ?? 'sim',
        sim: { timeScale: sim.timeScale ?? 1, seed: sim.seed ?? 1, topology: sim.topology ?? 'default' },
      },
      load: {
        engine: s.load.engine ?? 'vegeta',
        ...(script !== undefined && { script }),
        rate: s.load.rate,
        vus: s.load.vus ?? defaultVus(s.load.rate),
        durationMs: c.ms(s.load.duration, ['spec', 'load', 'duration']),
        routes: (s.load.routes ?? [{ path: s.load.path ?? '/' }]).map((r) => ({
          path: r.path,
          weight: r.weight ?? 1,
          ...(r.namespace !== undefined && { namespace: r.namespace }),
          headers: strings(r.headers),
        })),
        headers: strings(s.load.headers),
        timeoutMs: c.optMs(s.load.timeout, ['spec', 'load', 'timeout']) ?? DEFAULT_REQUEST_TIMEOUT_MS,
        env: strings(s.load.env),
      },
      steadyState: {
        minSuccessRate: c.ratio(s.steadyState.successRate, ['spec', 'steadyState', 'successRate']),
        maxP99Ms: c.ms(s.steadyState.p99, ['spec', 'steadyState', 'p99']),
        noFiringAlerts: s.steadyState.noFiringAlerts ?? true,
        windowMs,
        timeoutMs: c.optMs(s.steadyState.timeout, ['spec', 'steadyState', 'timeout']) ?? defaultSteadyTimeoutMs(windowMs),
      },
      faults: s.faults.map((f, i) => ({
        name: names[i]!,
        type: f.type,
        atMs: c.ms(f.at, ['spec', 'faults', i, 'at']),
        ...(f.duration !== undefined && { durationMs: c.ms(f.duration, ['spec', 'faults', i, 'duration']) }),
        params: normaliseFaultParams(f, ['spec', 'faults', i], c),
      })),
      detection: {
        expect: [...s.detection.expect],
        deadlineMs: c.ms(s.detection.deadline, ['spec', 'detection', 'deadline']),
      },
      recovery: {
        actions: (s.recovery?.actions ?? []).map((a, i): ResponderStep => {
          const path = ['spec', 'recovery', 'actions', i];
          return {
            after: a.after,
            delayMs: c.optMs(a.delay, [...path, 'delay']) ?? 0,
            action:
              a.operation !== undefined
                ? { kind: 'operation', operation: normaliseOperation(a.operation, [...path, 'operation'], c) }
                : { kind: 'revert-fault', fault: a.revert ?? '' },
            ...(a.note !== undefined && { note: a.note }),
          };
        }),
        deadlineMs: c.optMs(s.recovery?.deadline, ['spec', 'recovery', 'deadline']) ?? DEFAULT_RECOVERY_DEADLINE_MS,
      },
      objectives: {
        ...(s.objectives?.ttd !== undefined && { ttdMs: c.ms(s.objectives.ttd, ['spec', 'objectives', 'ttd']) }),
        ...(s.objectives?.ttr !== undefined && { ttrMs: c.ms(s.objectives.ttr, ['spec', 'objectives', 'ttr']) }),
        ...(s.objectives?.maxFailedRequests !== undefined && { maxFailedRequests: s.objectives.maxFailedRequests }),
        ...(s.objectives?.slo !== undefined && {
          slo: {
            target: c.ratio(s.objectives.slo.target, ['spec', 'objectives', 'slo', 'target']),
            maxBudgetBurn: c.ratio(s.objectives.slo.maxBudgetBurn, ['spec', 'objectives', 'slo', 'maxBudgetBurn']),
          },
        }),
      },
      abort: {
        ...(s.abort?.maxErrorRate !== undefined && { maxErrorRate: c.ratio(s.abort.maxErrorRate, ['spec', 'abort', 'maxErrorRate']) }),
        windowMs: c.optMs(s.abort?.window, ['spec', 'abort', 'window']) ?? DEFAULT_ABORT_WINDOW_MS,
        maxRunTimeMs: c.optMs(s.abort?.maxRunTime, ['spec', 'abort', 'maxRunTime']) ?? DEFAULT_MAX_RUN_TIME_MS,
      },
      ...(s.reference !== undefined && {
        reference: {
          ...(s.reference.source !== undefined && { source: s.reference.source }),
          steps: s.reference.steps.map((r, i) => ({ atMs: c.ms(r.at, ['spec', 'reference', 'steps', i, 'at']), event: r.event, match: { ...r.match } })),
        },
      }),
    },
  };
  return { value, issues: c.issues };
}

/** YAML reads `X-Canary: 1` as a number; headers and k6 environment are text. */
function strings(m: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, String(v)]));
}
