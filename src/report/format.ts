/** How reports write times and figures for people. */
import type { Figure } from '../measure/figure.js';

/** `T+mm:ss` (or `T−mm:ss`) from the reference instant; hours when needed. */
export function relTime(t: number, ref: number): string {
  const d = Math.round((t - ref) / 1000);
  const sign = d < 0 ? '−' : '+';
  const a = Math.abs(d);
  const h = Math.floor(a / 3600);
  const mm = String(Math.floor((a % 3600) / 60)).padStart(2, '0');
  const ss = String(a % 60).padStart(2, '0');
  return h > 0 ? `T${sign}${h}:${mm}:${ss}` : `T${sign}${mm}:${ss}`;
}

/** 900 ms, 12.3 s, 2m 05s, 1h 02m 03s. */
export function duration(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m ${sec}s` : `${m}m ${sec}s`;
}

export function figureText(f: Figure): string {
  if (f.value === null) return '—';
  switch (f.unit) {
    case 'ms':
      return duration(f.value);
    case 'ratio':
      return `${round(f.value * 100)}%`;
    case 'requests':
      return `${f.value} requests`;
    case 'seconds':
      return `${f.value} s`;
    case 'count':
      return String(f.value);
  }
}

export function limitText(value: number, unit: Figure['unit']): string {
  return figureText({ value, unit, definition: '' });
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}
