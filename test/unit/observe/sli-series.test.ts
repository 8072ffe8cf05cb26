import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseK6Line, type K6Point } from '../../../src/observe/load/k6-points.js';
import { SliSeries, percentile } from '../../../src/observe/load/sli-series.js';
import { projectRoot } from '../../../src/project-root.js';

// Recorded from `k6 run load/steady.js` (RATE=6, 3 s) against a server answering 503 to every
// 4th and 403 to every 7th request, alternating x-gameday-namespace orders/payments.
const SAMPLE = join(projectRoot(), 'test', 'unit', 'observe', 'fixtures', 'k6-points.jsonl');
const T0 = Date.parse('2026-11-24T07:08:55Z');

function recorded(): K6Point[] {
  return readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .map(parseK6Line)
    .filter((p): p is K6Point => p !== null);
}

describe('SLI bucketing of k6 points', () => {
  it('parses Point lines and skips Metric declarations and junk', () => {
    expect(parseK6Line('{"type":"Metric","data":{"name":"http_reqs"},"metric":"http_reqs"}')).to.equal(null);
    expect(parseK6Line('{"type":"Point",')).to.equal(null);
    const p = parseK6Line('{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-24T07:08:55.5Z","value":1,"tags":{"status":"503"}}}');
    expect(p).to.deep.equal({ metric: 'http_reqs', time: T0 + 500, value: 1, tags: { status: '503' } });
  });

  it('turns the recorded run into per-second requests, failures, statuses, namespaces and exact percentiles', () => {
    const series = new SliSeries();
    for (const p of recorded()) series.add(p);
    const seconds = series.flush();
    expect(seconds.map((s) => s.at - T0)).to.deep.equal([0, 1000, 2000, 3000]);
    expect(seconds.map((s) => s.requests)).to.deep.equal([2, 6, 6, 5]);
    expect(seconds.map((s) => s.failures)).to.deep.equal([0, 3, 2, 1]);
    expect(seconds[1]!.byStatus).to.deep.equal({ '200': 3, '503': 2, '403': 1 });
    expect(seconds[1]!.byNamespace).to.deep.equal({ orders: { requests: 3, failures: 1 }, payments: { requests: 3, failures: 2 } });
    expect(seconds[3]!.byNamespace).to.deep.equal({ orders: { requests: 3, failures: 0 }, payments: { requests: 2, failures: 1 } });
    expect(seconds[1]!.p50Ms).to.equal(20.642376);
    expect(seconds[1]!.p99Ms).to.equal(41.358822);
  });

  it('emits a second only once it has ended plus the lateness, and counts points that come too late', () => {
    const series = new SliSeries();
    const pt = (ms: number, metric = 'http_reqs', value = 1): K6Point => ({ metric, time: T0 + ms, value, tags: { status: '200' } });
    series.add(pt(100));
    series.add(pt(900, 'http_req_failed', 1));
    series.add(pt(3200));
    expect(series.drain(T0 + 999)).to.deep.equal([]);
    const first = series.drain(T0 + 1000);
    expect(first.map((s) => [s.at - T0, s.requests, s.failures])).to.deep.equal([[0, 1, 1]]);
    series.add(pt(500));
    expect(series.latePoints).to.equal(1);
    // Seconds without a completed request between data are gaps with zero requests.
    const rest = series.flush();
    expect(rest.map((s) => [s.at - T0, s.requests, s.p50Ms])).to.deep.equal([
      [1000, 0, null],
      [2000, 0, null],
      [3000, 1, null],
    ]);
  });

  it('takes namespaces from a namespace tag on http_req_failed when the script tags requests itself', () => {
    const series = new SliSeries();
    series.add({ metric: 'http_req_failed', time: T0, value: 1, tags: { namespace: 'shop' } });
    series.add({ metric: 'http_req_failed', time: T0, value: 0, tags: { namespace: 'shop' } });
    expect(series.flush()[0]!.byNamespace).to.deep.equal({ shop: { requests: 2, failures: 1 } });
  });

  it('counts a request k6 gave up on (status 0, request timeout) as failed, as the vegeta engine does', () => {
    // Written from k6's documented JSON format; k6 tags a timed-out request status "0" with error_code 1050.
    const lines = [
      '{"type":"Metric","data":{"type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.001+00:00","value":1,"tags":{"expected_response":"false","method":"GET","name":"steady","status":"0","error_code":"1050"}},"metric":"http_reqs"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.001+00:00","value":10000.4,"tags":{"expected_response":"false","status":"0"}},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.001+00:00","value":1,"tags":{"status":"0"}},"metric":"http_req_failed"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.300+00:00","value":1,"tags":{"status":"200"}},"metric":"http_reqs"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.300+00:00","value":12.5,"tags":{"status":"200"}},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2026-11-24T07:08:56.300+00:00","value":0,"tags":{"status":"200"}},"metric":"http_req_failed"}',
    ];
    const series = new SliSeries();
    for (const p of lines.map(parseK6Line)) if (p) series.add(p);
    const [second] = series.flush();
    expect(second).to.deep.include({ at: T0 + 1000, requests: 2, failures: 1, byStatus: { '0': 1, '200': 1 }, p50Ms: 12.5, p99Ms: 10000.4 });
  });

  it('nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).to.equal(null);
    expect(percentile([1, 2, 3, 4], 0.5)).to.equal(2);
    expect(percentile([1, 2, 3, 4], 0.99)).to.equal(4);
    expect(percentile([7], 0.99)).to.equal(7);
  });
});
