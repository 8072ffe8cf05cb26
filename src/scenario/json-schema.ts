/**
 * The scenario schema as published JSON (schema/scenario.schema.json). Keys
 * come out in one fixed order, so the generated file only changes when the
 * schema does, and a test can hold the committed copy to it.
 */
import { ScenarioSchema } from './schema.js';

const DRAFT = 'http://json-schema.org/draft-07/schema#';

// Keywords people read first come first; anything else follows alphabetically.
const KEYWORD_ORDER = [
  '$schema',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'pattern',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'items',
  'required',
  'properties',
  'patternProperties',
  'propertyNames',
  'additionalProperties',
  'allOf',
  'if',
  'then',
];

// Under these keys the children are names the author chose: keep their order.
const NAME_MAPS = new Set(['properties', 'patternProperties']);

function canonical(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value === null || typeof value !== 'object') return value;
  // Object.keys drops TypeBox's symbol-keyed metadata, which JSON has no place for.
  const keys = Object.keys(value);
  if (!keepOrder) keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = canonical((value as Record<string, unknown>)[k], NAME_MAPS.has(k) && !keepOrder);
  return out;
}

function rank(key: string): number {
  const i = KEYWORD_ORDER.indexOf(key);
  return i === -1 ? KEYWORD_ORDER.length : i;
}

/** The schema as a plain JSON object, with `$schema` set; what the loader validates against. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return canonical({ $schema: DRAFT, ...ScenarioSchema }) as Record<string, unknown>;
}

/** The exact text of schema/scenario.schema.json: 2-space JSON and a trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
