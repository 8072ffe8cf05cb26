/**
 * The kube-state-metrics series a cluster's alert rules read (docs/kubernetes.md#kube-state-metrics
 * "kube-state-metrics"), one exposition for every pod and Deployment, with
 * the `namespace`/`pod`/`container`/`deployment` labels KSM v2 writes.
 * KSM's `uid` label is left out: nothing the rules do joins on it.
 */
import { Exposition, escapeLabelValue, formatValue, labelBody } from '../exposition.js';
import type { ContainerReading, DeploymentReading, PodReading, PodVersions } from '../model/readings.js';
import { FragmentCache, type Fragments } from './fragment-cache.js';
import { readInBatches } from './read-batch.js';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

/** The per-pod families, in the order they are written; each pod's lines are cached per family. */
const POD_FAMILIES: readonly [string, string][] = [
  ['kube_pod_info', 'Information about pod.'],
  ['kube_pod_status_phase', 'The pods current phase.'],
  ['kube_pod_status_ready', 'Describes whether the pod is ready to serve requests.'],
  ['kube_pod_container_info', 'Information about a container in a pod.'],
  ['kube_pod_container_status_restarts_total', 'The number of container restarts per container.'],
  ['kube_pod_container_status_running', 'Describes whether the container is currently in running state.'],
  ['kube_pod_container_status_ready', 'Describes whether the containers readiness check succeeded.'],
  ['kube_pod_container_status_waiting', 'Describes whether the container is currently in waiting state.'],
  ['kube_pod_container_status_waiting_reason', 'Describes the reason the container is currently in waiting state.'],
  ['kube_pod_container_status_last_terminated_reason', 'Describes the last reason the container was in terminated state.'],
  ['kube_pod_container_status_last_terminated_exitcode', 'Describes the exit code for the last container in terminated state.'],
  ['kube_pod_container_resource_limits', 'The number of requested limit resource by a container.'],
];

/** Everything a pod's lines show: equal signatures, equal lines. */
function signature(p: PodReading): string {
  let s = `${p.node}\u0000${p.deployment}\u0000${p.phase}\u0000${p.ready}`;
  for (const c of p.containers) {
    s += `\u0000${c.container}\u0000${c.image}\u0000${c.restarts}\u0000${c.running}\u0000${c.ready}\u0000${c.waitingReason}`;
    s += `\u0000${c.lastTerminatedReason}\u0000${c.lastTerminatedExitCode}\u0000${c.memoryLimitBytes}\u0000${c.cpuLimitMilli}`;
  }
  return s;
}

function line(name: string, labels: string, value: number): string {
  return `${name}{${labels}} ${formatValue(value)}\n`;
}

/**
 * One pod's lines, one string per entry of POD_FAMILIES. kube_pod_info,
 * kube_pod_container_info and the limits show the pod's node, owner, images
 * and limits, all fixed when it is created (a new template makes new pods):
 * with `statusOnly`, for a pod whose lines for them are already cached, those
 * three are not rendered and come back null.
 */
function renderPod(p: PodReading): string[];
function renderPod(p: PodReading, statusOnly: boolean): (string | null)[];
function renderPod(p: PodReading, statusOnly = false): (string | null)[] {
  const f: (string | null)[] = POD_FAMILIES.map(() => '');
  if (statusOnly) f[0] = f[3] = f[11] = null;
  else f[0] = line('kube_pod_info', labelBody({ namespace: p.namespace, pod: p.pod, node: p.node, created_by_kind: 'ReplicaSet', created_by_name: p.deployment }), 1);
  const base = labelBody({ namespace: p.namespace, pod: p.pod });
  for (const phase of PHASES) f[1] += line('kube_pod_status_phase', `${base},phase="${phase}"`, p.phase === phase ? 1 : 0);
  f[2] = line('kube_pod_status_ready', `${base},condition="true"`, p.ready ? 1 : 0) + line('kube_pod_status_ready', `${base},condition="false"`, p.ready ? 0 : 1);
  const node = `node="${escapeLabelValue(p.node)}"`;
  for (const c of p.containers) {
    const labels = labelBody({ namespace: p.namespace, pod: p.pod, container: c.container });
    if (f[3] !== null) f[3] += line('kube_pod_container_info', `${labels},image="${escapeLabelValue(c.image)}"`, 1);
    f[4] += line('kube_pod_container_status_restarts_total', labels, c.restarts);
    f[5] += line('kube_pod_container_status_running', labels, c.running ? 1 : 0);
    f[6] += line('kube_pod_container_status_ready', labels, c.ready ? 1 : 0);
    f[7] += line('kube_pod_container_status_waiting', labels, c.waitingReason ? 1 : 0);
    // KSM v2 writes a waiting/terminated reason series only for the reason the container has now.
    if (c.waitingReason) f[8] += line('kube_pod_container_status_waiting_reason', `${labels},reason="${c.waitingReason}"`, 1);
    if (c.lastTerminatedReason) f[9] += line('kube_pod_container_status_last_terminated_reason', `${labels},reason="${c.lastTerminatedReason}"`, 1);
    if (c.lastTerminatedExitCode !== null) f[10] += line('kube_pod_container_status_last_terminated_exitcode', labels, c.lastTerminatedExitCode);
    if (f[11] !== null) f[11] += limits(c, labels, node);
  }
  return f;
}

