/**
 * Sane limits on what a scenario file may ask for, checked before the schema
 * so a hostile file (50 MB of YAML, an alias bomb, 10,000 faults, a rate of
 * 1e309) is refused in milliseconds with a message that names the limit,
 * instead of validating for minutes or injecting for hours.
 */
import { formatPath, type PathIssue, type PathSegment } from './issue.js';
import type { LineCol } from './source-map.js';

export const LIMITS = {
  /** The largest scenario shipped is ~6 KB; 128 KiB leaves room for inline topologies and parses in well under a second. */
  fileBytes: 128 * 1024,
  /** Mappings and lists inside each other; the deepest real path (an authorization rule's source) is ~10. */
  depth: 32,
  /** Alias expansions while turning YAML into data (the `yaml` package's maxAliasCount). */
  aliases: 100,
  /** Any one string: a name, an image, a note. */
  stringChars: 4096,
  /** Any one list. */
  listItems: 256,
  faults: 16,
  actions: 64,
  /** Requests per second the load engine may drive (loopback and the simulator are the usual ingress). */
  loadRate: 2000,
  /** k6 virtual users. */
  vus: 2000,
  /** pod-churn: pod events per second. */
  eventsPerSecond: 200,
  /** istiod-oom: modeled extra proxies and config objects (each is memory the simulator accounts for). */
  extraProxies: 20_000,
  extraConfigObjects: 100_000,
  /** Replicas a responder may scale a Deployment to. */
  replicas: 1000,
} as const;

export type TextIssue = LineCol & { message: string };

/** Checks on the raw text, before it is parsed: size, binary content, flow-nesting depth. */
export function textLimitIssues(text: string, bytes: number): TextIssue[] {
  if (bytes > LIMITS.fileBytes) {
    return [
      { line: 1, col: 1, message: `the file is ${bytes} bytes: over the limit of ${LIMITS.fileBytes} bytes (128 KiB) for a scenario` },
    ];
  }
  const binary = firstBinary(text);
  if (binary) return [binary];
  const deep = firstTooDeepFlow(text);
  return deep ? [deep] : [];
}

/** Checks on the parsed data: numbers in range, nesting, sizes, and the operations-per-second limits. */
export function documentLimitIssues(doc: unknown): PathIssue[] {
  const issues: PathIssue[] = [];
  const over = (path: PathSegment[], what: string, limit: number, unit: string): void => {
    const v = pick(doc, path);
    if (typeof v === 'number' && v > limit)
      issues.push({ path, message: `${formatPath(path)} is ${v} ${unit}: over the limit of ${limit} ${what}` });
  };
  const count = (path: PathSegment[], limit: number, what: string): void => {
    const v = pick(doc, path);
    if (Array.isArray(v) && v.length > limit)
      issues.push({ path, message: `${formatPath(path)} has ${v.length} ${what}: over the limit of ${limit} ${what} per scenario` });
  };
  count(['spec', 'faults'], LIMITS.faults, 'faults');
  count(['spec', 'recovery', 'actions'], LIMITS.actions, 'responder actions');
  if (issues.length > 0) return issues;
  walk(doc, [], issues);
  if (issues.length > 0) return issues;
  over(['spec', 'load', 'rate'], 'requests per second', LIMITS.loadRate, 'requests/s');
  over(['spec', 'load', 'vus'], 'virtual users', LIMITS.vus, 'virtual users');
  const faults = pick(doc, ['spec', 'faults']);
  if (Array.isArray(faults))
    faults.forEach((_, i) => {
      over(['spec', 'faults', i, 'params', 'eventsPerSecond'], 'pod events per second', LIMITS.eventsPerSecond, 'events/s');
      over(['spec', 'faults', i, 'params', 'extraProxies'], 'extra proxies', LIMITS.extraProxies, 'proxies');
      over(['spec', 'faults', i, 'params', 'extraConfigObjects'], 'extra config objects', LIMITS.extraConfigObjects, 'objects');
    });
  const actions = pick(doc, ['spec', 'recovery', 'actions']);
  if (Array.isArray(actions))
    actions.forEach((_, i) => over(['spec', 'recovery', 'actions', i, 'operation', 'replicas'], 'replicas', LIMITS.replicas, 'replicas'));
  return issues;
}

function walk(v: unknown, path: PathSegment[], issues: PathIssue[]): void {
  if (issues.length >= 10) return;
  if (path.length > LIMITS.depth) {
    issues.push({ path, message: `${formatPath(path.slice(0, 3))}…: nested deeper than the limit of ${LIMITS.depth} levels` });
    return;
  }
  if (typeof v === 'number') {
    // YAML reads 1e309 as Infinity and .nan as NaN; JSON (and so every later message) would show them as null.
    if (!Number.isFinite(v)) issues.push({ path, message: `${formatPath(path)} is out of range: ${String(v)} is not a finite number` });
    else if (Number.isInteger(v) && !Number.isSafeInteger(v))
      issues.push({ path, message: `${formatPath(path)} is out of range: ${v} is beyond ±${Number.MAX_SAFE_INTEGER}` });
  } else if (typeof v === 'string') {
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(v);
    if (v.length > LIMITS.stringChars)
      issues.push({ path, message: `${formatPath(path)} is ${v.length} characters long: over the limit of ${LIMITS.stringChars}` });
    else if (control)
      issues.push({
        path,
        message: `${formatPath(path)} holds control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
      });
  } else if (Array.isArray(v)) {
    if (v.length > LIMITS.listItems)
      issues.push({ path, message: `${formatPath(path)} has ${v.length} items: over the limit of ${LIMITS.listItems} per list` });
    else v.forEach((item, i) => walk(item, [...path, i], issues));
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length > LIMITS.listItems)
      issues.push({ path, message: `${formatPath(path)} has ${entries.length} keys: over the limit of ${LIMITS.listItems} per mapping` });
    else for (const [k, item] of entries) walk(item, [...path, k], issues);
  }
}

function pick(v: unknown, path: readonly PathSegment[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** NUL and other control characters, or bytes that were not UTF-8 (decoded as U+FFFD): not a text file. */
function firstBinary(text: string): TextIssue | undefined {
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  const what = code === 0xfffd ? 'bytes that are not UTF-8' : `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return { ...position(text, m.index), message: `the file holds ${what}: a scenario is UTF-8 text` };
}

/**
 * `[[[[…]]]]` is cheap to write and costly to parse (the parser descends once per level), so flow
 * nesting is measured on the text. Quotes and comments are skipped; block nesting is bounded by
 * the file size and checked on the parsed data.
 */
function firstTooDeepFlow(text: string): TextIssue | undefined {
  let depth = 0;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") {
      // A quote starts a string only at the start of a scalar; inside a word (don't) it is a character.
      if (i === 0 || /[\s[{,:]/.test(text[i - 1]!)) quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > LIMITS.depth) return { ...position(text, i), message: `nested deeper than the limit of ${LIMITS.depth} levels` };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

function position(text: string, index: number): LineCol {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: index - lineStart + 1 };
}
