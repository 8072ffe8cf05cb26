/**
 * The files a testbed control plane starts from: where the built programs
 * are (scripts/testbed/build.sh puts them under .tools/testbed/, keyed by the
 * versions in scripts/testbed/versions.sh), the service-account key pair, the
 * static token file and the kubeconfig. The token is the only credential; it
 * lives in the testbed's own 0600 files and nowhere else.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../src/project-root.js';

export interface TestbedTools {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  /** Upstream kwok stages, then the project's own (scripts/testbed/stages/). */
  stages: string[];
  istioctl: string;
  istioCrds: string;
}

export function testbedVersions(): Record<'K8S_VERSION' | 'KWOK_VERSION' | 'ISTIO_VERSION', string> {
  const text = readFileSync(join(projectRoot(), 'scripts', 'testbed', 'versions.sh'), 'utf8');
  const get = (k: string): string => {
    const m = new RegExp(`^${k}=(\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`scripts/testbed/versions.sh: no ${k}=`);
    return m[1]!;
  };
  return { K8S_VERSION: get('K8S_VERSION'), KWOK_VERSION: get('KWOK_VERSION'), ISTIO_VERSION: get('ISTIO_VERSION') };
}

/** The built programs; a clear error naming the build script when they are not there. */
export function testbedTools(): TestbedTools {
  const root = projectRoot();
  const cache = process.env.GAMEDAY_TESTBED_TOOLS ?? join(root, '.tools', 'testbed');
  const v = testbedVersions();
  const k8s = join(cache, `k8s-${v.K8S_VERSION}`);
  const kwok = join(cache, `kwok-${v.KWOK_VERSION}`);
  const istio = join(cache, `istio-${v.ISTIO_VERSION}`);
  for (const d of [k8s, kwok, istio]) {
    if (!existsSync(join(d, '.built'))) throw new Error(`${d} is not built: run scripts/testbed/build.sh (scripts/setup does)`);
  }
  const own = join(root, 'scripts', 'testbed', 'stages');
  const files = (dir: string): string[] =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  return {
    etcd: process.env.GAMEDAY_ETCD ?? 'etcd',
    kubeApiserver: join(k8s, 'bin', 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'bin', 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'bin', 'kube-scheduler'),
    kwok: join(kwok, 'bin', 'kwok'),
    stages: [...files(join(kwok, 'stages')), ...files(own)],
    istioctl: join(istio, 'bin', 'istioctl'),
    istioCrds: join(istio, 'crd-all.gen.yaml'),
  };
}

export interface TestbedFiles {
  tokenFile: string;
  saKey: string;
  saPub: string;
  kubeconfig: string;
  /** The same credentials with a current-context: for the control-plane components, which take no --context. */
  componentKubeconfig: string;
  token: string;
}

/** Writes the key pair, the token file and the kubeconfig for a control plane at `server`. */
export function writeTestbedFiles(dir: string, server: string, context: string): TestbedFiles {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  writeFileSync(saKey, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o600 });
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},gameday-admin,gameday-admin,"system:masters"\n`, { mode: 0o600 });
  const config = (current: string): string =>
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: context, cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'gameday-admin', user: { token } }],
      contexts: [{ name: context, context: { cluster: context, user: 'gameday-admin' } }],
      'current-context': current,
      preferences: {},
    });
  const kubeconfig = join(dir, 'kubeconfig');
  // Deliberately no current-context in the one the tests use: the harness must be told which context to use.
  writeFileSync(kubeconfig, config(''), { mode: 0o600 });
  const componentKubeconfig = join(dir, 'components.kubeconfig');
  writeFileSync(componentKubeconfig, config(context), { mode: 0o600 });
  return { tokenFile, saKey, saPub, kubeconfig, componentKubeconfig, token };
}
