/**
 * A cluster's scrape config: credentials from a kubeconfig context written
 * 0600 and never into the config itself, the job names the rule pack and the
 * simulator use, pod-proxy paths, and the real `promtool check config`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { writeKubeApiAccess } from '../../../src/observe/kube-api-access.js';
import type { KubeScrapeConfig } from '../../../src/observe/kube-scrape-config.js';
import { KUBE_JOBS, apiServerAddress, kubeTargetGroups } from '../../../src/observe/kube-targets.js';
import { renderPrometheusConfig } from '../../../src/observe/prometheus-config.js';
import { runPromtool } from '../../../src/observe/promtool.js';
import { requireTool } from '../../../src/observe/tools.js';
import { SCRAPE_JOBS } from '../../../src/targets/sim/metrics/scrape-jobs.js';

const TOKEN = 'sekret-token-0123456789abcdef';

function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-days', '1', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('scraping a cluster through its API server', function () {
  this.timeout(60_000);
  let dir: string;
  let kubeconfig: string;
  let ca: { cert: string; key: string };
  let client: { cert: string; key: string };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-kube-scrape-'));
    ca = selfSigned(dir, 'ca');
    client = selfSigned(dir, 'client');
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'other',
        clusters: [
          { name: 'c1', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(ca.cert) } },
          { name: 'c2', cluster: { server: 'https://10.0.0.1:443/k8s/clusters/c-abc/' } },
        ],
        users: [
          { name: 'token-user', user: { token: TOKEN } },
          { name: 'cert-user', user: { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) } },
        ],
        contexts: [
          { name: 'gameday', context: { cluster: 'c1', user: 'token-user' } },
          { name: 'certs', context: { cluster: 'c1', user: 'cert-user' } },
          { name: 'other', context: { cluster: 'c2', user: 'token-user' } },
        ],
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the named context’s CA and token 0600 in a 0700 directory, not the current context’s', async () => {
    const creds = join(dir, 'run1', 'kube-credentials');
    const access = await writeKubeApiAccess({ kubeconfigPath: kubeconfig, context: 'gameday' }, creds);
    expect(access.server).to.equal('https://127.0.0.1:6443');
    expect(readFileSync(access.caFile!, 'utf8')).to.equal(ca.cert);
    expect(readFileSync(access.tokenFile!, 'utf8')).to.equal(TOKEN);
    expect(access.certFile).to.equal(undefined);
    expect(statSync(creds).mode & 0o777).to.equal(0o700);
    for (const f of readdirSync(creds)) expect(statSync(join(creds, f)).mode & 0o777, f).to.equal(0o600);
  });

  it('writes client certificates for a certificate user, and refuses a context that is not there', async () => {
    const access = await writeKubeApiAccess({ kubeconfigPath: kubeconfig, context: 'certs' }, join(dir, 'run2'));
    expect(readFileSync(access.certFile!, 'utf8')).to.equal(client.cert);
    expect(readFileSync(access.keyFile!, 'utf8')).to.equal(client.key);
    expect(access.tokenFile).to.equal(undefined);
    let err: unknown;
    await writeKubeApiAccess({ kubeconfigPath: kubeconfig, context: 'nope' }, join(dir, 'run3')).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/no context named "nope"/);
  });

  it('names the jobs as the simulator does, scrapes over HTTPS with the token file, and passes promtool check config', async () => {
    const access = await writeKubeApiAccess({ kubeconfigPath: kubeconfig, context: 'gameday' }, join(dir, 'run4', 'kube-credentials'));
    const yaml = renderPrometheusConfig({
      scrape: { kind: 'kubernetes', kubeconfigPath: kubeconfig, context: 'gameday' },
      ruleFiles: ['rules/istio-baseline.rules.yaml'],
      scrapeIntervalMs: 5000,
      evaluationIntervalMs: 5000,
      kube: { access, observer: 'http://127.0.0.1:9911' },
    });
    // The secret itself never lands in the config, only the path of its file.
    expect(yaml).not.to.include(TOKEN);
    expect(yaml).not.to.include(b64(ca.cert).slice(0, 40));
    const jobs = (parse(yaml) as { scrape_configs: KubeScrapeConfig[] }).scrape_configs;
    expect(jobs.map((j) => j.job_name).sort()).to.deep.equal([...SCRAPE_JOBS].sort());
    const istiod = jobs.find((j) => j.job_name === KUBE_JOBS.istiod)!;
    expect(istiod).to.deep.include({
      scheme: 'https',
      honor_labels: true,
      authorization: { type: 'Bearer', credentials_file: access.tokenFile },
    });
    expect(istiod.tls_config).to.deep.equal({ ca_file: access.caFile, insecure_skip_verify: false });
    expect(istiod.http_sd_configs).to.deep.equal([{ url: 'http://127.0.0.1:9911/sd/istiod', refresh_interval: '5s' }]);
    expect(jobs.find((j) => j.job_name === KUBE_JOBS.exporter)).to.deep.equal({
      job_name: 'gameday-exporter',
      honor_labels: true,
      scheme: 'http',
      static_configs: [{ targets: ['127.0.0.1:9911'] }],
    });

    const file = join(dir, 'run4', 'prometheus.yml');
    writeFileSync(file, yaml);
    const promtool = await requireTool('promtool');
    const res = await runPromtool(promtool.path, ['check', 'config', file]);
    expect(res.ok, res.output).to.equal(true);
  });
});

describe('a cluster’s scrape targets', () => {
  const pod = (namespace: string, name: string, containers: string[], labels: Record<string, string> = {}, phase = 'Running') => ({
    metadata: { namespace, name, labels },
    spec: { containers: containers.map((c) => ({ name: c })) },
    status: { phase },
  });
  const pods = [
    pod('istio-system', 'istiod-1-31-abc', ['discovery'], { app: 'istiod', istio: 'pilot', 'istio.io/rev': '1-31' }),
    pod('istio-system', 'istiod-old-xyz', ['discovery'], { app: 'istiod' }, 'Failed'),
    pod('istio-system', 'istio-ingressgateway-1', ['istio-proxy'], { app: 'istio-ingressgateway' }),
    pod('users', 'frontend-1', ['app', 'istio-proxy'], { app: 'frontend' }),
    pod('users', 'plain-1', ['app'], { app: 'plain' }),
    pod('kube-system', 'kube-state-metrics-1', ['kube-state-metrics'], { 'app.kubernetes.io/name': 'kube-state-metrics' }),
  ];
  const api = apiServerAddress('https://10.0.0.1/k8s/clusters/c-abc/');

  it('reaches istiod on 15014 through the pod proxy (path prefix kept), labelled as the simulator labels it', () => {
    expect(api).to.deep.equal({ host: '10.0.0.1:443', prefix: '/k8s/clusters/c-abc' });
    expect(kubeTargetGroups('istiod', api, pods, [])).to.deep.equal([
      {
        targets: ['10.0.0.1:443'],
        labels: {
          __metrics_path__: '/k8s/clusters/c-abc/api/v1/namespaces/istio-system/pods/istiod-1-31-abc:15014/proxy/metrics',
          instance: 'istiod-1-31-abc:15014',
          namespace: 'istio-system',
          pod: 'istiod-1-31-abc',
          app: 'istiod',
          istio: 'pilot',
          revision: '1-31',
        },
      },
    ]);
  });

  it('scrapes every sidecar and gateway on 15020, kube-state-metrics without namespace/pod labels, cAdvisor per node', () => {
    const plain = apiServerAddress('https://127.0.0.1:6443');
    expect(
      kubeTargetGroups('envoy-stats', plain, pods, []).map((g) => [g.labels.__metrics_path__, g.labels.namespace, g.labels.pod]),
    ).to.deep.equal([
      [
        '/api/v1/namespaces/istio-system/pods/istio-ingressgateway-1:15020/proxy/stats/prometheus',
        'istio-system',
        'istio-ingressgateway-1',
      ],
      ['/api/v1/namespaces/users/pods/frontend-1:15020/proxy/stats/prometheus', 'users', 'frontend-1'],
    ]);
    expect(kubeTargetGroups('kube-state-metrics', plain, pods, [])).to.deep.equal([
      {
        targets: ['127.0.0.1:6443'],
        labels: {
          __metrics_path__: '/api/v1/namespaces/kube-system/pods/kube-state-metrics-1:8080/proxy/metrics',
          instance: 'kube-state-metrics-1:8080',
        },
      },
    ]);
    expect(kubeTargetGroups('cadvisor', plain, [], [{ metadata: { name: 'gameday-worker' } }])).to.deep.equal([
      {
        targets: ['127.0.0.1:6443'],
        labels: {
          __metrics_path__: '/api/v1/nodes/gameday-worker/proxy/metrics/cadvisor',
          instance: 'gameday-worker',
          node: 'gameday-worker',
        },
      },
    ]);
  });
});
