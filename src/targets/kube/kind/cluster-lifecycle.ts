/**
 * `gameday cluster up|down|status` on kind: each step one progress line,
 * each command an argv array, every wait a watch (`kubectl wait`,
 * `kubectl rollout status`), never a sleep. `up` is idempotent: what exists
 * is kept, so a second `up` only checks and re-applies.
 */
import { join } from 'node:path';
import { ComponentError } from '../../../errors.js';
import type { RunCommand } from './command-runner.js';
import {
  KIND_NETWORK,
  hostsFileArgv,
  hostsFiles,
  registryConnectArgv,
  registryInspectArgv,
  registryRemoveArgv,
  registryRunArgv,
} from './registry.js';
import { applyArgv, kindCreateArgv, kindDeleteArgv, kindGetClustersArgv, nodesReadyArgv, rolloutStatusArgv } from './kind-argv.js';
import type { KindCluster } from './kind-config.js';
import {
  ISTIO_OVERLAY,
  ISTIO_TAGS,
  istioInstallArgv,
  istioTagArgv,
  istioVersionArgv,
  istioctlClientVersionArgv,
  parityProblem,
  parseIstioVersions,
  revisionFor,
} from './istio-install.js';
import { MANIFEST_DIRS, deploymentsIn, manifestFiles } from './manifests.js';

export interface LifecycleDeps {
  run: RunCommand;
  /** One line per step, for people (stderr). */
  progress: (line: string) => void;
  /** Project root: manifests/ and the overlay are read from here. */
  root: string;
}

async function must(deps: LifecycleDeps, component: string, argv: readonly string[], input?: string): Promise<string> {
  const r = await deps.run(argv, input === undefined ? {} : { input });
  if (r.exitCode !== 0)
    throw new ComponentError(
      component,
      `${argv.join(' ')} exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`,
    );
  return r.stdout;
}

/**
 * The version rule, checked before anything is created: istioctl must be the
 * pinned version and, when the cluster exists, match every running istiod.
 */
export async function checkIstioctl(c: KindCluster, version: string, deps: LifecycleDeps, clusterIsThere: boolean): Promise<void> {
  const client = parseIstioVersions((await deps.run(istioctlClientVersionArgv())).stdout);
  const mesh = clusterIsThere ? parseIstioVersions((await deps.run(istioVersionArgv(c.context))).stdout).mesh : [];
  const problem = parityProblem({ client: client.client, mesh }, version);
  if (problem) throw new ComponentError('istioctl', problem);
}

export async function clusterExists(c: KindCluster, deps: LifecycleDeps): Promise<boolean> {
  const r = await deps.run(kindGetClustersArgv());
  return r.exitCode === 0 && r.stdout.split('\n').some((l) => l.trim() === c.name);
}

export async function clusterUp(c: KindCluster, version: string, deps: LifecycleDeps): Promise<void> {
  const step = (n: number, what: string) => deps.progress(`[${n}/9] ${what}`);
  step(1, `istioctl ${version} and the control plane's version`);
  const existed = await clusterExists(c, deps);
  await checkIstioctl(c, version, deps, existed);

  step(2, 'registry container gameday-registry (pull-through cache of Docker Hub)');
  const reg = await deps.run(registryInspectArgv());
  if (reg.exitCode !== 0) await must(deps, 'docker', registryRunArgv());
  else if (reg.stdout.trim() !== 'true')
    throw new ComponentError(
      'docker',
      'container gameday-registry exists but is not running: docker start gameday-registry, or gameday cluster down',
    );

  step(3, `kind cluster ${c.name} from ${c.file}`);
  if (!existed) await must(deps, 'kind', kindCreateArgv(c));

  step(4, `registry on the ${KIND_NETWORK} network, containerd hosts.toml on ${c.nodes.length} nodes`);
  const conn = await deps.run(registryConnectArgv());
  if (conn.exitCode !== 0 && !/already exists/i.test(conn.stderr)) throw new ComponentError('docker', conn.stderr.trim());
  for (const node of c.nodes) {
    for (const file of hostsFiles()) {
      const { mkdir, write } = hostsFileArgv(node, file);
      await must(deps, 'docker', mkdir);
      await must(deps, 'docker', write, file.content);
    }
  }

  step(5, 'nodes Ready (kubectl wait)');
  await must(deps, 'kubectl', nodesReadyArgv(c));

  const rev = revisionFor(version);
  step(6, `Istio ${version} as revision ${rev}, tags ${ISTIO_TAGS.join(' and ')}`);
  await must(deps, 'istioctl', istioInstallArgv(c.context, version, join(deps.root, ISTIO_OVERLAY)));
  for (const tag of ISTIO_TAGS) await must(deps, 'istioctl', istioTagArgv(c.context, tag, rev));
  await must(deps, 'kubectl', rolloutStatusArgv(c, 'istio-system', `istiod-${rev}`));
  await must(deps, 'kubectl', rolloutStatusArgv(c, 'istio-system', 'istio-ingressgateway'));

  step(7, 'kube-state-metrics');
  await applyAndWatch(c, MANIFEST_DIRS.kubeStateMetrics, deps);

  step(8, "demo app (the simulator's default topology)");
  await applyAndWatch(c, MANIFEST_DIRS.demo, deps);

  step(9, `ready: context ${c.context}, ingress ${c.ingressUrl}`);
}

async function applyAndWatch(c: KindCluster, dir: string, deps: LifecycleDeps): Promise<void> {
  const files = manifestFiles(deps.root, dir);
  for (const f of files) await must(deps, 'kubectl', applyArgv(c, join(deps.root, f)));
  for (const d of deploymentsIn(deps.root, files)) await must(deps, 'kubectl', rolloutStatusArgv(c, d.namespace, d.name));
}

export async function clusterDown(c: KindCluster, deps: LifecycleDeps): Promise<void> {
  deps.progress(`[1/2] kind cluster ${c.name}`);
  if (await clusterExists(c, deps)) await must(deps, 'kind', kindDeleteArgv(c));
  deps.progress('[2/2] registry container gameday-registry');
  const reg = await deps.run(registryInspectArgv());
  if (reg.exitCode === 0) await must(deps, 'docker', registryRemoveArgv());
}

export interface ClusterStatus {
  cluster: string;
  exists: boolean;
  registry: 'running' | 'stopped' | 'absent';
  context: string;
  ingressUrl: string;
  istioctl: string | null;
  controlPlane: string[];
  nodes: string[];
}

export async function clusterStatus(c: KindCluster, deps: LifecycleDeps): Promise<ClusterStatus> {
  const exists = await clusterExists(c, deps);
  const reg = await deps.run(registryInspectArgv());
  const versions = parseIstioVersions(exists ? (await deps.run(istioVersionArgv(c.context))).stdout : '');
  return {
    cluster: c.name,
    exists,
    registry: reg.exitCode !== 0 ? 'absent' : reg.stdout.trim() === 'true' ? 'running' : 'stopped',
    context: c.context,
    ingressUrl: c.ingressUrl,
    istioctl: versions.client,
    controlPlane: versions.mesh,
    nodes: c.nodes,
  };
}
