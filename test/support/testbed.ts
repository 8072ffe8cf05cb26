/**
 * A real Kubernetes control plane on loopback for the kube adapter's tests:
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (fake
 * nodes and a fake kubelet, with the project's stages for OOMKilled →
 * CrashLoopBackOff and ErrImagePull → ImagePullBackOff), Istio's CRDs and,
 * on request, `istioctl install` of a revision with its tags. Nothing serves
 * Istio's injection webhook here (there is no Envoy or istiod process), so
 * workloads run in namespaces without injection labels.
 *
 * One testbed per test file: start it in `before`, stop it in `after`;
 * `stop()` leaves no process behind (the process registry says so).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  loadAllYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { freePort, LOOPBACK } from '../../src/process/free-port.js';
import { OwnedProcess } from '../../src/process/owned-process.js';
import { pollUntil } from '../../src/process/poll-until.js';
import { testbedTools, writeTestbedFiles } from './testbed-files.js';

export interface TestbedOptions {
  /** Fake nodes (default 3), annotated for kwok. */
  nodes?: number;
  /** `istioctl install` of this revision, then these tags pointed at it (default: none installed). */
  istio?: { revision: string; tags?: string[]; istiodWorkingSet?: string };
  /** Context name in the kubeconfig (default `gameday-testbed`). */
  context?: string;
}

