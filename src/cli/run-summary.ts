/** The few lines `run` prints on stdout when a GameDay ends: where the results are and the figures that matter. */
import { join, relative } from 'node:path';
import { figureText } from '../report/format.js';
import type { RunResult } from '../report/result.js';

export function printRunSummary(out: NodeJS.WritableStream, dir: string, r: RunResult): void {
  const m = r.measurements;
  const lines = [
    `${r.scenario.name}: ${r.verdict.toUpperCase()} — ${r.verdictReason}`,
    `  time to detect   ${figureText(m.ttd)}`,
    `  time to mitigate ${figureText(m.ttm)}`,
    `  time to recover  ${figureText(m.ttr)}`,
    `  failed requests  ${figureText(m.failedRequests)} of ${figureText(m.requestsInRun)}`,
    ...r.objectives.map((o) => `  objective ${o.name.padEnd(20)} ${o.status}: ${o.reason}`),
    ...(r.timeScale !== 1 ? [`  (simulator time scale ${r.timeScale}×: figures are in wall-clock time)`] : []),
    ...r.warnings.map((w) => `  warning: ${w}`),
    `  report: ${relative(process.cwd(), join(dir, 'report.html')) || join(dir, 'report.html')}`,
  ];
  out.write(lines.join('\n') + '\n');
}
