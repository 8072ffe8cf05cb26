/**
 * JUnit XML for CI: one testsuite per run, one testcase per check —
 * "steady state reached", "detection", "recovery", "revert" and each
 * objective. A missed check is a <failure>; a check that could not be made
 * (detection unavailable, harness error) is an <error>; a check that does
 * not apply (nothing was injected) is <skipped>.
 */
import { figureText, limitText } from './format.js';
import type { RunResult } from './result.js';
import { escapeXml } from './xml.js';

type Outcome = { kind: 'pass' } | { kind: 'failure' | 'error' | 'skipped'; message: string };

interface Case {
  name: string;
  outcome: Outcome;
}

export function junitCases(r: RunResult): Case[] {
  const injected = r.tInjectMs !== null;
  const notInjected: Outcome = { kind: 'skipped', message: 'no fault was injected' };
  const cases: Case[] = [
    {
      name: 'steady state reached',
      outcome: r.steadyState.reached
        ? { kind: 'pass' }
        : {
            kind: 'failure',
            message:
              r.verdict === 'not-steady' ? r.verdictReason : 'the steady-state hypothesis never held for its window before injection',
          },
    },
    { name: 'detection', outcome: injected ? detectionOutcome(r) : notInjected },
    { name: 'recovery', outcome: injected ? recoveryOutcome(r) : notInjected },
    { name: 'revert', outcome: revertOutcome(r) },
  ];
  for (const o of r.objectives) {
    const name = `objective ${o.name} <= ${limitText(o.limit, o.unit)}`;
    const actual = o.actual === null ? '—' : limitText(o.actual, o.unit);
    cases.push({
      name,
      outcome:
        o.status === 'met' ? { kind: 'pass' } : { kind: o.status === 'unknown' ? 'error' : 'failure', message: `${actual}: ${o.reason}` },
    });
  }
  return cases;
}

function detectionOutcome(r: RunResult): Outcome {
  const ttd = r.measurements.ttd;
  switch (r.detection.status) {
    case 'detected':
    case 'no-impact':
      return { kind: 'pass' };
    case 'unavailable':
      return { kind: 'error', message: ttd.reason ?? 'detection unknown' };
    case 'not-injected':
      return { kind: 'skipped', message: 'no fault was injected' };
    case 'gap':
      return {
        kind: 'failure',
        message: `${ttd.reason ?? 'detection gap'}; expected and never fired: ${list(r.detection.expectedNeverFired)}; fired but not expected: ${list(r.detection.firedUnexpected)}`,
      };
  }
}

function recoveryOutcome(r: RunResult): Outcome {
  const ttr = r.measurements.ttr;
  if (ttr.value === null) return { kind: 'failure', message: ttr.reason ?? 'not recovered' };
  if (r.recovery.incidents.length > 1 && r.recovery.incidents[r.recovery.incidents.length - 1]?.recoveredAt === null) {
    return { kind: 'failure', message: ttr.reason ?? 'relapsed and did not recover again' };
  }
  return { kind: 'pass' };
}

function revertOutcome(r: RunResult): Outcome {
  if (!r.reverts.ok) {
    const failed = r.reverts.failures
      .map((f) => `${f.operation}: ${f.error}`)
      .concat(r.faults.filter((f) => f.revertOk === false).map((f) => `${f.name}: revert failed`));
    return { kind: 'error', message: `revert failed — ${failed.join('; ')}` };
  }
  if (r.reverts.steadyAfterRevert === false) return { kind: 'failure', message: 'steady state did not return after revert' };
  return { kind: 'pass' };
}

function list(xs: string[]): string {
  return xs.length > 0 ? xs.join(', ') : 'none';
}

function suiteXml(r: RunResult): string {
  const cases = junitCases(r);
  const count = (k: Outcome['kind']): number => cases.filter((c) => c.outcome.kind === k).length;
  const seconds = ((r.endedAtMs - r.startedAtMs) / 1000).toFixed(3);
  const cls = `gameday.${r.scenario.name}`;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${escapeXml(cls)}" name="${escapeXml(c.name)}"`;
    if (c.outcome.kind === 'pass') return `${open}/>`;
    const m = escapeXml(c.outcome.message);
    const inner =
      c.outcome.kind === 'skipped'
        ? `<skipped message="${m}"/>`
        : `<${c.outcome.kind} message="${m}" type="${c.outcome.kind === 'error' ? 'GamedayError' : 'GamedayFinding'}">${m}</${c.outcome.kind}>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  const props = [
    ['verdict', r.verdict],
    ['target', r.target.kind],
    ['scenario.file', r.scenario.file],
    ['ttd', figureText(r.measurements.ttd)],
    ['ttr', figureText(r.measurements.ttr)],
  ]
    .map(([k, v]) => `      <property name="${escapeXml(k ?? '')}" value="${escapeXml(v ?? '')}"/>`)
    .join('\n');
  return [
    `  <testsuite name="${escapeXml(r.scenario.name)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds}" timestamp="${escapeXml(r.startedAt.replace(/\.\d{3}Z$/, ''))}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...body,
    '  </testsuite>',
  ].join('\n');
}

export function renderSuiteJUnit(results: readonly RunResult[], name = 'gameday'): string {
  const all = results.map(junitCases).flat();
  const count = (k: Outcome['kind']): number => all.filter((c) => c.outcome.kind === k).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${all.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}">`,
    ...results.map(suiteXml),
    '</testsuites>',
    '',
  ].join('\n');
}

export function renderRunJUnit(r: RunResult): string {
  return renderSuiteJUnit([r], r.scenario.name);
}
