/**
 * The live one-line status shown on a terminal during a run: phase,
 * elapsed time, the last second's success rate and p99, and the alerts
 * firing now. Fed by the recorder; redrawn once a second; silent off a TTY.
 */
import type { TimelineEvent } from '../timeline.js';

export interface StatusState {
  phase: string;
  startedAt: number;
  lastSli?: Extract<TimelineEvent, { kind: 'sli' }>;
  firing: Set<string>;
  injected: boolean;
}

export function newStatusState(startedAt: number): StatusState {
  return { phase: 'bring-up', startedAt, firing: new Set(), injected: false };
}

export function updateStatus(s: StatusState, e: TimelineEvent): void {
  switch (e.kind) {
    case 'phase':
      s.phase = e.phase;
      break;
    case 'sli':
      s.lastSli = e;
      break;
    case 'alert':
      if (e.state === 'firing') s.firing.add(e.alert);
      else if (e.state === 'resolved') s.firing.delete(e.alert);
      break;
    case 'fault.inject':
      s.injected = true;
      break;
    default:
      break;
  }
}

export function renderStatus(s: StatusState, now: number): string {
  const elapsed = Math.max(0, Math.floor((now - s.startedAt) / 1000));
  const mmss = `${String(Math.floor(elapsed / 60)).padStart(2, '0')}:${String(elapsed % 60).padStart(2, '0')}`;
  const sli = s.lastSli;
  const success = sli && sli.requests > 0 ? `${(((sli.requests - sli.failures) / sli.requests) * 100).toFixed(1)}%` : '—';
  const p99 = sli?.p99Ms != null ? `${sli.p99Ms.toFixed(0)}ms` : '—';
  const firing = s.firing.size ? [...s.firing].sort().join(', ') : 'none';
  return `[${s.phase}] T+${mmss}  success ${success}  p99 ${p99}  firing: ${firing}${s.injected ? '  (fault injected)' : ''}`;
}

/** Draws the status on a TTY stream until stopped. */
export class StatusLine {
  private timer?: NodeJS.Timeout;
  private state: StatusState;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    startedAt: number,
    private readonly now: () => number,
  ) {
    this.state = newStatusState(startedAt);
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  push = (e: TimelineEvent): void => updateStatus(this.state, e);

  start(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const width = this.stream.columns ?? 120;
    this.stream.write('\r\x1b[2K' + renderStatus(this.state, this.now()).slice(0, width - 1));
  }
}
