/** What the train commands print when a session is over. */
import { join, relative } from 'node:path';
import { debriefLines } from '../../report/debrief-text.js';
import type { RunResult } from '../../report/result.js';

export function printDebrief(out: NodeJS.WritableStream, dir: string, r: RunResult): void {
  const report = join(dir, 'report.html');
  out.write(
    [
      ...debriefLines(r),
      `  reverted           ${r.reverts.ok ? 'everything injected' : 'NOT everything: see the journal'}`,
      `  report: ${relative(process.cwd(), report) || report}`,
    ].join('\n') + '\n',
  );
}
