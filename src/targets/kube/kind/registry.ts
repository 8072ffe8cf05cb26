/**
 * The local registry container every kind node pulls through, and the
 * node-level faults on it. It runs `registry:2` as a pull-through cache of
 * Docker Hub (`REGISTRY_PROXY_REMOTEURL`), joined to kind's `kind` network;
 * each node gets containerd hosts.toml files (containerd docs/hosts.md):
 * `docker.io` pulls try the registry first and fall back to Docker Hub, while
 * `gameday-registry:5000/…` (where Istio is installed from) has no fallback,
 * so when the registry is unreachable an evicted Istio image cannot come back.
 *
 * Faults, as argv for zx:
 * - unreachable: `docker network disconnect kind gameday-registry` — the
 *   name stops resolving on the nodes, pulls fail at once (ErrImagePull →
 *   ImagePullBackOff), like a registry outage; `docker network connect` undoes it.
 * - slow: `docker pause gameday-registry` — connections are accepted by
 *   nobody and hang, so a pull stalls until the kubelet gives up, like an
 *   overloaded registry; `docker unpause` undoes it. Chosen over `tc netem`,
 *   which needs NET_ADMIN and an image with iproute2 (registry:2 has none).
 */
import { REGISTRY_NAME, REGISTRY_PORT } from './kind-config.js';

export const KIND_NETWORK = 'kind';
export const REGISTRY_IMAGE = 'registry:2';
/** Loopback port the registry is also published on, for pushing images from this machine. */
export const REGISTRY_HOST_PORT = 5001;
export const REGISTRY_HOST = `${REGISTRY_NAME}:${REGISTRY_PORT}`;
export const CERTS_DIR = '/etc/containerd/certs.d';

export function registryRunArgv(): string[] {
  return [
    'docker',
    'run',
    '-d',
    '--restart=always',
    '--name',
    REGISTRY_NAME,
    '-p',
    `127.0.0.1:${REGISTRY_HOST_PORT}:${REGISTRY_PORT}`,
    '-e',
    'REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io',
    REGISTRY_IMAGE,
  ];
}

/** Prints `true` when the container runs; fails when there is none. */
export function registryInspectArgv(): string[] {
  return ['docker', 'inspect', '-f', '{{.State.Running}}', REGISTRY_NAME];
}

export function registryRemoveArgv(): string[] {
  return ['docker', 'rm', '-f', REGISTRY_NAME];
}

export function registryConnectArgv(): string[] {
  return ['docker', 'network', 'connect', KIND_NETWORK, REGISTRY_NAME];
}

export function registryDisconnectArgv(): string[] {
  return ['docker', 'network', 'disconnect', KIND_NETWORK, REGISTRY_NAME];
}

export function registryPauseArgv(): string[] {
  return ['docker', 'pause', REGISTRY_NAME];
}

export function registryUnpauseArgv(): string[] {
  return ['docker', 'unpause', REGISTRY_NAME];
}

export interface HostsFile {
  /** Registry host the file configures, e.g. `docker.io`. */
  host: string;
  content: string;
}

/** The hosts.toml files each node gets. */
export function hostsFiles(): HostsFile[] {
  const mirror = `[host."http://${REGISTRY_HOST}"]\n  capabilities = ["pull", "resolve"]\n`;
  return [
    // Docker Hub images: the cache first, Docker Hub itself when the cache fails.
    { host: 'docker.io', content: `server = "https://registry-1.docker.io"\n\n${mirror}` },
    // Images named after the registry itself: only the registry, over plain HTTP.
    { host: REGISTRY_HOST, content: `server = "http://${REGISTRY_HOST}"\n\n${mirror}` },
  ];
}

/** Two commands per file: make its directory, then write it from stdin (no shell in the node). */
export function hostsFileArgv(node: string, file: HostsFile): { mkdir: string[]; write: string[] } {
  const dir = `${CERTS_DIR}/${file.host}`;
  return {
    mkdir: ['docker', 'exec', node, 'mkdir', '-p', dir],
    write: ['docker', 'exec', '-i', node, 'cp', '/dev/stdin', `${dir}/hosts.toml`],
  };
}
