/**
 * Turns promtool's complaints about rule files into positioned issues
 * (`file:line:col: message`), so a bad user rule file is reported as bad
 * input the way a bad scenario is. promtool prints several shapes:
 *
 *   /r.yaml: 5:15: group "g", rule 1, "Foo": could not parse expression: …
 *   /r.yaml: yaml: line 5: mapping values are not allowed in this context
 *   /r.yaml: yaml: unmarshal errors:\n  line 5: field exprr not found …
 *   /r.yaml: group "g", rule 1, "Foo": label "severity": template: …
 *   "/r.yaml" does not point to an existing file
 *
 * When promtool gives no line, the rule's `alert:`/`record:` line is used.
 */
import type { ScenarioIssue } from '../errors.js';

/** Reads a file's text for locating a rule by name; returns null when unreadable. */
export type ReadText = (file: string) => string | null;

export function promtoolIssues(output: string, files: readonly string[], read: ReadText): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  const add = (i: ScenarioIssue): void => {
    const key = `${i.file}:${i.line}:${i.col}:${i.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(i);
    }
  };
  const lines = output.split('\n');
  // Longest first, so `/a/rules.yaml` is not taken for a prefix of `/a/rules.yaml.bak`.
  const byLength = [...files].sort((a, b) => b.length - a.length);

  for (let n = 0; n < lines.length; n++) {
    const line = (lines[n] ?? '').trim();
    const missing = /"(.+?)" does not point to an existing file/.exec(line);
    if (missing?.[1]) {
      add({ file: missing[1], line: 0, col: 0, message: 'rule file does not exist' });
      continue;
    }
    const file = byLength.find((f) => line.startsWith(`${f}: `));
    if (!file) continue;
    const rest = line.slice(file.length + 2);

    const positioned = /^(\d+):(\d+): (.*)$/.exec(rest);
    if (positioned) {
      add({ file, line: Number(positioned[1]), col: Number(positioned[2]), message: positioned[3] ?? rest });
      continue;
    }
    const yamlLine = /^yaml: line (\d+): (.*)$/.exec(rest);
    if (yamlLine) {
      add({ file, line: Number(yamlLine[1]), col: 1, message: yamlLine[2] ?? rest });
      continue;
    }
    if (/^yaml: unmarshal errors:$/.test(rest)) {
      // The details follow on indented `line N: …` lines.
      for (let m = n + 1; m < lines.length; m++) {
        const detail = /^\s+line (\d+): (.*)$/.exec(lines[m] ?? '');
        if (!detail) break;
        add({ file, line: Number(detail[1]), col: 1, message: detail[2] ?? '' });
        n = m;
      }
      continue;
    }
    add({ file, ...locate(rest, read(file)), message: rest });
  }
  return issues;
}

/** Finds the line of the rule a message names (`"Foo"` after `rule N,`) or of a quoted bad value. */
function locate(message: string, text: string | null): { line: number; col: number } {
  if (text === null) return { line: 0, col: 0 };
  const src = text.split('\n');
  const rule = /rule \d+, "([^"]+)"/.exec(message)?.[1];
  const value = /: "([^"]+)"$/.exec(message)?.[1];
  const patterns = [
    rule ? new RegExp(`^\\s*-?\\s*(?:alert|record):\\s*["']?${escape(rule)}["']?\\s*$`) : null,
    value ? new RegExp(`:\\s*["']?${escape(value)}["']?\\s*$`) : null,
  ];
  for (const p of patterns) {
    if (!p) continue;
    const i = src.findIndex((l) => p.test(l));
    // Column of the key (`alert:`, `for:`), past indentation and a list dash.
    if (i >= 0) return { line: i + 1, col: (src[i]?.search(/[^\s-]/) ?? 0) + 1 };
  }
  return { line: 0, col: 0 };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
