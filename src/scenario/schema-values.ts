/**
 * The scalar shapes the scenario schema is built from. Durations, memory and
 * ratios are strings (or numbers) in YAML; their patterns let editors flag a
 * bad value as it is typed, and the loader turns a pattern failure back into
 * the parser's own explanation (see schema-issues.ts).
 */
import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';
import { DURATION_PATTERN } from './durations.js';
import { CPU_PATTERN, MEMORY_PATTERN } from './quantities.js';
import { RATIO_PATTERN } from './ratios.js';

/** Kubernetes object names, namespaces, fault names, revisions. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** Node and pod names (DNS-1123 subdomain). */
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A container image reference: [registry[:port]/]path[:tag][@sha256:digest] (the distribution reference grammar, simplified). */
export const IMAGE_PATTERN =
  '^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$';
/** An Istio version: 1.13.0, 1.24, 1.25.0-beta.1. */
export const VERSION_PATTERN = '^[0-9]+\\.[0-9]+(\\.[0-9]+)?(-[0-9A-Za-z.]+)?$';
/** Label keys: an optional DNS-subdomain prefix and a name of letters, digits, "-", "_", ".". */
export const LABEL_KEY_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';
export const LABEL_VALUE_PATTERN = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
/** The request path on the ingress: URL-safe characters only (it ends up in a load engine's target line). */
export const URL_PATH_PATTERN = '^/[A-Za-z0-9._~%/-]*([?][A-Za-z0-9._~%=&-]*)?$';
/** One line of printable text: no control characters (an environment value handed to the load engine). */
export const ONE_LINE_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';
/** Environment variable names. */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Prometheus alert names (`alert:` in a rule group). */
export const ALERT_NAME_PATTERN = '^[a-zA-Z_:][a-zA-Z0-9_:]*$';

export type DurationText = string | number;
export type MemoryText = string | number;
export type RatioText = string | number;

export const Duration = (description: string): TUnsafe<DurationText> =>
  // Numbers are allowed only as 0: `90` alone could be seconds or milliseconds.
  Type.Unsafe<DurationText>({ type: ['string', 'number'], pattern: DURATION_PATTERN, minimum: 0, maximum: 0, description });

export const Memory = (description: string): TUnsafe<MemoryText> =>
  Type.Unsafe<MemoryText>({ type: ['string', 'number'], pattern: MEMORY_PATTERN, minimum: 0, description });

export const NullableMemory = (description: string): TUnsafe<MemoryText | null> =>
  Type.Unsafe<MemoryText | null>({ type: ['string', 'number', 'null'], pattern: MEMORY_PATTERN, minimum: 0, description });

export const Cpu = (description: string): TUnsafe<string | number> =>
  Type.Unsafe<string | number>({ type: ['string', 'number'], pattern: CPU_PATTERN, exclusiveMinimum: 0, description });

export const Ratio = (description: string): TUnsafe<RatioText> =>
  Type.Unsafe<RatioText>({ type: ['string', 'number'], pattern: RATIO_PATTERN, minimum: 0, maximum: 1, description });

/** A closed set of strings, as one `enum` (a union of consts would give editors and ajv one error per member). */
export const StringEnum = <const T extends readonly string[]>(values: T, description: string): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const DnsLabel = (description: string) => Type.String({ pattern: DNS_LABEL_PATTERN, maxLength: 63, description });

export const Names = (description: string, opts: SchemaOptions = {}) =>
  Type.Array(Type.String({ pattern: DNS_LABEL_PATTERN, maxLength: 63 }), { description, ...opts });

export const DnsSubdomain = (description: string) => Type.String({ pattern: DNS_SUBDOMAIN_PATTERN, maxLength: 253, description });

export const Image = (description: string) => Type.String({ pattern: IMAGE_PATTERN, maxLength: 512, description });

/** Kubernetes labels: names and values a label selector accepts (no spaces, quotes or shell characters). */
export const Labels = (description: string) =>
  Type.Unsafe<Record<string, string>>({
    type: 'object',
    propertyNames: { pattern: LABEL_KEY_PATTERN, maxLength: 316 },
    additionalProperties: { type: 'string', pattern: LABEL_VALUE_PATTERN, maxLength: 63 },
    description,
  });

/** `additionalProperties: false` everywhere, so a misspelt key is an error rather than silently ignored. */
export const Closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string, opts: SchemaOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, description, ...opts });
