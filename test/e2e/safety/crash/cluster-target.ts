/**
 * The crash matrix's second row: the testbed (a real kube-apiserver, etcd,
 * controllers and kwok's fake nodes, with istiod installed by istioctl) and
 * the demo workloads. "As before the run" is the API objects the mission
 * faults touch — the Deployments (istiod's and the workloads'), the
 * AuthorizationPolicies and the namespaces' labels — minus what the server and
 * controllers write (resourceVersion, generation, uid, managedFields,
 * creationTimestamp, status) and a rollout restart's `restartedAt` stamp.
 *
 * image-cache-evict is not in the row: it needs the nodes themselves, which
 * the adapter refuses on an existing cluster (it reaches them only on kind).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppsV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { AUTHZ } from '../../../../src/targets/kube/istio-objects.js';
import { applyDemo, comparable, DEMO } from '../../../support/kube-demo.js';
import { startTestbed } from '../../../support/testbed.js';
import { testbedTools } from '../../../support/testbed-files.js';
import { testbedRunFlags } from '../../../support/testbed-run-flags.js';
import { diff, type CrashTarget } from './crash-targets.js';

const NAMESPACES = ['istio-system', ...new Set(DEMO.map((w) => w.namespace))];

export const clusterTarget: CrashTarget = {
  name: 'cluster',
  scenarios: ['istiod-oom', 'deny-policy', 'pod-churn'],
  async unavailable() {
    try {
      testbedTools();
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  },
  async start() {
    const tb = await startTestbed({ istio: { revision: '1-31', tags: ['stable'] } });
    let ingress: Server | undefined;
    try {
      await applyDemo(tb.kubeConfig(), { labelIstioSystem: true });
      // The spawned runs, drivers and rollbacks find istioctl and the kubeconfig here.
      process.env.GAMEDAY_ISTIOCTL = tb.istioctl;
      // Load needs something to answer on loopback: kwok's pods serve nothing (see test/e2e/kube/cluster-run.test.ts).
      ingress = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'));
      await new Promise<void>((r) => ingress!.listen(0, '127.0.0.1', r));
      const ingressUrl = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
      const kc = tb.kubeConfig();
      const apps = kc.makeApiClient(AppsV1Api);
      const core = kc.makeApiClient(CoreV1Api);
      const custom = kc.makeApiClient(CustomObjectsApi);
      const state = async (): Promise<unknown> => {
        const out: Record<string, unknown> = {};
        for (const namespace of NAMESPACES) {
          const ns = await core.readNamespace({ name: namespace });
          out[`namespace/${namespace}`] = ns.metadata?.labels ?? {};
          for (const d of (await apps.listNamespacedDeployment({ namespace })).items)
            out[`deployment/${namespace}/${d.metadata!.name}`] = clean(comparable(d, { restartStamps: false }));
          const list = (await custom.listNamespacedCustomObject({ ...AUTHZ, namespace })) as { items: object[] };
          for (const p of list.items)
            out[`authorizationpolicy/${namespace}/${(p as { metadata: { name: string } }).metadata.name}`] = clean(comparable(p));
        }
        return out;
      };
      const kube = ['--kubeconfig', tb.kubeconfigPath];
      return {
        kind: 'cluster',
        cliArgs: testbedRunFlags({ context: tb.context, kubeconfigPath: tb.kubeconfigPath, namespaces: NAMESPACES, ingressUrl }),
        rollbackArgs: kube,
        attach: tb.context,
        driverArgs: [tb.kubeconfigPath, NAMESPACES.join(','), ingressUrl],
        beforeState: state,
        compare: diff,
        async stop() {
          await new Promise((r) => ingress!.close(r));
          delete process.env.GAMEDAY_ISTIOCTL;
          await tb.stop();
        },
      };
    } catch (err) {
      ingress?.close();
      await tb.stop();
      throw err;
    }
  },
};

/** What `comparable` keeps that no fault sets: the server's uid and creation time. */
function clean(obj: unknown): unknown {
  const meta = (obj as { metadata?: Record<string, unknown> }).metadata;
  if (meta) {
    delete meta.uid;
    delete meta.creationTimestamp;
  }
  return obj;
}
