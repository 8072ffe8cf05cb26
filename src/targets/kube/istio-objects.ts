/**
 * Istio's custom objects the adapter writes: `security.istio.io/v1`
 * AuthorizationPolicy and the generated `networking.istio.io/v1`
 * ServiceEntries of `set-config-load`, to and from the port's types.
 */
import { CONFIG_LOAD_PREFIX, type AuthorizationPolicySpec, type AuthorizationRule } from '../operations.js';

export const DRY_RUN = 'istio.io/dry-run';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'istio-gameday' };

export const AUTHZ = { group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies' } as const;
export const SERVICE_ENTRY = { group: 'networking.istio.io', version: 'v1', plural: 'serviceentries' } as const;

export interface IstioObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: Record<string, unknown>;
}

export function policySpecBody(p: AuthorizationPolicySpec): Record<string, unknown> {
  return {
    action: p.action,
    ...(p.selector ? { selector: { matchLabels: p.selector } } : {}),
    ...(p.rules ? { rules: p.rules } : {}),
  };
}

/** The object to create, or `existing` with the new spec and dry-run annotation (its other metadata kept). */
export function policyObject(p: AuthorizationPolicySpec, existing: IstioObject | null): IstioObject {
  const annotations = { ...(existing?.metadata?.annotations ?? {}) };
  if (p.dryRun) annotations[DRY_RUN] = 'true';
  else delete annotations[DRY_RUN];
  return {
    apiVersion: `${AUTHZ.group}/${AUTHZ.version}`,
    kind: 'AuthorizationPolicy',
    metadata: {
      ...(existing?.metadata ?? {}),
      name: p.name,
      namespace: p.namespace,
      ...(Object.keys(annotations).length || existing?.metadata?.annotations ? { annotations } : {}),
    },
    spec: policySpecBody(p),
  };
}

export function policyOf(o: IstioObject): AuthorizationPolicySpec {
  const spec = o.spec ?? {};
  const action = (spec.action as AuthorizationPolicySpec['action'] | undefined) ?? 'ALLOW';
  const matchLabels = (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
  const rules = spec.rules as AuthorizationRule[] | undefined;
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    action,
    ...(o.metadata?.annotations?.[DRY_RUN] === 'true' ? { dryRun: true } : {}),
    ...(matchLabels ? { selector: matchLabels } : {}),
    ...(rules ? { rules } : {}),
  };
}

export function configLoadName(i: number): string {
  return `${CONFIG_LOAD_PREFIX}${i}`;
}

/** The index of a generated ServiceEntry, or null for any other name. */
export function configLoadIndex(name: string | undefined): number | null {
  const m = name?.startsWith(CONFIG_LOAD_PREFIX) ? /^(\d+)$/.exec(name.slice(CONFIG_LOAD_PREFIX.length)) : null;
  return m ? Number(m[1]) : null;
}

export function serviceEntryObject(namespace: string, i: number): IstioObject {
  return {
    apiVersion: `${SERVICE_ENTRY.group}/${SERVICE_ENTRY.version}`,
    kind: 'ServiceEntry',
    metadata: { name: configLoadName(i), namespace, labels: { ...MANAGED_BY } },
    spec: {
      // A name under the reserved .invalid domain: config for istiod to hold and push, never traffic.
      hosts: [`${configLoadName(i)}.${namespace}.gameday.invalid`],
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
    },
  };
}
