import { expect } from 'chai';
import { Exposition } from '../../../src/targets/sim/exposition.js';
import { ISTIO_REQUEST_LABELS, istioRequestLabels } from '../../../src/targets/sim/istio-labels.js';
import type { HopOutcome } from '../../../src/targets/sim/model/readings.js';
import { ISTIO_DURATION_BUCKETS_MS, RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import { FakeMeshModel } from './fake-mesh-model.js';
import { parseExposition } from './parse-exposition.js';

/** The label list of docs/envoy.md#request-metrics, spelled out. */
const DOCUMENTED_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
  'source_canonical_service',
  'destination_canonical_service',
  'source_canonical_revision',
  'destination_canonical_revision',
  'source_cluster',
  'destination_cluster',
];

function hops(): HopOutcome[] {
  return new FakeMeshModel().handleRequest({ path: '/', method: 'GET' }).hops;
}

describe('sim request telemetry (istio_requests_total)', () => {
  it('uses exactly the label set Istio documents, plus the namespace and pod Prometheus adds', () => {
    expect([...ISTIO_REQUEST_LABELS].sort()).to.deep.equal([...DOCUMENTED_LABELS].sort());
    const labels = istioRequestLabels(hops()[0]!, 'source');
    expect(Object.keys(labels).sort()).to.deep.equal([...DOCUMENTED_LABELS, 'namespace', 'pod'].sort());
  });

  it('says mutual_tls only on the destination side, and names the reporting pod', () => {
    const hop = hops()[1]!;
    const src = istioRequestLabels(hop, 'source');
    const dst = istioRequestLabels(hop, 'destination');
    expect(src.connection_security_policy).to.equal('unknown');
    expect(dst.connection_security_policy).to.equal('mutual_tls');
    expect(istioRequestLabels({ ...hop, mtls: false }, 'destination').connection_security_policy).to.equal('none');
    expect([src.namespace, src.pod]).to.deep.equal(['prod', 'frontend-abc']);
    expect([dst.namespace, dst.pod]).to.deep.equal(['prod', 'backend-abc']);
    expect(src.destination_service).to.equal('backend.prod.svc.cluster.local');
  });

  it('labels the destination workload unknown on local replies that never reached a destination proxy', () => {
    const uh: HopOutcome = { ...hops()[1]!, responseCode: 503, responseFlags: 'UH', destinationPod: null, reporters: ['source'] };
    const labels = istioRequestLabels(uh, 'source');
    expect(labels.destination_workload).to.equal('unknown');
    expect(labels.destination_service_namespace).to.equal('prod');
    expect(labels.response_flags).to.equal('UH');
  });

  it('counts each hop once per reporter and buckets its duration in Istio’s buckets', () => {
    const m = new RequestMetrics();
    for (const h of hops()) m.record(h);
    for (const h of hops()) m.record({ ...h, latencyMs: 7000 });
    expect(m.total()).to.equal(8);
    expect(m.total({ reporter: 'destination', destination_workload: 'backend' })).to.equal(2);
    expect(m.seriesCount).to.equal(4);
    const out = new Exposition();
    m.render(out);
    const parsed = parseExposition(out.toString());
    expect(parsed.get('istio_requests_total')?.type).to.equal('counter');
    const hist = parsed.get('istio_request_duration_milliseconds')!;
    expect(hist.type).to.equal('histogram');
    const les = hist.samples
      .filter((s) => s.name.endsWith('_bucket') && s.labels.pod === 'frontend-abc' && s.labels.reporter === 'source')
      .map((s) => s.labels.le);
    expect(les).to.deep.equal([...ISTIO_DURATION_BUCKETS_MS.map(String), '+Inf']);
    const at = (le: string): number =>
      hist.samples.find(
        (s) => s.name.endsWith('_bucket') && s.labels.pod === 'frontend-abc' && s.labels.reporter === 'source' && s.labels.le === le,
      )!.value;
    expect([at('1'), at('5000'), at('10000'), at('+Inf')]).to.deep.equal([1, 1, 2, 2]);
  });

  it('counts hops that differ only in the peer’s pod in one series of the reporter, which does not label the peer’s pod', () => {
    const m = new RequestMetrics();
    const hop = hops()[1]!;
    // frontend-abc calls backend through its Service: two backend pods answer.
    m.record({ ...hop, destinationPod: 'backend-abc' });
    m.record({ ...hop, destinationPod: 'backend-def' });
    m.record({ ...hop, destinationPod: 'backend-def' });
    const out = new Exposition();
    m.render(out);
    const totals = parseExposition(out.toString()).get('istio_requests_total')!.samples;
    const keys = totals.map((s) => JSON.stringify(Object.entries(s.labels).sort()));
    expect(new Set(keys).size, 'no label set twice in one exposition').to.equal(keys.length);
    const bySource = totals.filter((s) => s.labels.reporter === 'source');
    expect(bySource.map((s) => [s.labels.pod, s.value])).to.deep.equal([['frontend-abc', 3]]);
    const byDestination = totals.filter((s) => s.labels.reporter === 'destination').map((s) => [s.labels.pod, s.value]);
    expect(byDestination.sort()).to.deep.equal([
      ['backend-abc', 1],
      ['backend-def', 2],
    ]);
  });

  it('lists every series with its count, read-only, for the benches’ ground truth', () => {
    const m = new RequestMetrics();
    for (const h of hops()) m.record(h);
    const seen: [string, number][] = [];
    m.forEachRequestCount((labels, requests) => seen.push([labels, requests]));
    expect(seen).to.have.length(m.seriesCount);
    expect(seen.reduce((a, [, n]) => a + n, 0)).to.equal(m.total());
    expect(seen.every(([labels]) => labels.startsWith('reporter="'))).to.equal(true);
  });

  it('drops the series of proxies whose pods are gone', () => {
    const m = new RequestMetrics();
    for (const h of hops()) m.record(h);
    m.retainPods(new Set(['prod/frontend-abc', 'prod/backend-abc']));
    expect(m.total({ pod: 'istio-ingressgateway-1' })).to.equal(0);
    expect(m.total()).to.equal(3);
  });
});
