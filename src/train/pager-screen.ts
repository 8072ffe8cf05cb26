/** The pager's screen as text: newest page first, what is not acknowledged marked, and the keys. */
import type { Page } from './pages.js';

export type PagerPage = Page & { acked: boolean };

const clock = (t: number): string => new Date(t).toISOString().slice(11, 19);

export function pagerScreen(pages: readonly PagerPage[], header: string, width = 100): string {
  const open = pages.filter((p) => !p.acked).length;
  const lines = [`PAGER — ${header}`, `${pages.length} page(s), ${open} open`, '─'.repeat(Math.min(width, 100))];
  if (pages.length === 0) lines.push('  no pages yet: all quiet');
  for (const p of [...pages].sort((a, b) => b.at - a.at)) {
    lines.push(`${p.acked ? '  ack ' : '▶ OPEN'} ${clock(p.at)}Z  ${p.severity.toUpperCase().padEnd(8)} ${p.alert}`);
    if (p.summary) lines.push(`         ${p.summary.slice(0, Math.max(20, width - 9))}`);
    if (p.runbookUrl) lines.push(`         runbook: ${p.runbookUrl}`);
  }
  lines.push('─'.repeat(Math.min(width, 100)), '[a] acknowledge all open pages   [q] quit the pager (the session goes on)');
  return lines.join('\n');
}
