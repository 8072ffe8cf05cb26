/**
 * Progress over time: one row per finished training session, read from each
 * session's result.json, and the same as a page with one score line per
 * trainee. Hand-written SVG, like the run report: it opens offline.
 */
import { duration } from './format.js';
import type { RunResult } from './result.js';
import { escapeXml as esc } from './xml.js';

export interface HistoryRow {
  dir: string;
  trainee: string;
  startedAtMs: number;
  scenario: string;
  fault: string;
  timeToAckMs: number | null;
  diagnosis: 'right' | 'wrong' | 'none';
  timeToMitigateMs: number | null;
  score: number;
}

export function historyRow(dir: string, r: RunResult): HistoryRow | null {
  const t = r.training;
  if (!t) return null;
  const d = t.score.diagnosis;
  return {
    dir,
    trainee: t.trainee,
    startedAtMs: r.startedAtMs,
    scenario: t.drawn.scenario,
    fault: t.drawn.faults[0]?.type ?? '—',
    timeToAckMs: t.score.timeToAckFromPageMs,
    diagnosis: d.right ? 'right' : d.guesses.length > 0 ? 'wrong' : 'none',
    timeToMitigateMs: t.score.timeToMitigateMs,
    score: t.score.score,
  };
}

export const HISTORY_HEAD = ['STARTED', 'TRAINEE', 'FAULT', 'TIME TO ACK', 'DIAGNOSIS', 'TIME TO MITIGATE', 'SCORE'];

export function historyCells(r: HistoryRow): string[] {
  const ms = (v: number | null): string => (v === null ? '—' : duration(v));
  return [
    new Date(r.startedAtMs).toISOString().slice(0, 16).replace('T', ' '),
    r.trainee,
    r.fault,
    ms(r.timeToAckMs),
    r.diagnosis,
    ms(r.timeToMitigateMs),
    String(r.score),
  ];
}

const W = 720;
const H = 220;
const PAD = 40;
const COLOURS = ['#2980b9', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085'];

export function renderHistoryHtml(rows: readonly HistoryRow[]): string {
  const sorted = [...rows].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const trainees = [...new Set(sorted.map((r) => r.trainee))];
  const n = Math.max(1, sorted.length - 1);
  const x = (i: number): number => PAD + (i / n) * (W - 2 * PAD);
  const y = (score: number): number => H - PAD - (score / 100) * (H - 2 * PAD);
  const lines = trainees.map((name, k) => {
    const pts = sorted.map((r, i) => ({ r, i })).filter(({ r }) => r.trainee === name);
    const colour = COLOURS[k % COLOURS.length]!;
    const d = pts.map(({ r, i }, j) => `${j === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(r.score).toFixed(1)}`).join(' ');
    const dots = pts.map(
      ({ r, i }) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(r.score).toFixed(1)}" r="4" fill="${colour}"><title>${esc(`${name}: ${r.fault} — ${r.score}`)}</title></circle>`,
    );
    return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>${dots.join('')}<text x="${W - PAD + 4}" y="${20 + 14 * k}" fill="${colour}">${esc(name)}</text>`;
  });
  const grid = [0, 50, 100].map(
    (v) =>
      `<line x1="${PAD}" x2="${W - PAD}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${PAD - 6}" y="${y(v) + 4}" text-anchor="end" fill="#777">${v}</text>`,
  );
  const svg = `<svg viewBox="0 0 ${W + 80} ${H}" width="${W + 80}" height="${H}" role="img" aria-label="score per session" style="font: 11px sans-serif">${grid.join('')}${lines.join('')}</svg>`;
  const table = `<table><thead><tr>${HISTORY_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${sorted
    .map(
      (r) =>
        `<tr>${historyCells(r)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n')}</tbody></table>`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Training history</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}</style></head>\n<body><h1>Training history</h1><p>Score per session, oldest first.</p>${svg}${table}</body></html>\n`;
}
