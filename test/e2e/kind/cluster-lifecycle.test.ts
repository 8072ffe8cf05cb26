/**
 * `gameday cluster up|down|status` on a machine without Docker: docker,
 * kind, istioctl and kubectl are stand-ins on PATH that record their argv
 * (fake-tool.mjs), so this checks the exact commands, their order, the
 * files written onto the nodes, and the refusals — not a running cluster.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../src/project-root.js';
import { runCli } from '../../unit/cli/run-cli.js';

interface Call {
  tool: string;
  args: string[];
  stdin?: string;
}

const ROOT = projectRoot();
const CTX = 'kind-gameday';

describe('gameday cluster (kind) with recording stand-ins for docker, kind, istioctl, kubectl', function () {
  this.timeout(120_000);
  let dir: string;
  let bin: string;
  const saved = {
    PATH: process.env.PATH,
    FAKE_LOG: process.env.FAKE_LOG,
    FAKE_STATE: process.env.FAKE_STATE,
    V: process.env.FAKE_ISTIOCTL_VERSION,
    M: process.env.FAKE_MESH_VERSION,
  };

  const install = (...tools: string[]) => {
    for (const t of tools) {
      const file = join(bin, t);
      writeFileSync(file, `#!${process.execPath}\n` + readFileSync(new URL('./fake-tool.mjs', import.meta.url), 'utf8'));
      chmodSync(file, 0o755);
    }
  };
  const calls = (): Call[] =>
    readFileSync(process.env.FAKE_LOG!, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call)
      // Tool discovery asks each tool its version; the lifecycle's own commands are what matter.
      .filter((c) => !(c.args[0] === '--version' || (c.args[0] === 'version' && !c.args.includes('json'))));
  const line = (c: Call) => [c.tool, ...c.args].join(' ');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-kind-'));
    bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    process.env.PATH = bin;
    process.env.FAKE_LOG = join(dir, 'calls.jsonl');
    process.env.FAKE_STATE = join(dir, 'state.json');
    process.env.FAKE_ISTIOCTL_VERSION = '1.28.0';
    writeFileSync(process.env.FAKE_LOG, '');
  });
  afterEach(() => {
    for (const [k, v] of Object.entries({
      PATH: saved.PATH,
      FAKE_LOG: saved.FAKE_LOG,
      FAKE_STATE: saved.FAKE_STATE,
      FAKE_ISTIOCTL_VERSION: saved.V,
      FAKE_MESH_VERSION: saved.M,
    })) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses with exit 3 and the install hint when Docker is missing, running nothing', async () => {
    install('kind', 'istioctl', 'kubectl');
    const r = await runCli('cluster', 'up');
    expect(r.code).to.equal(3);
    expect(r.err).to.match(/docker not found: .*docker/i);
    expect(calls()).to.deep.equal([]);
  });

  it('refuses with exit 3 when istioctl is not the pinned version, before creating anything', async () => {
    install('docker', 'kind', 'istioctl', 'kubectl');
    process.env.FAKE_ISTIOCTL_VERSION = '1.27.3';
    const r = await runCli('cluster', 'up');
    expect(r.code).to.equal(3);
    expect(r.err).to.include('istioctl is 1.27.3, the cluster is installed at 1.28.0: install istioctl 1.28.0');
    expect(calls().map(line)).to.deep.equal(['kind get clusters', 'istioctl version --remote=false -o json']);
  });

  it('refuses with exit 3 when the running control plane is another version than istioctl', async () => {
    install('docker', 'kind', 'istioctl', 'kubectl');
    writeFileSync(process.env.FAKE_STATE!, JSON.stringify({ clusters: ['gameday'], registry: 'running', istio: '1.27.3' }));
    const r = await runCli('cluster', 'up');
    expect(r.code).to.equal(3);
    expect(r.err).to.include('istioctl is 1.28.0 but the control plane runs 1.27.3');
    expect(calls().map(line)).to.deep.equal([
      'kind get clusters',
      'istioctl version --remote=false -o json',
      `istioctl version -o json --context ${CTX}`,
    ]);
  });

  it('up: registry, kind, mirror config on every node, Istio by revision with both tags, kube-state-metrics, the demo app — each wait a watch', async () => {
    install('docker', 'kind', 'istioctl', 'kubectl');
    const r = await runCli('cluster', 'up');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal(`context ${CTX}\ningress http://127.0.0.1:30080\n`);
    // One progress line per step.
    expect(r.err.split('\n').filter((l) => /^cluster up: \[\d\/9\]/.test(l))).to.have.length(9);

    const all = calls();
    const lines = all.map(line);
    const nodes = ['gameday-control-plane', 'gameday-worker', 'gameday-worker2'];
    const expected = [
      'kind get clusters',
      'istioctl version --remote=false -o json',
      'docker inspect -f {{.State.Running}} gameday-registry',
      'docker run -d --restart=always --name gameday-registry -p 127.0.0.1:5001:5000 -e REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io registry:2',
      `kind create cluster --name gameday --config ${join(ROOT, 'kind-config.yaml')}`,
      'docker network connect kind gameday-registry',
      ...nodes.flatMap((n) => [
        `docker exec ${n} mkdir -p /etc/containerd/certs.d/docker.io`,
        `docker exec -i ${n} cp /dev/stdin /etc/containerd/certs.d/docker.io/hosts.toml`,
        `docker exec ${n} mkdir -p /etc/containerd/certs.d/gameday-registry:5000`,
        `docker exec -i ${n} cp /dev/stdin /etc/containerd/certs.d/gameday-registry:5000/hosts.toml`,
      ]),
      `kubectl --context ${CTX} wait --for=condition=Ready nodes --all --timeout=600s`,
      `istioctl install -y --context ${CTX} -f ${join(ROOT, 'manifests/istio/install.yaml')} --set revision=1-28-0 --set hub=gameday-registry:5000/istio --set tag=1.28.0`,
      `istioctl tag set stable --revision 1-28-0 --overwrite -y --context ${CTX}`,
      `istioctl tag set default --revision 1-28-0 --overwrite -y --context ${CTX}`,
      `kubectl --context ${CTX} -n istio-system rollout status deployment/istiod-1-28-0 --timeout=600s`,
      `kubectl --context ${CTX} -n istio-system rollout status deployment/istio-ingressgateway --timeout=600s`,
    ];
    expect(lines.slice(0, expected.length)).to.deep.equal(expected);

    const rest = lines.slice(expected.length);
    const apply = (f: string) => `kubectl --context ${CTX} apply --server-side --field-manager=gameday -f ${join(ROOT, f)}`;
    const rollout = (ns: string, d: string) => `kubectl --context ${CTX} -n ${ns} rollout status deployment/${d} --timeout=600s`;
    const demo = ['00-namespaces', '10-orders', '10-payments', '10-staging', '10-users', '20-ingress'].map((f) =>
      apply(`manifests/demo/${f}.yaml`),
    );
    expect(rest).to.deep.equal([
      apply('manifests/kube-state-metrics/00-rbac.yaml'),
      apply('manifests/kube-state-metrics/10-deployment.yaml'),
      rollout('kube-system', 'kube-state-metrics'),
      ...demo,
      rollout('orders', 'orders-api'),
      rollout('payments', 'payments-api'),
      rollout('staging', 'frontend'),
      rollout('staging', 'profile'),
      rollout('staging', 'orders-api'),
      rollout('staging', 'payments-api'),
      rollout('users', 'frontend'),
      rollout('users', 'profile'),
    ]);

    // The files written onto the nodes: Docker Hub through the cache with a fallback, the registry's own names without one.
    const written = all.filter((c) => c.stdin !== undefined);
    expect(written).to.have.length(6);
    expect(written[0]!.stdin).to.equal(
      'server = "https://registry-1.docker.io"\n\n[host."http://gameday-registry:5000"]\n  capabilities = ["pull", "resolve"]\n',
    );
    expect(written[1]!.stdin).to.equal(
      'server = "http://gameday-registry:5000"\n\n[host."http://gameday-registry:5000"]\n  capabilities = ["pull", "resolve"]\n',
    );

    // A second `up` keeps what exists: no second registry or cluster.
    writeFileSync(process.env.FAKE_LOG!, '');
    expect((await runCli('cluster', 'up')).code).to.equal(0);
    const again = calls().map(line);
    expect(again.filter((l) => l.startsWith('docker run') || l.startsWith('kind create'))).to.deep.equal([]);
    expect(again).to.include('istioctl version -o json --context kind-gameday');

    const status = await runCli('cluster', 'status', '--json');
    expect(status.code).to.equal(0);
    expect(JSON.parse(status.out)).to.deep.include({
      cluster: 'gameday',
      exists: true,
      registry: 'running',
      istioctl: '1.28.0',
      controlPlane: ['1.28.0'],
    });

    writeFileSync(process.env.FAKE_LOG!, '');
    expect((await runCli('cluster', 'down')).code).to.equal(0);
    expect(calls().map(line)).to.deep.equal([
      'kind get clusters',
      'kind delete cluster --name gameday',
      'docker inspect -f {{.State.Running}} gameday-registry',
      'docker rm -f gameday-registry',
    ]);
  });

  it('refuses a kind config without the ingress mapping as bad input, with file:line, running nothing', async () => {
    install('docker', 'kind', 'istioctl', 'kubectl');
    const cfg = join(dir, 'kind.yaml');
    writeFileSync(cfg, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: x\nnodes:\n  - role: control-plane\n');
    const r = await runCli('cluster', 'up', '--config', cfg);
    expect(r.code).to.equal(2);
    expect(r.err).to.include(`${cfg}:5:3: no extraPortMappings entry with containerPort 30080`);
    writeFileSync(cfg, 'kind: Pod\n');
    expect((await runCli('cluster', 'up', '--config', cfg)).err).to.include(`${cfg}:1:7: not a kind Cluster config`);
    expect(calls()).to.deep.equal([]);
  });

  it('reads a different kind config: its name, node names and ingress mapping', async () => {
    install('docker', 'kind', 'istioctl', 'kubectl');
    const cfg = join(dir, 'kind.yaml');
    copyFileSync(join(ROOT, 'kind-config.yaml'), cfg);
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('name: gameday', 'name: nightly').replace('hostPort: 30080', 'hostPort: 31080'));
    const r = await runCli('cluster', 'status', '--config', cfg, '--json');
    expect(r.code, r.err).to.equal(0);
    expect(JSON.parse(r.out)).to.deep.include({
      cluster: 'nightly',
      exists: false,
      registry: 'absent',
      context: 'kind-nightly',
      ingressUrl: 'http://127.0.0.1:31080',
      nodes: ['nightly-control-plane', 'nightly-worker', 'nightly-worker2'],
    });
  });
});