function limits(c: ContainerReading, labels: string, node: string): string {
  let out = '';
  if (c.memoryLimitBytes !== null) out += line('kube_pod_container_resource_limits', `${labels},${node},resource="memory",unit="byte"`, c.memoryLimitBytes);
  if (c.cpuLimitMilli !== null) out += line('kube_pod_container_resource_limits', `${labels},${node},resource="cpu",unit="core"`, c.cpuLimitMilli / 1000);
  return out;
}

/** A model that says which pods' status changed (SimModel does), so only those are read and rendered. */
export interface VersionedPods {
  podVersions(): PodVersions;
  podsByKey(keys: readonly string[]): PodReading[];
}

export class KubeStateMetrics {
  /** Per pod, what its lines show: a signature of its reading, or the status version they were rendered at. */
  private readonly pods = new FragmentCache<string | number>(POD_FAMILIES.length);

  /** From every pod's reading (in its order), each rendered again when its signature changed. */
  render(out: Exposition, pods: readonly PodReading[], deployments: readonly DeploymentReading[]): void {
    this.pods.begin();
    for (const p of pods) this.pods.add(`${p.namespace}/${p.pod}`, signature(p), () => renderPod(p));
    this.finish(out, deployments);
  }

  /** From a model's status versions (in its order): only pods whose version moved are read and rendered. */
  renderVersioned(out: Exposition, model: VersionedPods, deployments: readonly DeploymentReading[]): void {
    const { keys, versions } = model.podVersions();
    this.pods.begin();
    const stale: Fragments<string | number>[] = [];
    // Pods seen before: only their status moved, so the families fixed at creation keep their lines.
    const seen: boolean[] = [];
    for (let i = 0; i < keys.length; i++) {
      const f = this.pods.visit(keys[i]!);
      if (f.memo !== versions[i]) {
        seen.push(f.memo !== undefined);
        f.memo = versions[i];
        stale.push(f);
      }
    }
    // A churning mesh of 10,000 pods has thousands changed: read a batch at a time (read-batch.ts).
    readInBatches(
      stale,
      (keys) => model.podsByKey(keys),
      (p, f, i) =>
        renderPod(p, seen[i]!).forEach((text, fam) => {
          if (text !== null) this.pods.set(f, fam, text);
        }),
    );
    this.finish(out, deployments);
  }

  private finish(out: Exposition, deployments: readonly DeploymentReading[]): void {
    this.pods.end();
    POD_FAMILIES.forEach(([name, help], f) => {
      out.family(name, name.endsWith('_total') ? 'counter' : 'gauge', help);
      this.pods.write(out, f);
    });
    renderDeployments(out, deployments);
  }
}

function renderDeployments(out: Exposition, deployments: readonly DeploymentReading[]): void {
  const deploymentGauges: [string, string, (d: DeploymentReading) => number][] = [
    ['kube_deployment_spec_replicas', 'Number of desired pods for a deployment.', (d) => d.specReplicas],
    ['kube_deployment_status_replicas', 'The number of replicas per deployment.', (d) => d.replicas],
    ['kube_deployment_status_replicas_available', 'The number of available replicas per deployment.', (d) => d.availableReplicas],
    [
      'kube_deployment_status_replicas_unavailable',
      'The number of unavailable replicas per deployment.',
      (d) => Math.max(0, d.specReplicas - d.availableReplicas),
    ],
    ['kube_deployment_status_replicas_ready', 'The number of ready replicas per deployment.', (d) => d.readyReplicas],
    ['kube_deployment_status_replicas_updated', 'The number of updated replicas per deployment.', (d) => d.updatedReplicas],
  ];
  const deploymentLabels = deployments.map((d) => labelBody({ namespace: d.namespace, deployment: d.deployment }));
  for (const [name, help, value] of deploymentGauges) {
    out.family(name, 'gauge', help);
    deployments.forEach((d, i) => out.sample(name, deploymentLabels[i] ?? '', value(d)));
  }
}
