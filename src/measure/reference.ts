/**
 * A reference timeline (a postmortem's, an article's) laid beside the one
 * the run measured: each reference step is matched to the first (or last)
 * timeline event of its kind after injection, and both are given in scenario
 * time from injection, so a replay at 60× compares minute for minute.
 */
import type { ReferenceMatch, ReferenceTimeline } from '../scenario/types.js';
import type { TimelineEvent } from '../timeline.js';

export interface ReferenceRow {
  event: string;
  /** In the reference, from injection (scenario time). */
  referenceMs: number;
  /** In this run, from injection (scenario time); null when no event matched. */
  measuredMs: number | null;
  /** measured − reference. */
  deltaMs: number | null;
  /** The timeline event that matched, in words. */
  matched: string | null;
}

export interface ReferenceComparison {
  source?: string;
  timeScale: number;
  rows: ReferenceRow[];
}

export function compareReference(
  events: readonly TimelineEvent[],
  tInject: number | null,
  timeScale: number,
  reference: ReferenceTimeline,
): ReferenceComparison {
  const after = tInject === null ? [] : [...events].filter((e) => e.at >= tInject).sort((a, b) => a.at - b.at);
  const rows = reference.steps.map((step): ReferenceRow => {
    const hits = after.filter((e) => matches(e, step.match));
    const hit = step.match.occurrence === 'last' ? hits.at(-1) : hits[0];
    const measuredMs = hit && tInject !== null ? Math.round((hit.at - tInject) * timeScale) : null;
    return {
      event: step.event,
      referenceMs: step.atMs,
      measuredMs,
      deltaMs: measuredMs === null ? null : measuredMs - step.atMs,
      matched: hit ? describe(hit) : null,
    };
  });
  return { ...(reference.source !== undefined && { source: reference.source }), timeScale, rows };
}

function matches(e: TimelineEvent, m: ReferenceMatch): boolean {
  if (e.kind !== m.kind) return false;
  const has = (text: string, part?: string): boolean => part === undefined || text.includes(part);
  switch (e.kind) {
    case 'target':
      return (m.reason === undefined || e.reason === m.reason) && has(e.object, m.object);
    case 'alert':
      return (m.alert === undefined || e.alert === m.alert) && e.state === (m.state ?? 'firing');
    case 'fault.inject':
    case 'fault.revert':
      return m.fault === undefined || e.fault === m.fault;
    case 'action':
      return e.ok && has(e.action, m.text);
    case 'symptom':
      return has(e.what, m.text);
    default:
      return false;
  }
}

function describe(e: TimelineEvent): string {
  switch (e.kind) {
    case 'target':
      return `${e.reason} ${e.object}`;
    case 'alert':
      return `${e.alert} ${e.state}`;
    case 'fault.inject':
      return `inject ${e.fault}`;
    case 'fault.revert':
      return `revert ${e.fault}`;
    case 'action':
      return e.action;
    case 'symptom':
      return e.what;
    default:
      return e.kind;
  }
}
