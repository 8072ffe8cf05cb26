/**
 * Checks that untrusted JSON (the control API's request body, a file given
 * to `gameday sim apply`) is an Operation of targets/operations.ts, and says
 * every way it is not, by JSON path. Operations here are the wire form
 * (bytes and milliseconds), not the scenario YAML's `512Mi` and `30s`.
 */
import type { Operation, OperationName } from '../operations.js';

type Check = (v: unknown, path: string, issues: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p, i) => {
  if (typeof v !== 'string' || v === '') i.push(`${p}: expected a non-empty string`);
};
const bool: Check = (v, p, i) => {
  if (typeof v !== 'boolean') i.push(`${p}: expected true or false`);
};
const count =
  (min: number): Check =>
  (v, p, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) i.push(`${p}: expected an integer ≥ ${min}`);
  };
const nullable =
  (c: Check): Check =>
  (v, p, i) => {
    if (v !== null) c(v, p, i);
  };
const oneOf =
  (...values: string[]): Check =>
  (v, p, i) => {
    if (typeof v !== 'string' || !values.includes(v)) i.push(`${p}: expected one of ${values.join(', ')}`);
  };
const list =
  (c: Check): Check =>
  (v, p, i) => {
    if (!Array.isArray(v)) i.push(`${p}: expected an array`);
    else v.forEach((x, n) => c(x, `${p}[${n}]`, i));
  };
const labels: Check = (v, p, i) => {
  if (!isObject(v)) i.push(`${p}: expected an object of string labels`);
  else for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') i.push(`${p}.${k}: expected a string`);
};

/** Fields: name → check; a `?` suffix marks an optional field. Unknown fields are errors, as a typo would be. */
const obj =
  (fields: Record<string, Check>): Check =>
  (v, p, i) => {
    if (!isObject(v)) {
      i.push(`${p}: expected an object`);
      return;
    }
    const known = new Set<string>();
    for (const [spec, check] of Object.entries(fields)) {
      const optional = spec.endsWith('?');
      const key = optional ? spec.slice(0, -1) : spec;
      known.add(key);
      if (v[key] === undefined) {
        if (!optional) i.push(`${p}.${key}: required`);
      } else check(v[key], `${p}.${key}`, i);
    }
    for (const k of Object.keys(v)) if (!known.has(k)) i.push(`${p}.${k}: unknown field`);
  };

const workload = obj({ namespace: str, name: str });
const source = obj({ 'principals?': list(str), 'notPrincipals?': list(str), 'namespaces?': list(str), 'notNamespaces?': list(str) });
const operation = obj({ 'paths?': list(str), 'notPaths?': list(str), 'methods?': list(str), 'notMethods?': list(str) });
const rule = obj({ 'from?': list(obj({ source })), 'to?': list(obj({ operation })) });
const policy = obj({
  namespace: str,
  name: str,
  action: oneOf('ALLOW', 'DENY', 'AUDIT'),
  'dryRun?': bool,
  'selector?': labels,
  'rules?': list(rule),
});
const strategy: Check = (v, p, i) => {
  if (isObject(v) && v.type === 'Recreate') obj({ type: oneOf('Recreate') })(v, p, i);
  else obj({ type: oneOf('RollingUpdate', 'Recreate'), maxSurge: str, maxUnavailable: str })(v, p, i);
};

const injection: Check = (v, p, i) => {
  if (v !== true && v !== false && v !== 'disabled') i.push(`${p}: expected true, false or "disabled"`);
};

const SHAPES: Record<OperationName, Record<string, Check>> = {
  'set-memory-limit': { workload, container: str, limitBytes: nullable(count(1)) },
  'set-rollout-strategy': { workload, strategy },
  scale: { workload, replicas: count(0) },
  'rollout-restart': { workload },
  'delete-pods': { namespace: str, 'selector?': labels, 'names?': list(str), 'count?': count(1) },
  'set-image': { workload, container: str, image: str },
  'apply-authorization-policy': { policy },
  'delete-authorization-policy': { namespace: str, name: str },
  'evict-image': { image: str, 'nodes?': list(str) },
  'set-registry': { reachable: bool, pullDelayMs: count(0) },
  'install-revision': { revision: str, version: str, replicas: count(1), memoryLimitBytes: nullable(count(1)) },
  'uninstall-revision': { revision: str },
  'set-revision-tag': { tag: str, revision: str },
  'remove-revision-tag': { tag: str },
  'set-namespace-revision': { namespace: str, revision: nullable(str), 'injection?': injection },
  'set-proxy-config': {
    namespace: str,
    'workload?': str,
    'resources?': obj({
      'cpuRequestMilli?': count(0),
      'cpuLimitMilli?': count(0),
      'memoryRequestBytes?': count(0),
      'memoryLimitBytes?': count(0),
    }),
    'accessLog?': obj({ enabled: bool, encoding: oneOf('TEXT', 'JSON'), componentLogLevel: oneOf('error', 'warning', 'info', 'debug') }),
  },
  'set-cert-ttl': { ttlMs: count(1) },
  'set-config-load': { namespace: str, serviceEntries: count(0) },
};

export const OPERATION_NAMES = Object.keys(SHAPES) as OperationName[];

export type OperationCheck = { ok: true; operation: Operation } | { ok: false; issues: string[] };

export function checkOperation(v: unknown): OperationCheck {
  if (!isObject(v)) return { ok: false, issues: ['$: expected an Operation object with an `op` field'] };
  const name = v.op;
  if (typeof name !== 'string' || !(name in SHAPES)) {
    return { ok: false, issues: [`$.op: expected one of ${OPERATION_NAMES.join(', ')}; got ${JSON.stringify(name ?? null)}`] };
  }
  const issues: string[] = [];
  obj({ op: str, ...SHAPES[name as OperationName] })(v, '$', issues);
  // The shape matched field by field, so the value is that member of the union.
  return issues.length ? { ok: false, issues } : { ok: true, operation: v as unknown as Operation };
}
