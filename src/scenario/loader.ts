/**
 * Loading a scenario file: parse → schema → rules → normalise, every issue in
 * the file reported at once with file:line:col. `checkScenario` returns the
 * findings (for `gameday validate`); `loadScenario` throws them as one
 * ScenarioError (for commands that need a Scenario or nothing).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import type { PathIssue } from './issue.js';
import { documentLimitIssues, LIMITS, textLimitIssues } from './limits.js';
import { normalise } from './normalise.js';
import { parseYaml } from './parse-yaml.js';
import { at } from './raw.js';
import { checkRules } from './rules.js';
import type { ScenarioYaml } from './schema.js';
import { schemaIssues } from './schema-issues.js';
import { resolveLoadScript } from './script-path.js';
import type { SourceMap } from './source-map.js';
import type { Scenario } from './types.js';

export interface LoadOptions {
  /** Root of the project: k6 scripts are resolved against it and must stay inside it. */
  projectRoot: string;
}

export interface CheckResult {
  /** Present only when there are no issues. */
  value?: Scenario;
  issues: ScenarioIssue[];
  warnings: ScenarioIssue[];
}

export async function checkScenario(file: string, opts: LoadOptions): Promise<CheckResult> {
  let text: string;
  try {
    text = await readLimited(file);
  } catch (err) {
    const message = err instanceof LimitError ? err.message : `cannot read the scenario: ${readFailure(err)}`;
    return { issues: [{ file, line: 1, col: 1, message }], warnings: [] };
  }
  return checkScenarioText(text, file, opts);
}

class LimitError extends Error {}

/** Never reads more than the size limit, and never waits on a device or a pipe posing as a file. */
async function readLimited(file: string): Promise<string> {
  // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer forever.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new LimitError('not a regular file: a scenario is a YAML file');
    if (stat.size > LIMITS.fileBytes) throw new LimitError(textLimitIssues('', stat.size)[0]!.message);
    // Invalid UTF-8 becomes U+FFFD, which the limits report as binary content.
    return new TextDecoder('utf-8').decode(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** The same pipeline over text already in memory; `file` names it in issues and resolves to Scenario.file. */
export async function checkScenarioText(text: string, file: string, opts: LoadOptions): Promise<CheckResult> {
  const tooMuch = textLimitIssues(text, Buffer.byteLength(text));
  if (tooMuch.length > 0) return { issues: tooMuch.map((e) => ({ file, ...e })), warnings: [] };
  const yaml = parseYaml(text);
  if (yaml.errors.length > 0) return { issues: sortIssues(yaml.errors.map((e) => ({ file, ...e }))), warnings: [] };

  const doc = yaml.value;
  // Out-of-range numbers and oversized lists are reported alone: the schema's view of them adds only noise.
  const outOfBounds = documentLimitIssues(doc);
  if (outOfBounds.length > 0)
    return { issues: sortIssues(outOfBounds.map((i) => ({ file, ...yaml.map.locate(i.path, i.at), message: i.message }))), warnings: [] };
  const found: PathIssue[] = [...schemaIssues(doc)];
  const rules = checkRules(doc);
  found.push(...rules.errors);

  let script: string | undefined;
  const scriptText = at(doc, ['spec', 'load', 'script']);
  if (typeof scriptText === 'string' && scriptText !== '') {
    const resolved = await resolveLoadScript(scriptText, opts.projectRoot);
    if (resolved.ok) script = resolved.value;
    else found.push({ path: ['spec', 'load', 'script'], message: resolved.message });
  }

  const position = (i: PathIssue): ScenarioIssue => ({ file, ...yaml.map.locate(i.path, i.at), message: i.message });
  const warnings = sortIssues(rules.warnings.map(position));
  if (found.length > 0) return { issues: sortIssues(dedupe(found, yaml.map).map(position)), warnings };

  // The schema passed, so the document has the shape normalise expects.
  const normalised = normalise({ doc: doc as ScenarioYaml, file: resolve(file), script });
  if (normalised.issues.length > 0) return { issues: sortIssues(normalised.issues.map(position)), warnings };
  return { value: normalised.value, issues: [], warnings };
}

export async function loadScenario(file: string, opts: LoadOptions): Promise<Scenario> {
  const result = await checkScenario(file, opts);
  if (!result.value) throw new ScenarioError(result.issues);
  return result.value;
}

/** The same problem found twice (by the schema and by a rule) is reported once. */
function dedupe(issues: PathIssue[], map: SourceMap): PathIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const { line, col } = map.locate(i.path, i.at);
    const id = `${line}:${col}:${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** One phrase, never a stack: `no such file`, `is a directory`, `permission denied`. */
function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return code ?? 'unreadable';
  }
}
