/**
 * Rewrites a run directory's human reports from its machine record:
 * result.json + timeline.jsonl → report.md, junit.xml, report.html. The
 * runner calls writeRunReports at the end of a run; `gameday report <dir>`
 * calls renderRunDir to regenerate them (after an upgrade, or to fix a
 * report by hand-editing nothing but code).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TimelineEvent } from '../timeline.js';
import { renderHtml } from './html.js';
import { readResultJson, RESULT_FILE, writeResultJson } from './json.js';
import { renderRunJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { RunResult } from './result.js';
import { writeFileAtomic } from './write-atomic.js';
import { readTimeline, TIMELINE_FILE } from './timeline-writer.js';

export const REPORT_FILES = { markdown: 'report.md', junit: 'junit.xml', html: 'report.html' } as const;

export interface WrittenReports {
  result: string;
  markdown: string;
  junit: string;
  html: string;
}

/** Writes result.json and the three reports rendered from it. */
export function writeRunReports(dir: string, result: RunResult, events: readonly TimelineEvent[]): WrittenReports {
  return { result: writeResultJson(dir, result), ...writeReports(dir, result, events) };
}

/** Re-renders the reports from the directory's result.json and timeline.jsonl; result.json is left as it is. */
export function renderRunDir(dir: string): WrittenReports {
  const result = readResultJson(join(dir, RESULT_FILE));
  const timeline = join(dir, TIMELINE_FILE);
  const events = existsSync(timeline) ? readTimeline(timeline) : [];
  return { result: join(dir, RESULT_FILE), ...writeReports(dir, result, events) };
}

function writeReports(dir: string, result: RunResult, events: readonly TimelineEvent[]): Omit<WrittenReports, 'result'> {
  const out = { markdown: join(dir, REPORT_FILES.markdown), junit: join(dir, REPORT_FILES.junit), html: join(dir, REPORT_FILES.html) };
  writeFileAtomic(out.markdown, renderMarkdown(result, events));
  writeFileAtomic(out.junit, renderRunJUnit(result));
  writeFileAtomic(out.html, renderHtml(result, events));
  return out;
}
