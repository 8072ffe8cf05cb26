/**
 * The run as one inline SVG: success rate and p99 per second, a band per
 * alert (pending light, firing dark), injection / mitigation / revert
 * markers, and the TTD and TTR spans. Hand-written SVG, so the report needs
 * no script, no font and no network to open.
 */
import type { TimelineEvent } from '../timeline.js';
import { relTime } from './format.js';
import type { RunResult } from './result.js';
import { escapeXml } from './xml.js';

const W = 960;
const LEFT = 150;
const RIGHT = 20;
const PLOT_W = W - LEFT - RIGHT;
const RATE_H = 140;
const P99_H = 110;
const ROW_H = 18;
const GAP = 24;

type Sli = Extract<TimelineEvent, { kind: 'sli' }>;

/** An extra marker across the panels, labelled at the top (the debrief's trainee and expert marks). */
export interface ChartMark {
  at: number;
  /** CSS class suffix: `m-<cls>`. */
  cls: string;
  label: string;
}

export function renderChart(r: RunResult, events: readonly TimelineEvent[], marks: readonly ChartMark[] = []): string {
  const slis = events.filter((e): e is Sli => e.kind === 'sli').sort((a, b) => a.at - b.at);
  const from = Math.min(r.startedAtMs, slis[0]?.at ?? r.startedAtMs);
  const to = Math.max(r.endedAtMs, from + 1000);
  const ref = r.tInjectMs ?? r.startedAtMs;
  const x = (t: number): number => LEFT + ((t - from) / (to - from)) * PLOT_W;
  const parts: string[] = [];
  // Labels of extra marks go in lanes above the panels, so close ones do not overprint.
  const lanes = labelLanes(marks, (t) => LEFT + ((t - from) / (to - from)) * PLOT_W);
  let y = 10 + 12 * (lanes.count === 0 ? 0 : lanes.count + 1);

  // Success rate.
  const rateTop = y;
  parts.push(panel(y, RATE_H, 'success rate', ['100%', '50%', '0%']));
  parts.push(line(slis, x, (e) => (e.requests > 0 ? rateTop + RATE_H * (e.failures / e.requests) : null), 'rate'));
  y += RATE_H + GAP;

  // p99.
  const maxP99 = Math.max(1, ...slis.map((e) => e.p99Ms ?? 0));
  parts.push(panel(y, P99_H, 'p99', [`${Math.round(maxP99)} ms`, `${Math.round(maxP99 / 2)} ms`, '0 ms']));
  const p99Top = y;
  parts.push(line(slis, x, (e) => (e.p99Ms === null ? null : p99Top + P99_H * (1 - e.p99Ms / maxP99)), 'p99'));
  y += P99_H + GAP;

  // Alert bands.
  for (const a of r.alerts) {
    parts.push(
      `<text class="label" x="${LEFT - 6}" y="${y + ROW_H - 5}" text-anchor="end">${escapeXml(a.alert)}${a.expected ? ' *' : ''}</text>`,
    );
    parts.push(`<rect class="row" x="${LEFT}" y="${y}" width="${PLOT_W}" height="${ROW_H - 4}"/>`);
    for (const s of a.pending) parts.push(band(x, s.from, s.to ?? to, y, 'pending', `${a.alert} pending ${relTime(s.from, ref)}`));
    for (const s of a.firing) parts.push(band(x, s.from, s.to ?? to, y, 'firing', `${a.alert} firing ${relTime(s.from, ref)}`));
    y += ROW_H;
  }

  // TTD and TTR spans.
  if (r.tInjectMs !== null) {
    const spans: [string, number | null][] = [
      ['TTD', r.detection.detectedAt],
      ['TTR', r.recovery.recoveredAtMs],
    ];
    y += 6;
    for (const [name, end] of spans) {
      parts.push(`<text class="label" x="${LEFT - 6}" y="${y + ROW_H - 5}" text-anchor="end">${name}</text>`);
      if (end !== null) parts.push(band(x, r.tInjectMs, end, y, name.toLowerCase(), `${name} ${relTime(end, r.tInjectMs)}`));
      else parts.push(`<text class="label" x="${x(r.tInjectMs) + 4}" y="${y + ROW_H - 5}">not measured</text>`);
      y += ROW_H;
    }
  }
  const bottom = y + 4;

  // Markers across every panel.
  for (const e of events) {
    if (e.kind === 'fault.inject') parts.push(marker(x(e.at), rateTop, bottom, 'inject', `inject ${e.fault}`));
    else if (e.kind === 'action' && e.by !== 'harness') parts.push(marker(x(e.at), rateTop, bottom, 'action', `${e.by}: ${e.action}`));
    else if (e.kind === 'fault.revert') parts.push(marker(x(e.at), rateTop, bottom, 'revert', `revert ${e.fault}`));
  }

  marks.forEach((m, i) => {
    parts.push(marker(x(m.at), rateTop, bottom, m.cls, m.label));
    parts.push(`<text class="t-${m.cls}" x="${fx(x(m.at) + 2)}" y="${20 + 12 * lanes.of[i]!}">${escapeXml(m.label)}</text>`);
  });

  // Time axis.
  const step = tickStep(to - from);
  for (let t = ref - Math.floor((ref - from) / step) * step; t <= to; t += step) {
    parts.push(`<line class="tick" x1="${fx(x(t))}" y1="${bottom}" x2="${fx(x(t))}" y2="${bottom + 4}"/>`);
    parts.push(`<text class="axis" x="${fx(x(t))}" y="${bottom + 16}" text-anchor="middle">${escapeXml(relTime(t, ref))}</text>`);
  }
  const h = bottom + 24;
  // Inline in HTML, so no namespace attribute: the page then holds no URL at all.
  return `<svg class="chart" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="success rate, p99 and alerts over the run">\n${parts.join('\n')}\n</svg>`;
}

