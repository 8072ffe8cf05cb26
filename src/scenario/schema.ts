/**
 * The scenario file format, v1: the one source of truth for its YAML shape.
 * The loader validates against it, scripts/gen-schema.ts publishes it as
 * schema/scenario.schema.json for editors, and every description names the
 * default the normaliser fills in (editors show them on hover).
 */
import { Type, type Static } from '@sinclair/typebox';
import { LOAD_ENGINES, SCENARIO_API_VERSION } from './types.js';
import { FaultSchema } from './schema-faults.js';
import { OperationSchema } from './schema-operations.js';
import {
  ALERT_NAME_PATTERN,
  Closed,
  DnsLabel,
  Duration,
  ENV_NAME_PATTERN,
  Labels,
  ONE_LINE_PATTERN,
  Ratio,
  StringEnum,
  URL_PATH_PATTERN,
} from './schema-values.js';

const Target = Closed(
  {
    default: Type.Optional(StringEnum(['sim', 'kind', 'cluster'] as const, 'Target used when --target is not given. Default: sim')),
    sim: Type.Optional(
      Closed(
        {
          timeScale: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, description: 'Model seconds per wall second; 1 is real time. Default: 1' }),
          ),
          seed: Type.Optional(Type.Integer({ description: 'Seed of the model’s random choices, so runs replay. Default: 1' })),
          topology: Type.Optional(
            Type.Unsafe<string | Record<string, unknown>>({
              type: ['string', 'object'],
              description: 'Topology name, or an inline topology the simulator validates. Default: default',
            }),
          ),
        },
        'Options of the embedded simulator',
      ),
    ),
  },
  'Where the scenario runs by default. Default: sim with its defaults',
);

const Headers = (description: string) =>
  Type.Unsafe<Record<string, string | number | boolean>>({
    type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean'], pattern: ONE_LINE_PATTERN },
    // An HTTP field name is a token (RFC 9110 §5.1).
    propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
    description,
  });

const Route = Closed(
  {
    path: Type.String({ pattern: URL_PATH_PATTERN, maxLength: 2048, description: 'Path requested on the ingress, e.g. /staging/' }),
    weight: Type.Optional(Type.Integer({ minimum: 1, description: 'Share of the requests, relative to the other routes. Default: 1' })),
    namespace: Type.Optional(
      Type.String({ description: 'Namespace the route leads to; counts requests whose reply names none (x-gameday-namespace). Default: none' }),
    ),
    headers: Type.Optional(Headers('Request headers of this route, over spec.load.headers. Default: {}')),
  },
  'One request the load sends',
);

const Load = Closed(
  {
    engine: Type.Optional(
      StringEnum(
        LOAD_ENGINES,
        'Load engine: vegeta (installed by scripts/setup) or k6 (your own, found on PATH; never installed by this project). --load-engine overrides it. Default: vegeta',
      ),
    ),
    rate: Type.Number({ exclusiveMinimum: 0, description: 'Constant arrival rate, requests per second (open model: it holds when the mesh slows)' }),
    duration: Duration('Total load duration; the run stops the load early when it ends, e.g. 20m'),
    path: Type.Optional(
      Type.String({ pattern: URL_PATH_PATTERN, maxLength: 2048, description: 'Path requested on the ingress, when there is one route. Default: /' }),
    ),
    routes: Type.Optional(
      Type.Array(Route, { minItems: 1, description: 'Requests spread by weight, instead of path. Default: one route, path' }),
    ),
    headers: Type.Optional(Headers('Headers on every request, e.g. {Host: bookinfo.example.com}. Default: {}')),
    timeout: Type.Optional(Duration('A request without a reply by then counts as failed. Default: 10s')),
    script: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'k6 only: script, relative to the PROJECT ROOT (not to this file); must stay inside the project. Default: load/steady.js',
      }),
    ),
    vus: Type.Optional(Type.Integer({ minimum: 1, description: 'k6 only: pre-allocated virtual users. Default: rate ÷ 5, at least 10' })),
    env: Type.Optional(
      Type.Unsafe<Record<string, string | number | boolean>>({
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'], pattern: ONE_LINE_PATTERN },
        propertyNames: { pattern: ENV_NAME_PATTERN },
        description: 'k6 only: script environment (`-e NAME=value`, read as __ENV.NAME). Default: {}',
      }),
    ),
  },
  'The load driven at the ingress',
);

const SteadyState = Closed(
  {
    successRate: Ratio('Minimum share of successful requests per second, e.g. 99.5% or 0.995'),
    p99: Duration('Maximum p99 latency, e.g. 250ms'),
    noFiringAlerts: Type.Optional(Type.Boolean({ description: 'No alert of the rule pack may be firing. Default: true' })),
    window: Duration('The hypothesis must hold continuously this long, e.g. 1m'),
    timeout: Type.Optional(
      Duration('Give up (the run fails as "not steady") if it has not held by then. Default: the larger of 5m and 2 × window'),
    ),
  },
  'The steady-state hypothesis, checked before injection and for recovery',
);

const Detection = Closed(
  {
    expect: Type.Array(Type.String({ pattern: ALERT_NAME_PATTERN }), {
      minItems: 1,
      description: 'Alert names; the first of them to fire after injection is detection',
    }),
    deadline: Duration('From injection; no expected alert firing by then is a detection gap, e.g. 5m'),
  },
  'Which alerts should notice the fault, and how soon',
);

