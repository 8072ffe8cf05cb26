import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultJson } from '../../../src/report/json.js';
import { renderRunDir, writeRunReports } from '../../../src/report/render-run.js';
import { exitCodeForResult, RESULT_SCHEMA_VERSION } from '../../../src/report/result.js';
import { TimelineWriter } from '../../../src/report/timeline-writer.js';
import { cleanRunEvents, resultFrom } from './fixtures.js';

describe('run directory rendering', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-renders report.md, junit.xml and report.html from result.json and timeline.jsonl', () => {
    const events = cleanRunEvents();
    const w = new TimelineWriter(join(dir, 'timeline.jsonl'));
    for (const e of events) w.append(e);
    w.close();
    const r = resultFrom(events);
    writeRunReports(dir, r, events);
    const before = readFileSync(join(dir, 'report.md'), 'utf8');
    const resultMtime = statSync(join(dir, 'result.json')).mtimeMs;
    unlinkSync(join(dir, 'report.md'));
    unlinkSync(join(dir, 'report.html'));
    const out = renderRunDir(dir);
    expect(readFileSync(out.markdown, 'utf8')).to.equal(before);
    expect(existsSync(out.html)).to.equal(true);
    expect(readFileSync(out.junit, 'utf8')).to.contain('<testsuite name=');
    expect(statSync(join(dir, 'result.json')).mtimeMs).to.equal(resultMtime);
    expect(readResultJson(join(dir, 'result.json'))).to.deep.equal(r);
  });
});

describe('RunResult', () => {
  const r = resultFrom(cleanRunEvents());

  it('is versioned and carries times, figures with definitions and metadata', () => {
    expect(r.schemaVersion).to.equal(RESULT_SCHEMA_VERSION);
    expect(r.startedAt).to.equal('2026-11-24T07:00:00.000Z');
    expect(r.tInject).to.equal('2026-11-24T07:00:10.000Z');
    expect(r.measurements.ttd).to.include({ value: 5000, unit: 'ms' });
    expect(Object.values(r.measurements).every((f) => f.definition.length > 20)).to.equal(true);
    expect(r.faults).to.deep.equal([
      {
        name: 'oom',
        type: 'istiod-oom',
        tInject: '2026-11-24T07:00:10.000Z',
        tInjectMs: r.tInjectMs,
        operations: ['set memory limit of oom'],
        revertedAt: '2026-11-24T07:00:17.000Z',
        revertOk: true,
        ttd: r.measurements.ttd,
        ttr: r.measurements.ttr,
        detectedBy: 'IstiodDown',
      },
    ]);
    expect(r.versions).to.deep.equal({ prometheus: '2.53.0', k6: 'v1.3.0' });
    expect([r.verdict, r.exitCode]).to.deep.equal(['met', 0]);
  });

  it('a failed revert outranks the verdict in the exit code', () => {
    const bad = resultFrom(cleanRunEvents(), { reverts: { reverted: [], failures: [{ operation: 'x', error: 'y' }] } });
    expect([bad.verdict, bad.exitCode, bad.reverts.ok]).to.deep.equal(['met', 3, false]);
    expect([
      exitCodeForResult('missed', true),
      exitCodeForResult('not-steady', true),
      exitCodeForResult('aborted', true),
      exitCodeForResult('error', true),
    ]).to.deep.equal([1, 1, 1, 3]);
  });

  it('warns when steady state did not return after revert', () => {
    expect(resultFrom(cleanRunEvents(), { steadyAfterRevert: false }).warnings).to.include(
      'steady state did not return after revert: the mesh may still be broken',
    );
  });
});
