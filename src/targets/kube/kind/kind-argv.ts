/** kind and kubectl commands of the cluster lifecycle, as argv for zx. */
import type { KindCluster } from './kind-config.js';

const WAIT = '--timeout=600s';

export function kindCreateArgv(c: KindCluster): string[] {
  // No `--wait`: readiness is watched with `kubectl wait` right after, with a progress line.
  return ['kind', 'create', 'cluster', '--name', c.name, '--config', c.file];
}

export function kindDeleteArgv(c: KindCluster): string[] {
  return ['kind', 'delete', 'cluster', '--name', c.name];
}

export function kindGetClustersArgv(): string[] {
  return ['kind', 'get', 'clusters'];
}

export function kubectlArgv(c: KindCluster, ...args: string[]): string[] {
  return ['kubectl', '--context', c.context, ...args];
}

/** Watches until every node reports Ready. */
export function nodesReadyArgv(c: KindCluster): string[] {
  return kubectlArgv(c, 'wait', '--for=condition=Ready', 'nodes', '--all', WAIT);
}

export function applyArgv(c: KindCluster, path: string): string[] {
  // Server-side apply: the API server merges and validates, the same as the dry-run test checks.
  return kubectlArgv(c, 'apply', '--server-side', '--field-manager=gameday', '-f', path);
}

/** Watches a Deployment's rollout to completion. */
export function rolloutStatusArgv(c: KindCluster, namespace: string, deployment: string): string[] {
  return kubectlArgv(c, '-n', namespace, 'rollout', 'status', `deployment/${deployment}`, WAIT);
}
