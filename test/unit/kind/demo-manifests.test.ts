import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { DEMO_DIR, demoManifests } from '../../../scripts/gen-demo-manifests.js';
import { defaultTopology } from '../../../src/targets/sim/model/topology.js';

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: { spec: { serviceAccountName: string; containers: { env: { name: string; value: string }[] }[] } };
    http?: { match: { uri: { prefix: string } }[]; route: { destination: { host: string } }[] }[];
  };
}

function committed(): Obj[] {
  return readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(DEMO_DIR, f), 'utf8')).map((d) => d.toJS() as Obj | null))
    .filter((o): o is Obj => o !== null);
}

describe('manifests/demo: the simulator’s default topology on a cluster', () => {
  it('is what scripts/gen-demo-manifests.ts writes (run `npm run manifests` after changing the topology)', () => {
    const files = readdirSync(DEMO_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    const generated = demoManifests();
    expect(files).to.deep.equal([...generated.keys()].sort());
    for (const f of files) expect(readFileSync(join(DEMO_DIR, f), 'utf8'), f).to.equal(generated.get(f));
  });

  it('has the same namespaces and labels, workloads, replicas, service accounts, call graph and routes', () => {
    const t = defaultTopology();
    const objs = committed();
    const namespaces = objs.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels]);
    expect(namespaces).to.deep.equal(t.namespaces.filter((n) => n.name !== 'istio-system').map((n) => [n.name, n.labels]));
    const deployments = objs.filter((o) => o.kind === 'Deployment');
    const calls = (o: Obj) =>
      (o.spec!.template!.spec.containers[0]!.env.find((e) => e.name === 'UPSTREAM_URIS')?.value.split(',') ?? []).map((u) => {
        const [name, ns] = new URL(u).hostname.split('.');
        return `${ns}/${name}`;
      });
    const have = deployments.map((d) => ({
      ref: `${d.metadata.namespace}/${d.metadata.name}`,
      replicas: d.spec!.replicas,
      sa: d.spec!.template!.spec.serviceAccountName,
      calls: calls(d),
    }));
    const want = t.workloads.map((w) => ({
      ref: `${w.namespace}/${w.name}`,
      replicas: w.replicas,
      sa: w.serviceAccount,
      calls: w.calls ?? [],
    }));
    const byRef = (a: { ref: string }, b: { ref: string }) => (a.ref < b.ref ? -1 : 1);
    expect(have.sort(byRef)).to.deep.equal(want.sort(byRef));
    const services = objs.filter((o) => o.kind === 'Service').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(services.sort()).to.deep.equal(t.workloads.map((w) => `${w.namespace}/${w.name}`).sort());
    const vs = objs.find((o) => o.kind === 'VirtualService')!;
    const routes = vs.spec!.http!.map((h) => [h.match[0]!.uri.prefix, h.route[0]!.destination.host]);
    expect(routes).to.deep.equal([
      ['/staging/', 'frontend.staging.svc.cluster.local'],
      ['/', 'frontend.users.svc.cluster.local'],
    ]);
    expect(t.routes.map((r) => r.service)).to.have.members(['users/frontend', 'staging/frontend']);
  });
});