const Action = Closed(
  {
    after: StringEnum(['injection', 'detection'] as const, 'What the delay counts from'),
    delay: Type.Optional(Duration('Wait this long after the anchor. Default: 0s')),
    note: Type.Optional(Type.String({ description: 'Free text for the report, e.g. "on-call moves tag stable back"' })),
    revert: Type.Optional(DnsLabel('Name of a fault to revert. Exactly one of revert and operation')),
    operation: Type.Optional(OperationSchema),
  },
  'One scripted responder step',
);

const Recovery = Closed(
  {
    actions: Type.Optional(Type.Array(Action, { description: 'Scripted responder steps. Default: none' })),
    deadline: Type.Optional(Duration('From injection: stop waiting for recovery after this long. Default: 15m')),
  },
  'How the incident is mitigated. Default: no actions, deadline 15m',
);

const Objectives = Closed(
  {
    ttd: Type.Optional(Duration('Time-to-detect budget, e.g. 2m. Default: none')),
    ttr: Type.Optional(Duration('Time-to-recover budget, e.g. 10m. Default: none')),
    maxFailedRequests: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Most failed requests the incident may cause. Default: none' }),
    ),
    slo: Type.Optional(
      Closed(
        {
          target: Ratio('SLO success target, e.g. 99.9%'),
          maxBudgetBurn: Ratio('Share of the run’s error budget the incident may burn, e.g. 50%'),
        },
        'Error-budget objective',
      ),
    ),
  },
  'Pass/fail budgets; they decide the exit code. Default: none',
);

const Abort = Closed(
  {
    maxErrorRate: Type.Optional(Ratio('Abort (revert at once) when the error rate stays above this for `window`. Default: never')),
    window: Type.Optional(Duration('How long maxErrorRate must be exceeded. Default: 30s')),
    maxRunTime: Type.Optional(Duration('Abort a run that lasts longer than this. Default: 1h')),
  },
  'Safety stops. Default: only maxRunTime 1h',
);

const ReferenceMatch = Closed(
  {
    kind: StringEnum(['target', 'symptom', 'alert', 'action', 'fault.inject', 'fault.revert'] as const, 'Kind of timeline event'),
    reason: Type.Optional(Type.String({ minLength: 1, description: 'target events: the reason, e.g. OOMKilled, ErrImagePull' })),
    object: Type.Optional(Type.String({ minLength: 1, description: 'target events: a part of the object, e.g. istiod' })),
    alert: Type.Optional(Type.String({ minLength: 1, description: 'alert events: the alert name' })),
    state: Type.Optional(StringEnum(['pending', 'firing', 'resolved'] as const, 'alert events: the state. Default: firing')),
    fault: Type.Optional(Type.String({ minLength: 1, description: 'fault events: the fault name' })),
    text: Type.Optional(Type.String({ minLength: 1, description: 'action and symptom events: a part of their text' })),
    occurrence: Type.Optional(StringEnum(['first', 'last'] as const, 'Which matching event counts. Default: first')),
  },
  'Which timeline event stands for this step',
);

const Reference = Closed(
  {
    source: Type.Optional(Type.String({ description: 'Where the reference timeline comes from (a postmortem, an article)' })),
    steps: Type.Array(
      Closed(
        {
          at: Duration('When the step happened in the reference, from injection (scenario time)'),
          event: Type.String({ minLength: 1, description: 'What happened, in the reference’s words' }),
          match: ReferenceMatch,
        },
        'One step of the reference timeline',
      ),
      { minItems: 1 },
    ),
  },
  'A reference timeline (a postmortem’s) to lay the measured one beside; each step is matched to the first (or last) timeline event after injection. Default: none',
);

const Spec = Closed(
  {
    target: Type.Optional(Target),
    load: Load,
    steadyState: SteadyState,
    faults: Type.Array(FaultSchema, { minItems: 1, description: 'What breaks' }),
    detection: Detection,
    recovery: Type.Optional(Recovery),
    objectives: Type.Optional(Objectives),
    abort: Type.Optional(Abort),
    reference: Type.Optional(Reference),
  },
  'The exercise',
);

export const ScenarioSchema = Closed(
  {
    apiVersion: Type.Literal(SCENARIO_API_VERSION, { description: 'Format version' }),
    kind: Type.Literal('Scenario'),
    metadata: Closed(
      {
        name: DnsLabel('Scenario name: lowercase letters, digits and dashes (DNS-1123 label)'),
        description: Type.Optional(Type.String({ description: 'One paragraph for the report' })),
        labels: Type.Optional(Labels('Free labels, e.g. for selecting scenarios in a suite. Default: {}')),
      },
      'Who the scenario is',
    ),
    spec: Spec,
  },
  'An istio-gameday scenario: load, a fault, the alerts that should notice it, and the budgets to meet',
  { title: 'istio-gameday Scenario' },
);

/** The YAML document as the schema admits it, before normalisation. */
export type ScenarioYaml = Static<typeof ScenarioSchema>;
export type ActionYaml = ScenarioYaml['spec'] extends { recovery?: { actions?: (infer A)[] } } ? A : never;
