import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SliSeries } from '../../../src/observe/load/sli-series.js';
import { parseVegetaLine, type ParsedResult } from '../../../src/observe/load/vegeta-result.js';
import { rateFlag, vegetaAttackArgs, vegetaTargetLines, weightedCycle } from '../../../src/observe/load/vegeta-targets.js';
import { projectRoot } from '../../../src/project-root.js';

// Recorded from `vegeta attack -rate=6/1s -duration=3s -timeout=300ms | vegeta encode --to json` (v12.13.0)
// over targets /, /, /staging/ against a server alternating x-gameday-namespace orders/payments, answering
// 503 to every 5th request, holding every 7th past the timeout, and naming no namespace on /staging/.
const SAMPLE = join(projectRoot(), 'test', 'unit', 'observe', 'fixtures', 'vegeta-results.jsonl');
const T0 = Date.parse('2026-11-30T16:02:02Z');
const ROUTES = new Map([['http://127.0.0.1:18932/staging/', 'staging']]);

function recorded(): ParsedResult[] {
  return readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseVegetaLine(l, ROUTES))
    .filter((r): r is ParsedResult => r !== null);
}

describe('vegeta results → per-second SLI', () => {
  it('parses a result: end instant, status, failure, latency, namespace from the reply or the route', () => {
    const rs = recorded();
    expect(rs).to.have.length(18);
    const first = rs[0]!;
    expect(first).to.deep.include({ status: '200', failed: false, url: 'http://127.0.0.1:18932/' });
    expect(first.sentAt).to.equal(Date.parse('2026-11-30T16:02:02.044Z'));
    expect(first.latencyMs).to.be.closeTo(21.143402, 1e-9);
    expect(first.endedAt).to.be.closeTo(first.sentAt + 21.143402, 1e-6);
    expect(first.namespace).to.be.oneOf(['orders', 'payments']);
    expect(rs.filter((r) => r.status === '503').every((r) => r.failed)).to.equal(true);
    expect(rs.filter((r) => r.url.endsWith('/staging/')).map((r) => r.namespace)).to.deep.equal(Array(6).fill('staging'));
  });

  it('counts a timeout (code 0 with an error) as a failed request with status 0 and its full wait as latency', () => {
    const timeouts = recorded().filter((r) => r.status === '0');
    expect(timeouts).to.have.length(2);
    for (const t of timeouts) {
      expect(t.failed).to.equal(true);
      expect(t.latencyMs).to.be.within(300, 310);
      expect(t).to.not.have.property('namespace');
    }
  });

  it('skips lines that are not results', () => {
    expect(parseVegetaLine('')).to.equal(null);
    expect(parseVegetaLine('{"code":200}')).to.equal(null);
    expect(parseVegetaLine('{"code":200,"timestamp":"not a time","latency":1}')).to.equal(null);
    expect(parseVegetaLine('[1,2]')).to.equal(null);
  });

  it('turns the recorded run into per-second requests, failures, statuses, namespaces and exact percentiles', () => {
    const series = new SliSeries();
    for (const r of recorded()) series.addRequest(r);
    const seconds = series.flush();
    expect(seconds.map((s) => s.at - T0)).to.deep.equal([0, 1000, 2000]);
    expect(seconds.map((s) => s.requests)).to.deep.equal([6, 6, 6]);
    expect(seconds.map((s) => s.failures)).to.deep.equal([1, 2, 1]);
    expect(seconds[1]!.byStatus).to.deep.equal({ '200': 4, '0': 1, '503': 1 });
    expect(seconds[0]!.byNamespace).to.deep.equal({
      orders: { requests: 2, failures: 1 },
      payments: { requests: 2, failures: 0 },
      staging: { requests: 2, failures: 0 },
    });
    expect(seconds[1]!.byNamespace).to.deep.equal({
      orders: { requests: 1, failures: 0 },
      payments: { requests: 2, failures: 1 },
      staging: { requests: 2, failures: 0 },
    });
    expect(seconds[0]!.p50Ms).to.be.closeTo(5.956204, 1e-9);
    expect(seconds[0]!.p99Ms).to.be.closeTo(26.559112, 1e-9);
    // The timed-out request is the second's p99: a hung mesh shows up as latency, not as silence.
    expect(seconds[1]!.p99Ms).to.be.closeTo(300.926944, 1e-9);
  });

  it('emits a second only once it is over, and counts results that arrive for an emitted second', () => {
    const series = new SliSeries();
    const at = (ms: number, status = '200'): void =>
      series.addRequest({ endedAt: T0 + ms, status, failed: status !== '200', latencyMs: 1 });
    at(100);
    at(900);
    at(1500, '503');
    expect(series.drain(T0 + 999)).to.deep.equal([]);
    expect(series.drain(T0 + 1000).map((s) => [s.at - T0, s.requests])).to.deep.equal([[0, 2]]);
    at(200);
    expect(series.latePoints).to.equal(1);
    at(3200);
    // The empty second between is a zero-request second (a data gap), not skipped.
    expect(series.flush().map((s) => [s.at - T0, s.requests, s.failures])).to.deep.equal([
      [1000, 1, 1],
      [2000, 0, 0],
      [3000, 1, 0],
    ]);
  });
});

describe('vegeta invocation', () => {
  it('spreads routes by weight, interleaved, reduced to the smallest cycle', () => {
    expect(weightedCycle([1])).to.deep.equal([0]);
    expect(weightedCycle([2, 4])).to.deep.equal([1, 0, 1]);
    const cycle = weightedCycle([3, 1]);
    expect(cycle.filter((i) => i === 0)).to.have.length(3);
    expect(cycle.filter((i) => i === 1)).to.have.length(1);
    expect(cycle).to.deep.equal([0, 0, 1, 0]);
    // A very uneven mix is approximated within a bounded cycle, every route kept.
    const big = weightedCycle([9999, 1]);
    expect(big.length).to.be.at.most(1001);
    expect(big).to.include(1);
  });

  it('writes JSON targets with the merged headers, route headers winning', () => {
    const lines = vegetaTargetLines('http://127.0.0.1:8080/', {
      headers: { Host: 'shop.example.com', 'X-A': 'load' },
      routes: [
        { path: '/', weight: 1, headers: {} },
        { path: '/staging/', weight: 1, headers: { 'X-A': 'route' } },
      ],
    });
    expect(lines.map((l) => JSON.parse(l))).to.deep.equal([
      { method: 'GET', url: 'http://127.0.0.1:8080/', header: { Host: ['shop.example.com'], 'X-A': ['load'] } },
      { method: 'GET', url: 'http://127.0.0.1:8080/staging/', header: { Host: ['shop.example.com'], 'X-A': ['route'] } },
    ]);
  });

  it('attacks at a constant rate with a bounded worker pool, as an argument array', () => {
    const args = vegetaAttackArgs({ rate: 500, durationMs: 90_000, timeoutMs: 10_000 }, '/run/vegeta/targets.jsonl');
    expect(args).to.deep.equal([
      'attack',
      '-name=gameday',
      '-format=json',
      '-targets=/run/vegeta/targets.jsonl',
      '-rate=500/1s',
      '-duration=90000ms',
      '-timeout=10000ms',
      '-max-workers=5010',
      '-max-connections=400',
      '-max-body=0',
    ]);
    expect(vegetaAttackArgs({ rate: 20, durationMs: 1000, timeoutMs: 10_000 }, '/t')).to.include('-max-connections=40');
    expect(rateFlag(0.5)).to.equal('500/1000s');
    expect(rateFlag(2.25)).to.equal('2250/1000s');
  });
});
