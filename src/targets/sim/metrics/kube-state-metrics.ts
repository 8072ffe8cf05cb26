/**
 * The kube-state-metrics series a cluster's alert rules read (docs/kubernetes.md#kube-state-metrics
 * "kube-state-metrics"), one exposition for every pod and Deployment, with
 * the `namespace`/`pod`/`container`/`deployment` labels KSM v2 writes.
 * KSM's `uid` label is left out: nothing the rules do joins on it.
 */
import { Exposition, escapeLabelValue, labelBody } from '../exposition.js';
import type { ContainerReading, DeploymentReading, PodReading } from '../model/readings.js';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

interface ContainerRow {
  pod: PodReading;
  c: ContainerReading;
  labels: string;
}

function containerRows(pods: readonly PodReading[]): ContainerRow[] {
  const rows: ContainerRow[] = [];
  for (const pod of pods) {
    for (const c of pod.containers)
      rows.push({ pod, c, labels: labelBody({ namespace: pod.namespace, pod: pod.pod, container: c.container }) });
  }
  return rows;
}

export function renderKubeState(out: Exposition, pods: readonly PodReading[], deployments: readonly DeploymentReading[]): void {
  const rows = containerRows(pods);

  out.family('kube_pod_info', 'gauge', 'Information about pod.');
  for (const p of pods) {
    out.sample(
      'kube_pod_info',
      labelBody({ namespace: p.namespace, pod: p.pod, node: p.node, created_by_kind: 'ReplicaSet', created_by_name: p.deployment }),
      1,
    );
  }
  out.family('kube_pod_status_phase', 'gauge', 'The pods current phase.');
  for (const p of pods) {
    const base = labelBody({ namespace: p.namespace, pod: p.pod });
    for (const phase of PHASES) out.sample('kube_pod_status_phase', `${base},phase="${phase}"`, p.phase === phase ? 1 : 0);
  }
  out.family('kube_pod_status_ready', 'gauge', 'Describes whether the pod is ready to serve requests.');
  for (const p of pods) {
    const base = labelBody({ namespace: p.namespace, pod: p.pod });
    out.sample('kube_pod_status_ready', `${base},condition="true"`, p.ready ? 1 : 0);
    out.sample('kube_pod_status_ready', `${base},condition="false"`, p.ready ? 0 : 1);
  }

  out.family('kube_pod_container_info', 'gauge', 'Information about a container in a pod.');
  for (const r of rows) out.sample('kube_pod_container_info', `${r.labels},image="${escapeLabelValue(r.c.image)}"`, 1);
  out.family('kube_pod_container_status_restarts_total', 'counter', 'The number of container restarts per container.');
  for (const r of rows) out.sample('kube_pod_container_status_restarts_total', r.labels, r.c.restarts);
  out.family('kube_pod_container_status_running', 'gauge', 'Describes whether the container is currently in running state.');
  for (const r of rows) out.sample('kube_pod_container_status_running', r.labels, r.c.running ? 1 : 0);
  out.family('kube_pod_container_status_ready', 'gauge', 'Describes whether the containers readiness check succeeded.');
  for (const r of rows) out.sample('kube_pod_container_status_ready', r.labels, r.c.ready ? 1 : 0);
  out.family('kube_pod_container_status_waiting', 'gauge', 'Describes whether the container is currently in waiting state.');
  for (const r of rows) out.sample('kube_pod_container_status_waiting', r.labels, r.c.waitingReason ? 1 : 0);
  // KSM v2 writes a waiting/terminated reason series only for the reason the container has now.
  out.family('kube_pod_container_status_waiting_reason', 'gauge', 'Describes the reason the container is currently in waiting state.');
  for (const r of rows)
    if (r.c.waitingReason) out.sample('kube_pod_container_status_waiting_reason', `${r.labels},reason="${r.c.waitingReason}"`, 1);
  out.family(
    'kube_pod_container_status_last_terminated_reason',
    'gauge',
    'Describes the last reason the container was in terminated state.',
  );
  for (const r of rows) {
    if (r.c.lastTerminatedReason)
      out.sample('kube_pod_container_status_last_terminated_reason', `${r.labels},reason="${r.c.lastTerminatedReason}"`, 1);
  }
  out.family(
    'kube_pod_container_status_last_terminated_exitcode',
    'gauge',
    'Describes the exit code for the last container in terminated state.',
  );
  for (const r of rows) {
    if (r.c.lastTerminatedExitCode !== null)
      out.sample('kube_pod_container_status_last_terminated_exitcode', r.labels, r.c.lastTerminatedExitCode);
  }
  out.family('kube_pod_container_resource_limits', 'gauge', 'The number of requested limit resource by a container.');
  for (const r of rows) {
    const node = `node="${escapeLabelValue(r.pod.node)}"`;
    if (r.c.memoryLimitBytes !== null)
      out.sample('kube_pod_container_resource_limits', `${r.labels},${node},resource="memory",unit="byte"`, r.c.memoryLimitBytes);
    if (r.c.cpuLimitMilli !== null)
      out.sample('kube_pod_container_resource_limits', `${r.labels},${node},resource="cpu",unit="core"`, r.c.cpuLimitMilli / 1000);
  }

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
