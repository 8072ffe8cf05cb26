import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAggregate, renderAggregateJson, renderAggregateMarkdown } from '../../../src/report/aggregate.js';
import { writeResultJson } from '../../../src/report/json.js';
import { cleanRunEvents, resultFrom } from './fixtures.js';
import { inject, seconds, timeline } from '../measure/timeline-builder.js';

describe('aggregate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-agg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tabulates several result.json files', () => {
    const a = resultFrom(cleanRunEvents());
    const b = resultFrom(
      timeline(seconds('o'.repeat(10) + 'x'.repeat(30)), inject(10)),
      { scenario: { name: 'deny | policy', file: '/s/deny.yaml' } },
      {},
      { ttdMs: 1000, ttrMs: 1000, maxFailedRequests: 0 },
    );
    const files = [writeResultJson(mkdtempSync(join(dir, 'r1-')), a), writeResultJson(mkdtempSync(join(dir, 'r2-')), b)];
    const agg = loadAggregate(files);
    expect(agg.runs).to.equal(2);
    expect(agg.met).to.equal(1);
    expect(agg.rows.map((r) => [r.scenario, r.verdict, r.ttdMs, r.ttrMs, r.failedRequests])).to.deep.equal([
      ['istiod <oom> & "friends"', 'met', 5000, 12_000, 500],
      ['deny | policy', 'missed', null, null, 1500],
    ]);
    expect(renderAggregateMarkdown(agg)).to.equal(
      [
        '1 of 2 scenarios met their objectives.',
        '',
        '| Scenario | Verdict | TTD | TTR | Failed requests |',
        '|---|---|---|---|---|',
        '| istiod <oom> & "friends" | met | 5.0 s | 12.0 s | 500 |',
        '| deny \\| policy | missed | — | — | 1500 |',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderAggregateJson(agg))).to.deep.equal(agg);
  });
});
