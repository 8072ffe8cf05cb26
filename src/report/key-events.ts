/**
 * The handful of events a postmortem timeline needs, out of thousands of
 * SLI seconds: phases, injections and reverts, alert transitions, actions,
 * what the target reported, and the measured onset, detection and recovery.
 */
import type { TimelineEvent } from '../timeline.js';
import type { RunResult } from './result.js';

export interface KeyEvent {
  at: number;
  what: string;
}

export function keyEvents(r: RunResult, events: readonly TimelineEvent[]): KeyEvent[] {
  const out: KeyEvent[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'phase':
        out.push({ at: e.at, what: `phase ${e.phase}` });
        break;
      case 'fault.inject':
        out.push({ at: e.at, what: `fault ${e.fault} (${e.type}) injected: ${e.operations.join('; ')}` });
        break;
      case 'fault.revert':
        out.push({ at: e.at, what: `fault ${e.fault} reverted${e.ok ? '' : ' — FAILED'}` });
        break;
      case 'alert':
        if (e.state !== 'pending') out.push({ at: e.at, what: `alert ${e.alert} ${e.state}${labelText(e.labels)}` });
        break;
      case 'action':
        out.push({ at: e.at, what: `${e.by}: ${e.action}${e.ok ? '' : ` — failed${e.error ? `: ${e.error}` : ''}`}` });
        break;
      case 'target':
        out.push({ at: e.at, what: `${e.reason} ${e.object}: ${e.message}` });
        break;
      case 'detection.unavailable':
        out.push({ at: e.at, what: `detection unavailable until ${new Date(e.until).toISOString()}: ${e.reason}` });
        break;
      case 'apiserver.unreachable':
        out.push({ at: e.at, what: `API server unreachable: ${e.reason}` });
        break;
      case 'apiserver.reachable':
        out.push({ at: e.at, what: 'API server reachable again' });
        break;
      case 'observer.restart':
        out.push({
          at: e.at,
          what: `${e.component} restarted by the harness (attempt ${e.attempt})${e.ok ? '' : ` — failed: ${e.error ?? ''}`}`,
        });
        break;
      case 'abort':
        out.push({ at: e.at, what: `aborted: ${e.reason}` });
        break;
      case 'note':
        out.push({ at: e.at, what: e.message });
        break;
      case 'sli':
      case 'symptom':
        break;
    }
  }
  r.recovery.incidents.forEach((inc, i) => {
    const label = i === 0 ? 'incident' : `relapse ${i}`;
    out.push({ at: inc.onsetAt, what: `${label} begins (${inc.causes.join(', ')})` });
    if (inc.recoveredAt !== null) out.push({ at: inc.recoveredAt, what: `${label} recovered (start of the confirming window)` });
  });
  if (r.detection.detectedAt !== null && r.detection.detectedBy)
    out.push({ at: r.detection.detectedAt, what: `DETECTED by ${r.detection.detectedBy.alert}` });
  // Stable: events at one instant keep their recorded order.
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
}

function labelText(labels: Record<string, string>): string {
  const rest = Object.entries(labels).filter(([k]) => k !== 'alertname' && k !== 'severity');
  return rest.length > 0 ? ` {${rest.map(([k, v]) => `${k}=${v}`).join(', ')}}` : '';
}
