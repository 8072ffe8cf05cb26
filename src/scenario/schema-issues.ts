/**
 * Step two of loading: the document against the JSON Schema, every error at
 * once, each turned into a sentence about the author's YAML rather than about
 * JSON Schema keywords. Durations, quantities and ratios are explained by
 * their own parsers, which know what the author probably meant.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { suggestion } from './did-you-mean.js';
import { DURATION_PATTERN, parseDuration } from './durations.js';
import { formatPath, type PathIssue, type PathSegment } from './issue.js';
import { scenarioJsonSchema } from './json-schema.js';
import { show, type Parsed } from './parsed.js';
import { CPU_PATTERN, MEMORY_PATTERN, parseCpuMilli, parseMemory } from './quantities.js';
import { RATIO_PATTERN, parseRatio } from './ratios.js';
import {
  ALERT_NAME_PATTERN,
  DNS_LABEL_PATTERN,
  DNS_SUBDOMAIN_PATTERN,
  ENV_NAME_PATTERN,
  IMAGE_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  ONE_LINE_PATTERN,
  URL_PATH_PATTERN,
  VERSION_PATTERN,
} from './schema-values.js';

type SchemaNode = {
  type?: string | string[];
  pattern?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  enum?: unknown[];
};

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // allErrors: report everything; verbose: errors carry the value and the schema they failed.
  compiled ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true }).compile(scenarioJsonSchema());
  return compiled;
}

/** Values whose schema pattern stands for one of our parsers: the parser explains a failure better. */
const PARSER_BY_PATTERN: Record<string, (v: unknown) => Parsed<number>> = {
  [DURATION_PATTERN]: parseDuration,
  [MEMORY_PATTERN]: parseMemory,
  [RATIO_PATTERN]: parseRatio,
  [CPU_PATTERN]: parseCpuMilli,
};

export function schemaIssues(value: unknown): PathIssue[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const issues: PathIssue[] = [];
  const seen = new Set<string>();
  const unknownKeys = errors.filter((e) => e.keyword === 'additionalProperties');
  for (const e of errors) {
    const issue = toIssue(e, unknownKeys);
    if (!issue) continue;
    const id = `${issue.path.join('/')}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function pointer(instancePath: string): PathSegment[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function toIssue(e: ErrorObject, unknownKeys: ErrorObject[]): PathIssue | undefined {
  const path = pointer(e.instancePath);
  const where = formatPath(path);
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const params = e.params as Record<string, unknown>;

  const parser = schema.pattern === undefined ? undefined : PARSER_BY_PATTERN[schema.pattern];
  if (parser && e.keyword !== 'propertyNames') {
    const parsed = parser(e.data);
    if (!parsed.ok) return { path, message: `${where}: ${parsed.message}` };
    if (e.data === null && Array.isArray(schema.type) && schema.type.includes('null')) return undefined;
  }

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(schema.properties ?? {});
      return { path: [...path, key], at: 'key', message: `unknown key "${key}" in ${where}${suggestion(key, known)}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      // A misspelt key is already reported as unknown ("did you mean"); saying it is also missing adds nothing.
      const misspelt = unknownKeys.some(
        (u) => u.instancePath === e.instancePath && suggestion(String(u.params.additionalProperty), [missing]) !== '',
      );
      if (misspelt) return undefined;
      return { path, at: 'key', message: `missing required key "${missing}" in ${where}` };
    }
    case 'type':
      return { path, message: typeMessage(where, schema, e.data) };
    case 'enum':
      return { path, message: enumMessage(path, where, e.data, schema.enum ?? []) };
    case 'const':
      return { path, message: `${where} must be ${show(params.allowedValue)}, got ${show(e.data)}` };
    case 'pattern':
      if (e.propertyName !== undefined)
        return { path: [...path, e.propertyName], at: 'key', message: patternMessage(where, String(params.pattern), e) };
      return { path, message: patternMessage(where, String(params.pattern), e) };
    case 'minItems':
      return {
        path,
        message: Number(params.limit) === 1 ? `${where} must not be empty` : `${where} must have at least ${String(params.limit)} items`,
      };
    case 'minLength':
      return { path, message: `${where} must not be empty` };
    case 'maxLength':
      return { path, message: `${where} is longer than ${String(params.limit)} characters` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
      return { path, message: `${where} must be ${String(params.comparison)} ${String(params.limit)}, got ${show(e.data)}` };
    default:
      return { path, message: `${where} ${e.message ?? 'is not valid'}` };
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function describeValue(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return show(v);
}

function typeMessage(where: string, schema: SchemaNode, data: unknown): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  const words = types.map((t) => TYPE_WORDS[t] ?? t);
  const expected = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words.join('');
  if (data === null && types.includes('object')) {
    const keys = schema.required ?? [];
    return `${where} is empty: expected a mapping${keys.length ? ` with ${keys.join(', ')}` : ''}`;
  }
  if (types.includes('integer') && typeof data === 'number') return `${where} must be a whole number, got ${show(data)}`;
  return `${where} must be ${expected}, got ${describeValue(data)}`;
}

function enumMessage(path: PathSegment[], where: string, data: unknown, allowed: unknown[]): string {
  const words = allowed.map(String);
  const hint = typeof data === 'string' ? suggestion(data, words) : '';
  const last = path[path.length - 1];
  if (last === 'type' && path[1] === 'faults') return `unknown fault type ${show(data)}${hint}; known types: ${words.join(', ')}`;
  if (last === 'op') return `unknown operation ${show(data)}${hint}; known operations: ${words.join(', ')}`;
  return `${where} must be one of ${words.join(', ')}, got ${show(data)}${hint}`;
}

/** What each pattern admits, in words; names, images and versions reach commands and Kubernetes objects. */
const PATTERN_WORDS: Record<string, string> = {
  [DNS_LABEL_PATTERN]: 'a name must be lowercase letters, digits and "-", starting and ending with a letter or digit',
  [DNS_SUBDOMAIN_PATTERN]: 'a node or pod name must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
  [IMAGE_PATTERN]: 'not an image reference like registry.example.com/istio/pilot:1.24.1 (lowercase path, optional :tag and @sha256:digest)',
  [VERSION_PATTERN]: 'not an Istio version like 1.24.1 or 1.25.0-beta.1',
  [LABEL_VALUE_PATTERN]: 'a label value is at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  [URL_PATH_PATTERN]: 'a path starts with "/" and holds only letters, digits and . _ ~ % / - (and a ?query of those, = and &)',
  [ONE_LINE_PATTERN]: 'control characters and line breaks are not allowed here',
};

const KEY_WORDS: Record<string, string> = {
  [ENV_NAME_PATTERN]: 'is not a valid environment variable name',
  [LABEL_KEY_PATTERN]: 'is not a valid label key (letters, digits, "-", "_", "." with an optional DNS prefix and "/")',
};

function patternMessage(where: string, pattern: string, e: ErrorObject): string {
  if (e.propertyName !== undefined) return `${where}: ${show(e.propertyName)} ${KEY_WORDS[pattern] ?? `must match ${pattern}`}`;
  if (pattern === ALERT_NAME_PATTERN) return `${where}: ${show(e.data)} is not a valid alert name (letters, digits, "_" and ":")`;
  const words = PATTERN_WORDS[pattern];
  if (words) return `${where} is ${show(e.data)}: ${words}`;
  return `${where} must match ${pattern}, got ${show(e.data)}`;
}
