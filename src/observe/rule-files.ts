/**
 * The alerting rules in Prometheus rule files, read for what the harness
 * needs to know before Prometheus runs: which alert names exist (so "no
 * firing alerts" means the loaded rules) and each rule's `for`. Syntax
 * problems are left to promtool, which reports them with their position.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface AlertRuleInfo {
  alert: string;
  forMs: number;
  /** The PromQL as written (empty when absent): the benches derive a rule's ground truth from its shape. */
  expr: string;
  file: string;
}

export function readAlertRules(files: readonly string[]): AlertRuleInfo[] {
  const out: AlertRuleInfo[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const groups = (doc as { groups?: { rules?: { alert?: unknown; for?: unknown; expr?: unknown }[] }[] } | null)?.groups ?? [];
    for (const g of groups)
      for (const r of g.rules ?? [])
        if (typeof r.alert === 'string')
          out.push({ alert: r.alert, forMs: promDurationMs(r.for), expr: typeof r.expr === 'string' ? r.expr : '', file });
  }
  return out;
}

export function alertNamesIn(files: readonly string[]): string[] {
  return [...new Set(readAlertRules(files).map((r) => r.alert))];
}

/** Prometheus durations as rule files write them: `30s`, `1m30s`, `2h`; absent is 0. */
export function promDurationMs(v: unknown): number {
  if (typeof v !== 'string' || v === '') return 0;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * units[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === v.length ? total : 0;
}