export interface Testbed {
  kubeconfigPath: string;
  context: string;
  apiServerUrl: string;
  /** Path of the istioctl built for the testbed. */
  istioctl: string;
  /** The static admin token (tests check it never reaches logs or results). */
  token: string;
  /** The testbed's own directory (logs of every component). */
  dir: string;
  kubeConfig(): KubeConfig;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

export async function startTestbed(opts: TestbedOptions = {}): Promise<Testbed> {
  const tools = testbedTools();
  const context = opts.context ?? 'gameday-testbed';
  const dir = mkdtempSync(join(tmpdir(), 'gameday-testbed-'));
  const procs: OwnedProcess[] = [];
  const stop = async (): Promise<void> => {
    // The API server first: stopped after etcd it can hang on its storage.
    for (const p of [...procs].reverse()) await p.stop(3000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://${LOOPBACK}:${apiPort}`;
    const files = writeTestbedFiles(dir, server, context);
    const etcdUrl = `http://${LOOPBACK}:${etcdPort}`;
    const peerUrl = `http://${LOOPBACK}:${peerPort}`;
    const etcd = OwnedProcess.start({
      name: 'etcd',
      command: tools.etcd,
      logDir: dir,
      args: [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        '--name=default',
      ],
    });
    procs.push(etcd);
    await etcd.waitReady(`${etcdUrl}/health`, READY_TIMEOUT_MS);
    const apiserver = OwnedProcess.start({
      name: 'kube-apiserver',
      command: tools.kubeApiserver,
      logDir: dir,
      args: [
        `--etcd-servers=${etcdUrl}`,
        `--bind-address=${LOOPBACK}`,
        `--secure-port=${apiPort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--token-auth-file=${files.tokenFile}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${files.saPub}`,
        `--service-account-signing-key-file=${files.saKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16',
        // Streaming lists need watch progress notifications, which etcd 3.4 cannot send: turned off,
        // informers fall back to list + watch (otherwise their watches keep failing and miss updates).
        '--feature-gates=WatchList=false',
      ],
    });
    procs.push(apiserver);
    const kc = new KubeConfig();
    kc.loadFromFile(files.kubeconfig);
    kc.setCurrentContext(context);
    const core = kc.makeApiClient(CoreV1Api);
    await apiserver.waitReady(async () => (await core.listNamespace()).items.some((n) => n.metadata?.name === 'default'), READY_TIMEOUT_MS);
    const k = files.componentKubeconfig;
    const kubeconfigArgs = [`--kubeconfig=${k}`, `--authentication-kubeconfig=${k}`, `--authorization-kubeconfig=${k}`];
    procs.push(
      OwnedProcess.start({
        name: 'kube-controller-manager',
        command: tools.kubeControllerManager,
        logDir: dir,
        args: [
          ...kubeconfigArgs,
          '--secure-port=0',
          '--leader-elect=false',
          // No pod CIDRs to hand out: kwok's nodes need none.
          '--controllers=*,-nodeipam',
          // The default 20 requests/s would let a 50 pods/s churn storm drain its Deployments faster than
          // their ReplicaSets replace the pods; a real cluster's control plane is tuned for more too.
          '--kube-api-qps=300',
          '--kube-api-burst=600',
          `--service-account-private-key-file=${files.saKey}`,
          `--root-ca-file=${join(dir, 'certs', 'apiserver.crt')}`,
        ],
      }),
      OwnedProcess.start({
        name: 'kube-scheduler',
        command: tools.kubeScheduler,
        logDir: dir,
        args: [...kubeconfigArgs, '--secure-port=0', '--leader-elect=false', '--kube-api-qps=300', '--kube-api-burst=600'],
      }),
      OwnedProcess.start({
        name: 'kwok',
        command: tools.kwok,
        logDir: dir,
        args: [
          `--kubeconfig=${k}`,
          '--manage-all-nodes=false',
          ...(process.env.GAMEDAY_TESTBED_KWOK_DEBUG ? ['--v=DEBUG'] : []),
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          ...tools.stages.map((s) => `--config=${s}`),
        ],
      }),
    );
    await createNodes(core, opts.nodes ?? 3);
    await applyCrds(kc, tools.istioCrds);
    const testbed: Testbed = {
      kubeconfigPath: files.kubeconfig,
      context,
      apiServerUrl: server,
      istioctl: tools.istioctl,
      token: files.token,
      dir,
      kubeConfig: () => {
        const k = new KubeConfig();
        k.loadFromFile(files.kubeconfig);
        k.setCurrentContext(context);
        return k;
      },
      stop,
    };
    if (opts.istio) await installIstio(testbed, opts.istio);
    return testbed;
  } catch (err) {
    // The logs go with the directory: keep their tails in the error.
    const tails = procs.map((p) => `--- ${p.name}${p.running ? '' : ' (exited)'}:\n${p.logTail(8)}`).join('\n');
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tails}`);
  }
}

async function createNodes(core: CoreV1Api, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await core.createNode({
      body: {
        metadata: {
          name: `kwok-node-${i}`,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: { type: 'kwok', 'kubernetes.io/hostname': `kwok-node-${i}`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
        },
      },
    });
  }
  const ok = await pollUntil(
    async () => {
      const nodes = (await core.listNode()).items;
      return nodes.length === n && nodes.every((x) => x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200 },
  );
  if (!ok) throw new Error(`testbed: ${n} kwok node(s) not Ready within ${READY_TIMEOUT_MS} ms`);
}

async function applyCrds(kc: KubeConfig, file: string): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const names: string[] = [];
  // loadAllYaml maps the file's field names onto the client's models (x-kubernetes-int-or-string and the like).
  for (const obj of loadAllYaml(readFileSync(file, 'utf8')) as (KubernetesObject | null)[]) {
    if (!obj?.kind) continue;
    await objects.create(obj);
    names.push(obj.metadata!.name!);
  }
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const ok = await pollUntil(
    async () => {
      const crds = (await ext.listCustomResourceDefinition()).items;
      const established = new Set(
        crds
          .filter((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'))
          .map((c) => c.metadata!.name!),
      );
      return names.every((n) => established.has(n));
    },
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200 },
  );
  if (!ok) throw new Error('testbed: Istio CRDs not Established');
}

async function installIstio(tb: Testbed, istio: NonNullable<TestbedOptions['istio']>): Promise<void> {
  const iop = join(tb.dir, 'istio-operator.yaml');
  writeFileSync(
    iop,
    [
      'apiVersion: install.istio.io/v1alpha1',
      'kind: IstioOperator',
      'spec:',
      `  revision: ${istio.revision}`,
      '  values:',
      '    pilot:',
      '      podAnnotations:',
      // What the testbed's fake kubelet treats as istiod's memory working set (pod-oom-kill stage).
      `        gameday.istio.io/working-set: ${istio.istiodWorkingSet ?? '400Mi'}`,
      '',
    ].join('\n'),
  );
  const run = (args: string[]): Promise<unknown> =>
    promisify(execFile)(tb.istioctl, [...args, `--kubeconfig=${tb.kubeconfigPath}`, `--context=${tb.context}`], {
      maxBuffer: 16 << 20,
      timeout: 180_000,
    });
  await run(['install', '-y', '-f', iop]);
  for (const tag of istio.tags ?? []) await run(['tag', 'set', tag, '--revision', istio.revision, '--overwrite', '-y']);
}
