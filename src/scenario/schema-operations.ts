/**
 * The YAML shape of a responder's `operation`: the Operation union of
 * targets/operations.ts with YAML-friendly values (`limit: 512Mi` for
 * limitBytes, `pullDelay: 30s` for pullDelayMs, `ttl: 5m` for ttlMs).
 * normalise-operation.ts maps them.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { OperationName } from '../targets/operations.js';
import { AuthorizationPolicySchema } from './schema-authz.js';
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
  NullableMemory,
  StringEnum,
  VERSION_PATTERN,
} from './schema-values.js';

const Workload = Closed({ namespace: DnsLabel('Namespace of the Deployment'), name: DnsLabel('Name of the Deployment') }, 'A Deployment');
const Container = DnsLabel('Container name, e.g. discovery for istiod');
const IntOrPercent = (description: string) =>
  Type.Unsafe<string | number>({ type: ['string', 'integer'], pattern: '^[0-9]+%?$', minimum: 0, description });

const op = <K extends OperationName, P extends Parameters<typeof Type.Object>[0]>(name: K, description: string, properties: P) =>
  Closed({ op: Type.Literal(name), ...properties }, description);

export const OperationSchemas = {
  'set-memory-limit': op('set-memory-limit', 'Set a container’s memory limit', {
    workload: Workload,
    container: Container,
    limit: NullableMemory('New limit, e.g. 2Gi; null removes the limit'),
  }),
  'set-rollout-strategy': op('set-rollout-strategy', 'Set a Deployment’s rollout strategy', {
    workload: Workload,
    strategy: Closed(
      {
        type: StringEnum(['RollingUpdate', 'Recreate'] as const, 'Strategy type'),
        maxSurge: Type.Optional(IntOrPercent('RollingUpdate only. Default: 25%')),
        maxUnavailable: Type.Optional(IntOrPercent('RollingUpdate only. Default: 25%')),
      },
      'The strategy',
    ),
  }),
  scale: op('scale', 'Scale a Deployment', { workload: Workload, replicas: Type.Integer({ minimum: 0, description: 'Replicas' }) }),
  'rollout-restart': op('rollout-restart', 'Restart a Deployment’s pods', { workload: Workload }),
  'delete-pods': op('delete-pods', 'Delete pods (their ReplicaSet recreates them)', {
    namespace: DnsLabel('Namespace'),
    selector: Type.Optional(Labels('Label selector. Default: every pod in the namespace')),
    names: Type.Optional(Type.Array(DnsSubdomain('Pod name'), { description: 'Pod names' })),
    count: Type.Optional(Type.Integer({ minimum: 1, description: 'How many matching pods. Default: all' })),
  }),
  'set-image': op('set-image', 'Set a container’s image', {
    workload: Workload,
    container: Container,
    image: Image('Image reference'),
  }),
  'apply-authorization-policy': op('apply-authorization-policy', 'Create or replace an AuthorizationPolicy', {
    policy: AuthorizationPolicySchema,
  }),
  'delete-authorization-policy': op('delete-authorization-policy', 'Delete an AuthorizationPolicy', {
    namespace: DnsLabel('Namespace'),
    name: DnsLabel('Name'),
  }),
  'evict-image': op('evict-image', 'Evict an image from the nodes’ cache', {
    image: Image('Image reference'),
    nodes: Type.Optional(Type.Array(DnsSubdomain('Node name'), { description: 'Default: every node' })),
  }),
  'set-registry': op('set-registry', 'Make the registry reachable (optionally slow) or unreachable', {
    reachable: Type.Boolean(),
    pullDelay: Type.Optional(Duration('Per-pull delay. Default: 0s')),
  }),
  'install-revision': op('install-revision', 'Install an istiod revision', {
    revision: DnsLabel('Revision name, no dots, e.g. 1-24-1'),
    version: Type.String({ pattern: VERSION_PATTERN, maxLength: 64, description: 'Istio version' }),
    replicas: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: 1' })),
    memoryLimit: Type.Optional(NullableMemory('istiod memory limit. Default: null (none)')),
  }),
  'uninstall-revision': op('uninstall-revision', 'Uninstall an istiod revision', { revision: DnsLabel('Revision') }),
  'set-revision-tag': op('set-revision-tag', 'Point a revision tag at a revision', {
    tag: DnsLabel('Tag'),
    revision: DnsLabel('Revision'),
  }),
  'remove-revision-tag': op('remove-revision-tag', 'Remove a revision tag', { tag: DnsLabel('Tag') }),
  'set-namespace-revision': op('set-namespace-revision', 'Label a namespace with istio.io/rev', {
    namespace: DnsLabel('Namespace'),
    revision: Type.Unsafe<string | null>({
      type: ['string', 'null'],
      pattern: DNS_LABEL_PATTERN,
      description: 'Revision or tag; null removes the label',
    }),
    injection: Type.Optional(
      // One enum over both types (as StringEnum does) rather than a union: ajv then reports one error, not one per member.
      Type.Unsafe<boolean | 'disabled'>({
        type: ['boolean', 'string'],
        enum: [true, false, 'disabled'],
        description:
          'istio-injection label: true sets enabled (wins over istio.io/rev), disabled sets disabled (no injection), false removes it. Default: unchanged',
      }),
    ),
  }),
  'set-proxy-config': op('set-proxy-config', 'Change sidecar resources or logging (takes effect as pods are recreated)', {
    namespace: DnsLabel('Namespace'),
    workload: Type.Optional(DnsLabel('Deployment. Default: every workload in the namespace')),
    resources: Type.Optional(
      Closed(
        {
          cpuRequest: Type.Optional(Cpu('e.g. 100m')),
          cpuLimit: Type.Optional(Cpu('e.g. 2')),
          memoryRequest: Type.Optional(Memory('e.g. 128Mi')),
          memoryLimit: Type.Optional(Memory('e.g. 1Gi')),
        },
        'Sidecar resources',
      ),
    ),
    accessLog: Type.Optional(
      Closed(
        {
          enabled: Type.Boolean(),
          encoding: Type.Optional(StringEnum(['TEXT', 'JSON'] as const, 'Default: TEXT')),
          componentLogLevel: Type.Optional(StringEnum(['error', 'warning', 'info', 'debug'] as const, 'Default: warning')),
        },
        'Access logging',
      ),
    ),
  }),
  'set-cert-ttl': op('set-cert-ttl', 'Set the workload certificate lifetime', { ttl: Duration('e.g. 5m') }),
  'set-config-load': op(
    'set-config-load',
    'Make a namespace hold exactly N generated ServiceEntries (gameday-load-<i>): config istiod must hold and push',
    {
      namespace: DnsLabel('Namespace'),
      serviceEntries: Type.Integer({ minimum: 0, description: 'How many; 0 deletes them all' }),
    },
  ),
} as const satisfies { [K in OperationName]: TObject };

export type OperationYaml = { [K in OperationName]: Static<(typeof OperationSchemas)[K]> }[OperationName];
export const OPERATION_NAMES = Object.keys(OperationSchemas) as OperationName[];

export const OperationSchema = TaggedUnion<OperationYaml>({
  tag: 'op',
  description: 'An operation on the mesh, as a fault would perform it',
  // No additionalProperties here: each branch closes its own object.
  base: { type: 'object', required: ['op'], properties: { op: StringEnum(OPERATION_NAMES, 'Operation') } },
  branches: OperationSchemas,
});
