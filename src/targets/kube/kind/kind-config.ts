/**
 * What the harness reads from `kind-config.yaml` (kind's `Cluster` config,
 * https://kind.sigs.k8s.io/docs/user/configuration/): the cluster name, the
 * node container names kind derives from it, the loopback port the ingress
 * gateway's NodePort is published on, and the registry the nodes pull
 * through. One file is the single source for `kind create` and for the runner.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { UsageError } from '../../../errors.js';

/** The ingress gateway's http2 NodePort (manifests/istio/install.yaml publishes it). */
export const INGRESS_NODE_PORT = 30080;
/** The registry container's name and port, as the containerd mirror patch names them. */
export const REGISTRY_NAME = 'gameday-registry';
export const REGISTRY_PORT = 5000;

export interface KindCluster {
  file: string;
  name: string;
  /** Node container names, as kind names them: `<name>-control-plane`, `<name>-worker`, `<name>-worker2`, … */
  nodes: string[];
  /** `http://127.0.0.1:<hostPort>` of the ingress NodePort mapping. */
  ingressUrl: string;
  /** `kind-<name>`: the context kind writes into the kubeconfig. */
  context: string;
}

interface RawNode {
  role?: string;
  extraPortMappings?: { containerPort?: number; hostPort?: number; listenAddress?: string }[];
}

export function readKindConfig(file: string): KindCluster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: no such kind config`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (key: string): string => {
    const node = doc.get(key, true);
    const pos = lines.linePos(isNode(node) && node.range ? node.range[0] : 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UsageError(`${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const raw = doc.toJS() as { kind?: string; name?: string; nodes?: RawNode[] } | null;
  if (raw?.kind !== 'Cluster')
    throw new UsageError(`${raw?.kind === undefined ? `${file}:1:1` : at('kind')}: not a kind Cluster config (kind: Cluster)`);
  const name = raw.name ?? 'kind';
  const nodes = raw.nodes ?? [{ role: 'control-plane' }];
  const names: string[] = [];
  const count: Record<string, number> = {};
  for (const n of nodes) {
    const role = n.role ?? 'control-plane';
    const i = (count[role] = (count[role] ?? 0) + 1);
    // kind numbers the second and later nodes of a role: gameday-worker, gameday-worker2, …
    names.push(`${name}-${role}${i > 1 ? i : ''}`);
  }
  const mapping = nodes.flatMap((n) => n.extraPortMappings ?? []).find((m) => m.containerPort === INGRESS_NODE_PORT);
  if (!mapping?.hostPort)
    throw new UsageError(
      `${at('nodes')}: no extraPortMappings entry with containerPort ${INGRESS_NODE_PORT} (the ingress gateway's NodePort) on any node`,
    );
  const host = mapping.listenAddress && mapping.listenAddress !== '0.0.0.0' ? mapping.listenAddress : '127.0.0.1';
  return { file, name, nodes: names, ingressUrl: `http://${host}:${mapping.hostPort}`, context: `kind-${name}` };
}
