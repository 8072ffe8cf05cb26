/** The debrief as lines of text: what `gameday train end` and a foreground `train start` print when the session is over. */
import { duration } from './format.js';
import type { RunResult } from './result.js';

const ms = (v: number | null, none = '—'): string => (v === null ? none : duration(v));

export function debriefLines(r: RunResult): string[] {
  const t = r.training;
  if (!t) return [];
  const s = t.score;
  const f = t.drawn.faults[0];
  const d = s.diagnosis;
  const guesses = d.guesses
    .map((g) => `${g.faultType}${g.component ? `/${g.component}` : ''} ${g.typeRight ? 'right' : 'wrong'}`)
    .join(', ');
  return [
    `Debrief — ${t.trainee} on ${t.drawn.scenario} (drawn from ${t.drawn.pool.length} scenario(s), seed ${t.seed})`,
    `  the fault          ${f ? `${f.type} (${f.name}) in ${f.components.join(', ') || '—'}` : '—'}, ${r.tInjectMs === null ? `never injected (drawn for ${ms(t.drawn.offsetMs)} after steady state; the session ended first)` : `injected ${ms(t.drawn.offsetMs)} after steady state`}`,
    `  outcome            ${s.outcome}${s.outcome === 'undetected' ? ' by the human' : ''}`,
    `  first page         ${s.firstPageAt === null || r.tInjectMs === null ? 'none' : `${ms(s.firstPageAt - r.tInjectMs)} after injection`}`,
    `  acknowledged       ${s.ackAt === null ? 'never' : `${ms(s.timeToAckFromPageMs)} after the first page (${ms(s.timeToAckFromInjectMs)} after injection)`}`,
    `  diagnosis          ${d.right ? `right after ${ms(d.timeToDiagnoseMs)}` : 'never right'}; ${d.wrongGuesses} wrong guess(es)${guesses ? ` [${guesses}]` : ''}`,
    `  time to mitigate   ${ms(s.timeToMitigateMs, 'no mitigation')} (expert: ${ms(s.expert.timeToMitigateMs, 'no expert line')})`,
    `  time to recover    ${ms(s.timeToRecoverMs, 'not recovered')}`,
    `  failed requests    ${s.failedRequests ?? '—'}; error budget burned ${s.errorBudgetBurned === null ? '—' : `${(s.errorBudgetBurned * 100).toFixed(1)}%`}`,
    `  made things worse  ${s.harmfulActions.length === 0 ? 'nothing' : s.harmfulActions.map((h) => `${h.action}: ${h.why}`).join('; ')}`,
    `  hints              ${s.hintsUsed} of ${t.hintsAvailable}`,
    `  score              ${s.score} / 100 (${s.parts.map((p) => `${p.name} ${p.points}`).join(' · ')})`,
  ];
}
