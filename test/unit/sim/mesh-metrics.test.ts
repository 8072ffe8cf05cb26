import { expect } from 'chai';
import { MeshMetrics } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import {
  CADVISOR_JOB,
  ENVOY_STATS_JOB,
  GAMEDAY_JOB,
  KUBE_STATE_JOB,
  jobMetricsPath,
} from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import { FakeMeshModel } from './fake-mesh-model.js';
import { parseExposition, type ParsedFamily } from './parse-exposition.js';

/**
 * What docs/ (and the baseline rules) name, with the labels each series
 * must carry: [metric family, type, labels every sample has].
 */
const ISTIOD: [string, string, string[]][] = [
  ['pilot_xds', 'gauge', ['version']],
  ['pilot_xds_pushes', 'counter', ['type']],
  ['pilot_xds_push_time', 'histogram', ['type']],
  ['pilot_proxy_convergence_time', 'histogram', []],
  ['pilot_proxy_queue_time', 'histogram', []],
  ['pilot_debounce_time', 'histogram', []],
  ['pilot_push_triggers', 'counter', ['type']],
  ['pilot_inbound_updates', 'counter', ['type']],
  ['pilot_services', 'gauge', []],
  ['pilot_virt_services', 'gauge', []],
  ['pilot_total_xds_rejects', 'counter', ['type']],
  ['pilot_total_xds_internal_errors', 'counter', []],
  ['pilot_xds_write_timeout', 'counter', []],
  ['pilot_xds_expired_nonce', 'counter', []],
  ['pilot_k8s_reg_events', 'counter', ['type', 'event']],
  ['istiod_uptime_seconds', 'gauge', []],
  ['pilot_info', 'gauge', ['version']],
  ['go_memstats_heap_alloc_bytes', 'gauge', []],
  ['process_resident_memory_bytes', 'gauge', []],
];
const KSM: [string, string, string[]][] = [
  ['kube_pod_container_status_restarts_total', 'counter', ['namespace', 'pod', 'container']],
  ['kube_pod_container_status_last_terminated_reason', 'gauge', ['namespace', 'pod', 'container', 'reason']],
  ['kube_pod_container_status_last_terminated_exitcode', 'gauge', ['namespace', 'pod', 'container']],
  ['kube_pod_container_status_waiting_reason', 'gauge', ['namespace', 'pod', 'container', 'reason']],
  ['kube_deployment_status_replicas_available', 'gauge', ['namespace', 'deployment']],
  ['kube_deployment_spec_replicas', 'gauge', ['namespace', 'deployment']],
  ['kube_pod_status_phase', 'gauge', ['namespace', 'pod', 'phase']],
  ['kube_pod_container_resource_limits', 'gauge', ['namespace', 'pod', 'container', 'resource', 'unit']],
];
const CADVISOR: [string, string, string[]][] = [
  ['container_memory_working_set_bytes', 'gauge', ['namespace', 'pod', 'container']],
  ['container_cpu_usage_seconds_total', 'counter', ['namespace', 'pod', 'container']],
  ['container_cpu_cfs_periods_total', 'counter', ['namespace', 'pod', 'container']],
  ['container_cpu_cfs_throttled_periods_total', 'counter', ['namespace', 'pod', 'container']],
];
const GAMEDAY: [string, string, string[]][] = [
  ['gameday_proxy_status', 'gauge', ['revision', 'status']],
  ['gameday_workload_cert_expiry_timestamp_seconds', 'gauge', ['namespace', 'pod']],
  ['gameday_workload_cert_issued_timestamp_seconds', 'gauge', ['namespace', 'pod']],
];

const LAZY = new Set(['pilot_total_xds_rejects']);

function setup(): { model: FakeMeshModel; metrics: MeshMetrics; requests: RequestMetrics } {
  const model = new FakeMeshModel();
  const requests = new RequestMetrics();
  const metrics = new MeshMetrics(model, new ModelTime(model.now(), model.now(), 1), requests);
  return { model, metrics, requests };
}

function scrape(metrics: MeshMetrics, path: string): Map<string, ParsedFamily> {
  const r = metrics.scrape(path);
  expect(r.status, path).to.equal(200);
  return parseExposition(r.body);
}

function expectFamilies(families: Map<string, ParsedFamily>, expected: [string, string, string[]][]): void {
  for (const [name, type, labels] of expected) {
    const f = families.get(name);
    expect(f, name).to.not.equal(undefined);
    expect(f!.type, name).to.equal(type);
    // Labelled counters appear on their first event, as Istio's do (no rejects yet: no series).
    if (!LAZY.has(name)) expect(f!.samples.length, `${name} has samples`).to.be.greaterThan(0);
    for (const s of f!.samples) for (const l of labels) expect(s.labels, `${s.name} has ${l}`).to.have.property(l);
  }
}

