/**
 * Step one of loading: YAML text to a document that remembers where every
 * node was written. Syntax errors come back with their positions, all of
 * them, instead of a thrown exception.
 */
import { LineCounter, isAlias, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { LIMITS } from './limits.js';
import { SourceMap, type LineCol } from './source-map.js';
import { errorText } from '../errors.js';

export interface ParsedYaml {
  doc: Document;
  map: SourceMap;
  /** The document as plain data; meaningful only when `errors` is empty. */
  value: unknown;
  errors: (LineCol & { message: string })[];
}

export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  // uniqueKeys: a repeated key is an error, not a silent "last one wins".
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const map = new SourceMap(doc, lines);
  const errors = independent(doc.errors).map((e) => ({ ...map.offset(errorOffset(doc, e)), message: describe(e) }));
  if (errors.length > 0) return { doc, map, value: undefined, errors };
  try {
    return { doc, map, value: doc.toJS({ maxAliasCount: LIMITS.aliases }), errors };
  } catch (err) {
    // An alias expanding past maxAliasCount (a "billion laughs" document), or one whose anchor is not set.
    const detail = errorText(err);
    const message = /excessive alias count/i.test(detail)
      ? `YAML: aliases expand past the limit of ${LIMITS.aliases} nodes (an alias bomb?)`
      : `YAML: ${detail}`;
    return { doc, map, value: undefined, errors: [{ ...map.offset(firstAlias(doc)), message }] };
  }
}

function firstAlias(doc: Document): number {
  let at = 0;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        at = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at;
}

/**
 * After the first syntax error the parser's reading of the rest is a guess, and its further
 * errors are mostly echoes of the first. Duplicate keys are found on the composed document,
 * so each of those is real on its own.
 */
function independent(errors: YAMLError[]): YAMLError[] {
  const firstSyntax = errors.find((e) => e.code !== 'DUPLICATE_KEY');
  return errors.filter((e) => e === firstSyntax || e.code === 'DUPLICATE_KEY');
}

function describe(e: YAMLError): string {
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return 'YAML syntax: tabs are not allowed for indentation; indent with spaces';
    case 'DUPLICATE_KEY':
      return 'YAML syntax: this key appears twice in the same mapping';
    case 'BAD_INDENT':
      return 'YAML syntax: bad indentation; every key of a mapping must start in the same column';
    case 'MULTIPLE_DOCS':
      return 'YAML syntax: a scenario file holds one document; remove the second "---" or split the file';
    case 'MISSING_CHAR':
      if (/quote/i.test(e.message)) return 'YAML syntax: unclosed quote; the string that starts here has no closing quote';
      break;
    default:
      break;
  }
  return `YAML syntax: ${e.message.replace(/\s+at line \d+, column \d+.*$/s, '')}`;
}

/** An unclosed quote is reported by the parser where the text ends; point at where the string starts. */
function errorOffset(doc: Document, e: YAMLError): number {
  const at = e.pos[0];
  if (e.code !== 'MISSING_CHAR') return at;
  let start = at;
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || !node.range) return;
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range[0] <= at && at <= node.range[2]) start = node.range[0];
    },
  });
  return start;
}