/** Greedy lanes: each label takes the first lane where the previous label has ended (about 6 px a character). */
function labelLanes(marks: readonly ChartMark[], x: (t: number) => number): { of: number[]; count: number } {
  const ends: number[] = [];
  const of = marks.map((m) => {
    const left = x(m.at);
    let lane = ends.findIndex((end) => end < left);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = left + 6 * m.label.length + 8;
    return lane;
  });
  return { of, count: ends.length };
}

function fx(n: number): string {
  return n.toFixed(1);
}

function panel(y: number, h: number, title: string, ticks: [string, string, string]): string {
  return [
    `<rect class="panel" x="${LEFT}" y="${y}" width="${PLOT_W}" height="${h}"/>`,
    `<text class="label" x="${LEFT - 6}" y="${y + h / 2}" text-anchor="end">${escapeXml(title)}</text>`,
    `<text class="axis" x="${LEFT + 4}" y="${y + 10}">${escapeXml(ticks[0])}</text>`,
    `<text class="axis" x="${LEFT + 4}" y="${y + h / 2 + 4}">${escapeXml(ticks[1])}</text>`,
    `<text class="axis" x="${LEFT + 4}" y="${y + h - 2}">${escapeXml(ticks[2])}</text>`,
  ].join('\n');
}

/** A polyline through the middle of each second; a missing second breaks it, so gaps show as gaps. */
function line(slis: Sli[], x: (t: number) => number, y: (e: Sli) => number | null, cls: string): string {
  let d = '';
  let prev: number | null = null;
  for (const e of slis) {
    const v = y(e);
    if (v === null) {
      prev = null;
      continue;
    }
    d += `${prev !== null && e.at - prev <= 1000 ? 'L' : 'M'}${fx(x(e.at + 500))} ${fx(v)} `;
    prev = e.at;
  }
  return d === '' ? '' : `<path class="${cls}" d="${d.trim()}"/>`;
}

function band(x: (t: number) => number, from: number, to: number, y: number, cls: string, title: string): string {
  const w = Math.max(1, x(to) - x(from));
  return `<rect class="${cls}" x="${fx(x(from))}" y="${y}" width="${fx(w)}" height="${ROW_H - 4}"><title>${escapeXml(title)}</title></rect>`;
}

function marker(px: number, top: number, bottom: number, cls: string, title: string): string {
  return `<line class="m-${cls}" x1="${fx(px)}" y1="${top}" x2="${fx(px)}" y2="${bottom}"><title>${escapeXml(title)}</title></line>`;
}

function tickStep(spanMs: number): number {
  const steps = [5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];
  return steps.find((s) => spanMs / s <= 12) ?? 7_200_000;
}

/** Styles for the chart's classes; inline in the page. */
export const CHART_CSS = `
.chart { font: 11px sans-serif; background: #fff; }
.chart .panel { fill: #fafafa; stroke: #ccc; }
.chart .row { fill: #f4f4f4; }
.chart .label { fill: #333; }
.chart .axis { fill: #777; }
.chart .tick { stroke: #999; }
.chart .rate { fill: none; stroke: #c0392b; stroke-width: 1.5; }
.chart .p99 { fill: none; stroke: #8e44ad; stroke-width: 1.5; }
.chart .pending { fill: #f5c26b; }
.chart .firing { fill: #d35400; }
.chart .ttd { fill: #2980b9; }
.chart .ttr { fill: #27ae60; }
.chart .m-inject { stroke: #c0392b; stroke-dasharray: 4 3; }
.chart .m-action { stroke: #2980b9; stroke-dasharray: 2 2; }
.chart .m-revert { stroke: #7f8c8d; stroke-dasharray: 1 3; }
.chart .m-page { stroke: #e67e22; stroke-width: 2; }
.chart .m-trainee { stroke: #16a085; stroke-width: 3; }
.chart .m-wrong { stroke: #e74c3c; stroke-width: 3; }
.chart .m-expert { stroke: #34495e; stroke-width: 2; stroke-dasharray: 6 3; }
.chart .t-page { fill: #e67e22; } .chart .t-trainee { fill: #16a085; } .chart .t-wrong { fill: #e74c3c; } .chart .t-expert { fill: #34495e; }
`;
