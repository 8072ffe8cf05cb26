/**
 * Istio AuthorizationPolicy rules as the schema accepts them: the subset of
 * `security.istio.io/v1` that targets/operations.ts (AuthorizationRule)
 * models, with the same keys, so a rule can be copied from a cluster.
 */
import { Type } from '@sinclair/typebox';
import { Closed, DnsLabel, Labels, StringEnum } from './schema-values.js';

const Strings = (description: string) => Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description });

const Source = Closed(
  {
    principals: Type.Optional(Strings('SPIFFE principals, e.g. cluster.local/ns/shop/sa/frontend')),
    notPrincipals: Type.Optional(Strings('Principals that do not match')),
    namespaces: Type.Optional(Strings('Source namespaces')),
    notNamespaces: Type.Optional(Strings('Source namespaces that do not match')),
  },
  'Who sends the request',
);

const Target = Closed(
  {
    paths: Type.Optional(Strings('Request paths; `*` prefix or suffix wildcards as in Istio')),
    notPaths: Type.Optional(Strings('Paths that do not match')),
    methods: Type.Optional(Strings('HTTP methods')),
    notMethods: Type.Optional(Strings('Methods that do not match')),
  },
  'What the request asks for',
);

export const AuthorizationRuleSchema = Closed(
  {
    from: Type.Optional(Type.Array(Closed({ source: Source }, 'One source clause'), { description: 'Any of these sources' })),
    to: Type.Optional(Type.Array(Closed({ operation: Target }, 'One operation clause'), { description: 'Any of these operations' })),
  },
  'One rule: matches when a `from` and a `to` clause match (an absent list matches everything)',
);

export const AuthorizationPolicySchema = Closed(
  {
    namespace: DnsLabel('Namespace of the policy (the root namespace, istio-system, makes it mesh-wide)'),
    name: DnsLabel('Name of the policy'),
    action: StringEnum(['ALLOW', 'DENY', 'AUDIT'] as const, 'Policy action'),
    dryRun: Type.Optional(Type.Boolean({ description: 'Adds `istio.io/dry-run: "true"` (ALLOW and DENY only). Default: false' })),
    selector: Type.Optional(Labels('`spec.selector.matchLabels`; absent means every workload in the namespace')),
    rules: Type.Optional(Type.Array(AuthorizationRuleSchema, { description: 'Rules; absent or empty matches nothing for DENY' })),
  },
  'An AuthorizationPolicy as applied to the mesh',
);
