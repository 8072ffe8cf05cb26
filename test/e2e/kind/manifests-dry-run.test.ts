/**
 * Every manifest under manifests/ is accepted by a real API server in a
 * server-side dry run (admission, schema and Istio's CRD validation
 * included), against the project's control plane (test/support/testbed.ts).
 * Istio is installed first, as `gameday cluster up` does. The istioctl overlay (manifests/istio/) is read by istioctl, not applied:
 * it is checked by `istioctl manifest generate` instead.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../../../src/project-root.js';
import { ISTIO_OVERLAY_DIR, MANIFEST_DIRS, manifestFiles } from '../../../src/targets/kube/kind/manifests.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';

const run = promisify(execFile);
const ROOT = projectRoot();

/**
 * A server-side dry-run create with strict field validation: an unknown or
 * duplicated field is refused, not dropped with a warning (the API server's
 * default is `Warn`). client-node's object API has no fieldValidation
 * parameter, so the request is made here with its resolved URL and credentials.
 */
async function dryRunCreate(kc: KubeConfig, api: KubernetesObjectApi, o: KubernetesObject): Promise<string | null> {
  const path = await (api as unknown as { specUriPath(o: KubernetesObject, a: 'create'): Promise<string> }).specUriPath(o, 'create');
  const url = new URL(
    `${kc.getCurrentCluster()!.server.replace(/\/+$/, '')}${path}?dryRun=All&fieldValidation=Strict&fieldManager=gameday`,
  );
  const opts: RequestOptions = { method: 'POST', headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 201 || res.statusCode === 200 ? null : `${res.statusCode}: ${body}`));
    });
    req.on('error', reject);
    req.end(JSON.stringify(o));
  });
}

describe('manifests/ accepted by a server-side dry run on a real API server', function () {
  this.timeout(600_000);
  let testbed: Testbed | undefined;

  before(async () => {
    // As `gameday cluster up` does before applying them: Istio by revision with both tags (istio-system, CRDs, webhooks).
    testbed = await startTestbed({ istio: { revision: '1-28-0', tags: ['stable', 'default'] } });
  });
  after(async () => {
    await testbed?.stop();
  });

  it('accepts every object of every manifest file, namespaces created first', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(testbed!.kubeconfigPath);
    kc.setCurrentContext(testbed!.context);
    const api = KubernetesObjectApi.makeApiClient(kc);
    const files = [...manifestFiles(ROOT, MANIFEST_DIRS.kubeStateMetrics), ...manifestFiles(ROOT, MANIFEST_DIRS.demo)];
    const objects = files.flatMap((f) =>
      parseAllDocuments(readFileSync(join(ROOT, f), 'utf8'))
        .map((d) => d.toJS() as KubernetesObject | null)
        .filter((o): o is KubernetesObject => o !== null)
        .map((o) => ({ file: f, o })),
    );
    expect(objects.length).to.be.greaterThan(20);
    // A dry run does not create a namespace, and objects in a missing namespace are refused: create them for real.
    for (const { o } of objects.filter((x) => x.o.kind === 'Namespace')) await api.create(o);
    const refused: string[] = [];
    for (const { file, o } of objects) {
      if (o.kind === 'Namespace') continue;
      const problem = await dryRunCreate(kc, api, o);
      if (problem) refused.push(`${file}: ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${problem}`);
    }
    expect(refused).to.deep.equal([]);

    // The check can fail: a misspelt field is refused, not dropped.
    const deployment = objects.find((x) => x.o.kind === 'Deployment')!.o as KubernetesObject & { spec: Record<string, unknown> };
    const typo = { ...deployment, spec: { ...deployment.spec, replica: 2 } };
    expect(await dryRunCreate(kc, api, typo)).to.match(/^400: .*unknown field \\"spec.replica\\"/);
  });

  it('the istioctl overlay renders with the testbed’s istioctl', async () => {
    for (const f of manifestFiles(ROOT, ISTIO_OVERLAY_DIR)) {
      const { stdout } = await run(testbed!.istioctl, ['manifest', 'generate', '-f', join(ROOT, f), '--set', 'revision=1-28-0'], {
        maxBuffer: 64 * 2 ** 20,
      });
      expect(stdout).to.include('nodePort: 30080');
    }
  });
});
