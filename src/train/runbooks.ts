/**
 * The runbooks in `docs/runbooks/`, one per fault type. A runbook's
 * `## Hints` list is what `gameday train hint` reveals, one item at a time,
 * from the general to the specific.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

export const RUNBOOK_DIR = 'docs/runbooks';

/** Repo-relative path, as the rule pack's `runbook_url` annotations write it. */
export function runbookPath(faultType: string): string {
  return `${RUNBOOK_DIR}/${faultType}.md`;
}

export function readRunbook(faultType: string, root = projectRoot()): string | null {
  const file = join(root, runbookPath(faultType));
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** The items of the `## Hints` section, in order. */
export function hintsOf(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^##\s+Hints\b/i.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^##\s/.test(l)) break;
    const m = /^\s*(?:\d+\.|[-*])\s+(.*)$/.exec(l);
    if (m) out.push(m[1]!.trim());
    else if (l.trim() !== '' && out.length > 0) out[out.length - 1] += ` ${l.trim()}`;
  }
  return out;
}
