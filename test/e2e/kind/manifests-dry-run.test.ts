/**
 * Every manifest under manifests/ is accepted by a real API server in a
 * server-side dry run (admission, schema and Istio's CRD validation
 * included), against the project's control plane (test/support/testbed.ts).
 * The istioctl overlay (manifests/istio/) is read by istioctl, not applied:
 * it is checked by `istioctl manifest generate` instead.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../../../src/project-root.js';
import { ISTIO_OVERLAY_DIR, MANIFEST_DIRS, manifestFiles } from '../../../src/targets/kube/kind/manifests.js';
import { testbedStarter, type TestbedHandle } from './testbed-optional.js';

const run = promisify(execFile);
const ROOT = projectRoot();

describe('manifests/ accepted by a server-side dry run on a real API server', function () {
  this.timeout(600_000);
  let testbed: TestbedHandle | undefined;

  before(async function () {
    const start = await testbedStarter();
    if (!start) return this.skip();
    testbed = await start();
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
      try {
        await api.create(o, undefined, 'All', 'gameday');
      } catch (err) {
        const body = (err as { body?: unknown }).body;
        refused.push(
          `${file}: ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${typeof body === 'string' ? body : JSON.stringify(body ?? String(err))}`,
        );
      }
    }
    expect(refused).to.deep.equal([]);
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
