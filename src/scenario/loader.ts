/**
 * Loading a scenario file: parse → schema → rules → normalise, every issue in
 * the file reported at once with file:line:col. `checkScenario` returns the
 * findings (for `gameday validate`); `loadScenario` throws them as one
 * ScenarioError (for commands that need a Scenario or nothing).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import type { PathIssue } from './issue.js';
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
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { issues: [{ file, line: 1, col: 1, message: `cannot read the scenario: ${readFailure(err)}` }], warnings: [] };
  }
  return checkScenarioText(text, file, opts);
}

/** The same pipeline over text already in memory; `file` names it in issues and resolves to Scenario.file. */
export async function checkScenarioText(text: string, file: string, opts: LoadOptions): Promise<CheckResult> {
  const yaml = parseYaml(text);
  if (yaml.errors.length > 0) return { issues: sortIssues(yaml.errors.map((e) => ({ file, ...e }))), warnings: [] };

  const doc = yaml.value;
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
