/**
 * The YAML shape of each fault's `params`, keyed by fault type. Keys mirror
 * the *Params interfaces in types.ts with YAML-friendly values (`512Mi`,
 * `30s`); the normaliser (normalise-faults.ts) maps them and fills the
 * defaults named in each description.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { AuthorizationRuleSchema } from './schema-authz.js';
import { TaggedUnion } from './schema-union.js';
import {
  Closed,
  Cpu,
  DNS_LABEL_PATTERN,
  DnsLabel,
  DnsSubdomain,
  Duration,
  Image,
  Labels,
  Memory,
  Names,
  Ratio,
  StringEnum,
  VERSION_PATTERN,
  type DurationText,
} from './schema-values.js';

const Revision = (description: string) => DnsLabel(`${description}. Revision names have no dots, e.g. 1-24-1`);
const Version = (description: string) => Type.String({ pattern: VERSION_PATTERN, maxLength: 64, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const FaultParamSchemas = {
  'istiod-oom': Closed(
    {
      revision: Type.Optional(
        Revision('Revision whose istiod is starved. Default: the revision the `default` tag points at (or the only one)'),
      ),
      memoryLimit: Type.Optional(Memory('New memory limit, e.g. 512Mi. Default: belowWorkingSet × the working set at injection')),
      belowWorkingSet: Type.Optional(Ratio('Limit as a share of the current working set, when memoryLimit is absent. Default: 0.7')),
      extraProxies: Type.Optional(Count('Extra proxies connecting to istiod (more memory demand). Default: 0')),
      extraConfigObjects: Type.Optional(Count('Extra config objects istiod must hold. Default: 0')),
      strategy: Type.Optional(
        StringEnum(
          ['Recreate', 'maxUnavailable'] as const,
          'How the serving pod is replaced: without it the old pod keeps serving while the new one OOM-loops. Default: Recreate',
        ),
      ),
    },
    'istiod runs out of memory and is OOMKilled in a loop',
  ),
  'image-cache-evict': Closed(
    {
      image: Image('Image reference, or `previous-istiod` for the image of the revision before the current one'),
      nodes: Type.Optional(Type.Array(DnsSubdomain('Node name'), { description: 'Nodes to evict from. Default: every node' })),
      registry: Type.Optional(
        StringEnum(['reachable', 'slow', 'unreachable'] as const, 'What the registry does while the fault lasts. Default: unreachable'),
      ),
      pullDelay: Type.Optional(Duration('Per-pull delay while the registry is slow. Default: 30s')),
      registryOutage: Type.Optional(Duration('How long the registry stays slow or unreachable. Default: until the fault is reverted')),
    },
    'An image is evicted from the nodes’ cache, so a rollback has to pull it again',
  ),
  'deny-policy': Closed(
    {
      namespace: DnsLabel('Namespace of the policy (istio-system makes it mesh-wide)'),
      name: DnsLabel('Name of the AuthorizationPolicy'),
      selector: Type.Optional(Labels('Workloads it applies to (matchLabels). Default: every workload in the namespace')),
      mode: Type.Optional(
        StringEnum(
          ['enforce', 'audit', 'dry-run'] as const,
          'enforce = DENY, audit = AUDIT (never denies), dry-run = DENY with istio.io/dry-run. Default: enforce',
        ),
      ),
      rules: Type.Array(AuthorizationRuleSchema, { minItems: 1, description: 'Istio AuthorizationPolicy rules: what the policy denies' }),
    },
    'A bad AuthorizationPolicy denies traffic it should not',
  ),
  'pod-churn': Closed(
    {
      namespaces: Names('Namespaces whose pods churn', { minItems: 1 }),
      eventsPerSecond: Type.Number({ exclusiveMinimum: 0, description: 'Pod events per second across the namespaces' }),
      mix: Type.Optional(
        Closed(
          {
            delete: Type.Optional(Type.Number({ minimum: 0, description: 'Weight of pod deletions. Default: 0 when mix is given' })),
            restart: Type.Optional(Type.Number({ minimum: 0, description: 'Weight of rollout restarts. Default: 0 when mix is given' })),
            scale: Type.Optional(Type.Number({ minimum: 0, description: 'Weight of scale up/down. Default: 0 when mix is given' })),
          },
          'Relative weights of the kinds of event. Default: delete 6, restart 3, scale 1',
        ),
      ),
    },
    'Pods churn faster than istiod can push endpoints',
  ),
  'istiod-outage': Closed(
    {
      revision: Type.Optional(Revision('Revision taken down. Default: the revision the `default` tag points at')),
      certTtl: Type.Optional(
        Duration('Shorten the workload certificate TTL so expiry happens within the run, e.g. 5m. Default: unchanged'),
      ),
    },
    'Every istiod of a revision is down',
  ),
  'inplace-upgrade': Closed(
    {
      revision: Type.Optional(Revision('Revision upgraded in place. Default: the revision the `default` tag points at')),
      toVersion: Version('Istio version installed over it, e.g. 1.13.0'),
      memoryLimit: Type.Optional(Memory('Memory limit of the new istiod. Default: the current limit')),
      restartWorkloadsAfter: Type.Optional(
        Duration('Restart every injected workload this long after the control plane was replaced. Default: never'),
      ),
    },
    'The control plane is upgraded in place, with no way back but a rollback',
  ),
  'canary-upgrade': Closed(
    {
      fromRevision: Type.Optional(Revision('Revision upgraded from. Default: the revision the tag points at')),
      toRevision: Revision('New revision installed beside the old one'),
      toVersion: Version('Istio version of the new revision'),
      memoryLimit: Type.Optional(Memory('Memory limit of the new istiod. Default: the current limit')),
      canaryNamespaces: Names('Namespaces moved to the new revision first', { minItems: 1 }),
      stages: Type.Optional(
        Type.Array(
          Closed(
            {
              after: Duration('Offset from injection'),
              namespaces: Names('Namespaces moved at this stage', { minItems: 1 }),
            },
            'One promotion stage',
          ),
          { description: 'Promotion stages after the canary. Default: none (only the canary moves)' },
        ),
      ),
      tag: Type.Optional(Type.String({ pattern: DNS_LABEL_PATTERN, description: 'Revision tag the namespaces follow. Default: stable' })),
    },
    'A canary upgrade: a new revision for a few namespaces first',
  ),
  'access-log-flood': Closed(
    {
      namespaces: Names('Namespaces whose sidecars log every request', { minItems: 1 }),
      encoding: Type.Optional(StringEnum(['TEXT', 'JSON'] as const, 'Access log encoding. Default: JSON')),
      componentLogLevel: Type.Optional(
        StringEnum(
          ['error', 'warning', 'info', 'debug'] as const,
          'Envoy component log level, a separate knob (debug is expensive). Default: warning',
        ),
      ),
    },
    'Access logging switched on mesh-wide floods sidecars and the log pipeline',
  ),
  'sidecar-starvation': Closed(
    {
      namespaces: Names('Namespaces whose sidecars are starved', { minItems: 1 }),
      cpuLimit: Type.Optional(Cpu('Sidecar CPU limit: millicores like 50m or cores like 0.05. At least one of cpuLimit and memoryLimit')),
      memoryLimit: Type.Optional(Memory('Sidecar memory limit, e.g. 64Mi')),
    },
    'Sidecars get too little CPU or memory',
  ),
} as const satisfies Record<string, TObject>;

export type FaultTypeName = keyof typeof FaultParamSchemas;
export const FAULT_TYPES = Object.keys(FaultParamSchemas) as FaultTypeName[];

export type FaultParamsYaml<K extends FaultTypeName = FaultTypeName> = Static<(typeof FaultParamSchemas)[K]>;

export type FaultYaml = {
  [K in FaultTypeName]: { type: K; name?: string; at: DurationText; duration?: DurationText; params?: FaultParamsYaml<K> };
}[FaultTypeName];

const hasRequired = (s: TObject): boolean => (s.required ?? []).length > 0;

export const FaultSchema = TaggedUnion<FaultYaml>({
  tag: 'type',
  description: 'One fault: what breaks, when, and for how long',
  base: Closed(
    {
      type: StringEnum(FAULT_TYPES, 'Fault type'),
      name: Type.Optional(DnsLabel('Unique name, used by `revert` in recovery. Default: the type (then type-2, type-3, …)')),
      at: Duration('Offset from the end of the steady-state phase, e.g. 30s'),
      duration: Type.Optional(Duration('Revert automatically after this long. Default: at the end of the run (or by a responder)')),
      // Closed per type by the branches below.
      params: Type.Optional(
        Type.Unsafe<object>({ type: 'object', description: 'Parameters of the fault type. Default: {} when the type needs none' }),
      ),
    },
    'One fault',
  ),
  branches: Object.fromEntries(
    Object.entries(FaultParamSchemas).map(([type, params]) => [
      type,
      { properties: { params }, ...(hasRequired(params) ? { required: ['params'] } : {}) },
    ]),
  ),
});