describe('sim metrics per scrape job', () => {
  it('istiod: every pilot_* and memory series docs/istio.md names, counters without _total', () => {
    const { metrics } = setup();
    const istiod = metrics.targets().filter((t) => t.job === 'istiod');
    expect(istiod).to.have.length(1);
    expect(istiod[0]!.labels).to.include({ namespace: 'istio-system', pod: 'istiod-1-24-1-xyz', app: 'istiod' });
    const families = scrape(metrics, istiod[0]!.path);
    expectFamilies(families, ISTIOD);
    for (const [name, f] of families) if (name.startsWith('pilot_') && f.type === 'counter') expect(name).to.not.match(/_total$/);
    const eds = families.get('pilot_xds_push_time')!.samples.filter((s) => s.labels.type === 'eds' && s.name.endsWith('_bucket'));
    expect(eds.map((s) => s.labels.le)).to.deep.equal(['0.01', '0.1', '1', '3', '5', '10', '20', '30', '+Inf']);
    expect(families.get('istiod_uptime_seconds')!.samples[0]!.value).to.equal(60);
  });

  it('istiod: a pod that is not running keeps its target and fails the scrape with 503', () => {
    const { model, metrics } = setup();
    model.istiodRunning = false;
    const target = metrics.targets().find((t) => t.job === 'istiod')!;
    expect(metrics.scrape(target.path).status).to.equal(503);
    expect(metrics.scrape('/metrics/istiod/istio-system/gone-pod').status).to.equal(404);
  });

  it('kube-state-metrics: the series docs/kubernetes.md names, with KSM’s labels, reasons only while they hold', () => {
    const { model, metrics } = setup();
    let families = scrape(metrics, jobMetricsPath(KUBE_STATE_JOB));
    expect(families.get('kube_pod_container_status_waiting_reason')!.samples).to.have.length(0);
    model.istiodRunning = false;
    families = scrape(metrics, jobMetricsPath(KUBE_STATE_JOB));
    expectFamilies(families, KSM);
    const discovery = (name: string) => families.get(name)!.samples.filter((s) => s.labels.container === 'discovery');
    expect(discovery('kube_pod_container_status_last_terminated_reason')[0]!.labels.reason).to.equal('OOMKilled');
    expect(discovery('kube_pod_container_status_last_terminated_exitcode')[0]!.value).to.equal(137);
    expect(discovery('kube_pod_container_status_waiting_reason')[0]!.labels.reason).to.equal('CrashLoopBackOff');
    expect(discovery('kube_pod_container_status_restarts_total')[0]!.value).to.equal(3);
    const phases = families.get('kube_pod_status_phase')!.samples.filter((s) => s.labels.pod === 'frontend-abc');
    expect(phases.map((s) => `${s.labels.phase}=${s.value}`))
      .to.include('Running=1')
      .and.include('Pending=0');
    const limit = families
      .get('kube_pod_container_resource_limits')!
      .samples.find((s) => s.labels.container === 'istio-proxy' && s.labels.resource === 'memory');
    expect(limit?.value).to.equal(1024 * 2 ** 20);
  });

  it('cadvisor: working set and CPU counters for running containers; CFS periods accumulate between scrapes', () => {
    const { model, metrics } = setup();
    scrape(metrics, jobMetricsPath(CADVISOR_JOB));
    model.advance(model.now() + 10_000);
    const families = scrape(metrics, jobMetricsPath(CADVISOR_JOB));
    expectFamilies(families, CADVISOR);
    const periods = families.get('container_cpu_cfs_periods_total')!.samples.find((s) => s.labels.pod === 'frontend-abc')!;
    expect(periods.value).to.equal(100);
    const throttled = families.get('container_cpu_cfs_throttled_periods_total')!.samples.find((s) => s.labels.pod === 'frontend-abc')!;
    expect(throttled.value).to.equal(10);
  });

  it('envoy-stats: istio_requests_total and the duration histogram with pod and namespace', () => {
    const { model, metrics, requests } = setup();
    for (const h of model.handleRequest({ path: '/', method: 'GET' }).hops) requests.record(h);
    const families = scrape(metrics, jobMetricsPath(ENVOY_STATS_JOB));
    expectFamilies(families, [
      ['istio_requests_total', 'counter', ['reporter', 'response_code', 'namespace', 'pod']],
      ['istio_request_duration_milliseconds', 'histogram', ['reporter', 'response_code', 'namespace', 'pod']],
    ]);
  });

  it('gameday exporter: proxy-status counts per revision and status, certificate instants in seconds', () => {
    const { model, metrics } = setup();
    const families = scrape(metrics, jobMetricsPath(GAMEDAY_JOB));
    expectFamilies(families, GAMEDAY);
    const status = Object.fromEntries(families.get('gameday_proxy_status')!.samples.map((s) => [s.labels.status, s.value]));
    expect(status).to.deep.equal({ SYNCED: 0, STALE: 1, 'NOT SENT': 0 });
    const expiry = families.get('gameday_workload_cert_expiry_timestamp_seconds')!.samples[0]!;
    expect(expiry.labels).to.deep.equal({ namespace: 'prod', pod: 'frontend-abc' });
    expect(expiry.value).to.equal((model.now() + 3_600_000) / 1000);
    const issued = families.get('gameday_workload_cert_issued_timestamp_seconds')!.samples[0]!;
    expect(issued.value).to.equal((model.now() - 23 * 3_600_000) / 1000);
    model.istiodRunning = false;
    const down = scrape(metrics, jobMetricsPath(GAMEDAY_JOB));
    expect(down.get('gameday_proxy_status')!.samples.every((s) => s.value === 0)).to.equal(true);
  });

  it('maps model instants to the clock when time runs faster', () => {
    const model = new FakeMeshModel();
    const start = model.now();
    const metrics = new MeshMetrics(model, new ModelTime(start, start, 10), new RequestMetrics());
    const expiry = parseExposition(metrics.scrape(jobMetricsPath(GAMEDAY_JOB)).body).get('gameday_workload_cert_expiry_timestamp_seconds')!
      .samples[0]!;
    // One model hour ahead is six clock minutes ahead at ×10.
    expect(expiry.value).to.equal((start + 360_000) / 1000);
  });
});
