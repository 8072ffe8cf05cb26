import { expect } from 'chai';
import { join } from 'node:path';
import { loadScenario } from '../../../src/scenario/loader.js';
import { checkScenarioText } from '../../../src/scenario/loader.js';
import { FIXTURES, PROJECT_ROOT } from './support.js';

const opts = { projectRoot: PROJECT_ROOT };

const minimal = (faults: string, extra = ''): string => `apiVersion: gameday.istio.io/v1
kind: Scenario
metadata:
  name: t
spec:
  load: { script: load/steady.js, rate: 100, duration: 1h }
  steadyState: { successRate: 99%, p99: 300ms, window: 4m }
  faults:
${faults}
  detection: { expect: [A], deadline: 5m }
${extra}`;

async function load(text: string) {
  const r = await checkScenarioText(text, 'inline.yaml', opts);
  expect(r.issues, JSON.stringify(r.issues)).to.deep.equal([]);
  return r.value!;
}

describe('scenario normalisation', () => {
  it('fills every default of an omitted optional field', async () => {
    const s = await loadScenario(join(FIXTURES, 'valid', 'bad-deny-policy.yaml'), opts);
    expect(s.file).to.equal(join(FIXTURES, 'valid', 'bad-deny-policy.yaml'));
    expect(s.metadata.labels).to.deep.equal({});
    expect(s.spec.target).to.deep.equal({ default: 'sim', sim: { timeScale: 1, seed: 1, topology: 'default' } });
    expect(s.spec.load).to.deep.equal({
      engine: 'vegeta',
      script: join(PROJECT_ROOT, 'load', 'steady.js'),
      rate: 20,
      vus: 10,
      durationMs: 2_400_000,
      routes: [{ path: '/', weight: 1, headers: {} }],
      headers: {},
      timeoutMs: 10_000,
      env: {},
    });
    expect(s.spec.steadyState).to.deep.equal({
      minSuccessRate: 0.99,
      maxP99Ms: 500,
      noFiringAlerts: true,
      windowMs: 30_000,
      timeoutMs: 300_000,
    });
    expect(s.spec.faults[0]).to.deep.include({ name: 'deny-policy', type: 'deny-policy', atMs: 0 });
    expect(s.spec.faults[0]).to.not.have.property('durationMs');
    expect(s.spec.faults[0]!.params).to.deep.include({ mode: 'enforce' });
    expect(s.spec.recovery).to.deep.equal({ actions: [], deadlineMs: 900_000 });
    expect(s.spec.objectives).to.deep.equal({});
    expect(s.spec.abort).to.deep.equal({ windowMs: 30_000, maxRunTimeMs: 3_600_000 });
  });

  it('derives vus from the rate and the steady-state timeout from the window', async () => {
    const s = await load(minimal('    - { type: istiod-outage, at: 0 }'));
    expect(s.spec.load.vus).to.equal(20);
    expect(s.spec.steadyState.timeoutMs).to.equal(480_000);
  });

  it('fills fault params defaults per type and names repeated types', async () => {
    const s = await load(
      minimal(`    - { type: istiod-oom, at: 10s }
    - { type: istiod-oom, at: 20s, params: { belowWorkingSet: 50% } }
    - { type: image-cache-evict, at: 0, params: { image: previous-istiod } }
    - { type: pod-churn, at: 0, params: { namespaces: [shop], eventsPerSecond: 5 } }
    - { type: pod-churn, at: 0, name: deletes, params: { namespaces: [shop], eventsPerSecond: 5, mix: { delete: 1 } } }
    - { type: access-log-flood, at: 0, params: { namespaces: [shop] } }
    - { type: canary-upgrade, at: 0, params: { toRevision: 1-13-0, toVersion: 1.13.0, canaryNamespaces: [staging] } }
    - { type: sidecar-starvation, at: 0, params: { namespaces: [shop], cpuLimit: 0.05, memoryLimit: 64Mi } }
    - { type: inplace-upgrade, at: 0, params: { toVersion: 1.13.0, restartWorkloadsAfter: 2m } }`),
    );
    const f = s.spec.faults;
    expect(f.map((x) => x.name)).to.deep.equal([
      'istiod-oom',
      'istiod-oom-2',
      'image-cache-evict',
      'pod-churn',
      'deletes',
      'access-log-flood',
      'canary-upgrade',
      'sidecar-starvation',
      'inplace-upgrade',
    ]);
    expect(f[0]!.params).to.deep.equal({
      type: 'istiod-oom',
      belowWorkingSet: 0.7,
      extraProxies: 0,
      extraConfigObjects: 0,
      strategy: 'Recreate',
    });
    expect(f[1]!.params).to.deep.include({ belowWorkingSet: 0.5 });
    expect(f[2]!.params).to.deep.equal({
      type: 'image-cache-evict',
      image: 'previous-istiod',
      registry: 'unreachable',
      pullDelayMs: 30_000,
    });
    expect(f[3]!.params).to.deep.include({ mix: { delete: 6, restart: 3, scale: 1 } });
    expect(f[4]!.params).to.deep.include({ mix: { delete: 1, restart: 0, scale: 0 } });
    expect(f[5]!.params).to.deep.equal({ type: 'access-log-flood', namespaces: ['shop'], encoding: 'JSON', componentLogLevel: 'warning' });
    expect(f[6]!.params).to.deep.include({ tag: 'stable', stages: [] });
    expect(f[7]!.params).to.deep.equal({
      type: 'sidecar-starvation',
      namespaces: ['shop'],
      cpuLimitMilli: 50,
      memoryLimitBytes: 64 * 2 ** 20,
    });
    expect(f[8]!.params).to.deep.equal({ type: 'inplace-upgrade', toVersion: '1.13.0', restartWorkloadsAfterMs: 120_000 });
  });

  it('turns responder operations into Operations with bytes and milliseconds', async () => {
    const s = await load(
      minimal(
        '    - { type: istiod-oom, at: 0, name: oom }',
        `  recovery:
    actions:
      - { after: detection, revert: oom }
      - after: injection
        delay: 1m
        operation: { op: set-memory-limit, workload: { namespace: istio-system, name: istiod }, container: discovery, limit: null }
      - { after: detection, operation: { op: set-registry, reachable: true, pullDelay: 30s } }
      - { after: detection, operation: { op: install-revision, revision: 1-12-0, version: 1.12.0, memoryLimit: 2Gi } }
      - { after: detection, operation: { op: set-rollout-strategy, workload: { namespace: istio-system, name: istiod }, strategy: { type: RollingUpdate, maxUnavailable: 1 } } }
      - { after: detection, operation: { op: set-proxy-config, namespace: shop, resources: { cpuLimit: 500m, memoryLimit: 256Mi }, accessLog: { enabled: false } } }
      - { after: detection, operation: { op: set-cert-ttl, ttl: 24h } }
      - { after: detection, operation: { op: set-config-load, namespace: istio-gameday-load, serviceEntries: 0 } }
      - { after: detection, operation: { op: set-namespace-revision, namespace: shop, revision: stable, injection: disabled } }
`,
      ),
    );
    const actions = s.spec.recovery.actions;
    expect(actions[0]).to.deep.equal({ after: 'detection', delayMs: 0, action: { kind: 'revert-fault', fault: 'oom' } });
    const ops = actions.slice(1).map((a) => (a.action.kind === 'operation' ? a.action.operation : undefined));
    expect(actions[1]!.delayMs).to.equal(60_000);
    expect(ops[0]).to.deep.equal({
      op: 'set-memory-limit',
      workload: { namespace: 'istio-system', name: 'istiod' },
      container: 'discovery',
      limitBytes: null,
    });
    expect(ops[1]).to.deep.equal({ op: 'set-registry', reachable: true, pullDelayMs: 30_000 });
    expect(ops[2]).to.deep.equal({ op: 'install-revision', revision: '1-12-0', version: '1.12.0', replicas: 1, memoryLimitBytes: 2 ** 31 });
    expect(ops[3]).to.deep.include({ strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '1' } });
    expect(ops[4]).to.deep.equal({
      op: 'set-proxy-config',
      namespace: 'shop',
      resources: { cpuLimitMilli: 500, memoryLimitBytes: 256 * 2 ** 20 },
      accessLog: { enabled: false, encoding: 'TEXT', componentLogLevel: 'warning' },
    });
    expect(ops[5]).to.deep.equal({ op: 'set-cert-ttl', ttlMs: 86_400_000 });
    expect(ops[6]).to.deep.equal({ op: 'set-config-load', namespace: 'istio-gameday-load', serviceEntries: 0 });
    expect(ops[7]).to.deep.equal({ op: 'set-namespace-revision', namespace: 'shop', revision: 'stable', injection: 'disabled' });
  });

  it('refuses a set-config-load without a whole, non-negative count, and an injection value it cannot write', async () => {
    const r = await checkScenarioText(
      minimal(
        '    - { type: istiod-oom, at: 0, name: oom }',
        `  recovery:
    actions:
      - { after: detection, operation: { op: set-config-load, namespace: shop, serviceEntries: -1 } }
      - { after: detection, operation: { op: set-config-load, namespace: shop, serviceEntries: 2.5 } }
      - { after: detection, operation: { op: set-config-load, namespace: shop } }
      - { after: detection, operation: { op: set-namespace-revision, namespace: shop, revision: null, injection: enabled } }
`,
      ),
      'inline.yaml',
      opts,
    );
    const messages = r.issues.map((i) => i.message).join('\n');
    expect(r.value).to.equal(undefined);
    expect(messages).to.match(/serviceEntries must be >= 0, got -1/);
    expect(messages).to.match(/serviceEntries must be a whole number, got 2\.5/);
    expect(messages).to.match(/missing required key "serviceEntries"/);
    expect(messages).to.match(/injection must be one of true, false, disabled, got "enabled"/);
  });

  it('needs no script: the load goes to vegeta, over weighted routes with their headers and namespaces', async () => {
    const s = await load(
      minimal('    - { type: istiod-outage, at: 0 }').replace(
        '{ script: load/steady.js, rate: 100, duration: 1h }',
        `
    rate: 100
    duration: 1h
    timeout: 2s
    headers: { Host: shop.example.com }
    routes:
      - { path: /, weight: 3, namespace: users }
      - { path: /staging/, headers: { X-Canary: 1 } }`,
      ),
    );
    expect(s.spec.load).to.not.have.property('script');
    expect(s.spec.load).to.deep.include({
      engine: 'vegeta',
      timeoutMs: 2000,
      headers: { Host: 'shop.example.com' },
      routes: [
        { path: '/', weight: 3, namespace: 'users', headers: {} },
        { path: '/staging/', weight: 1, headers: { 'X-Canary': '1' } },
      ],
    });
  });

  it('refuses path beside routes, an unknown engine and a header name with a space', async () => {
    const r = await checkScenarioText(
      minimal('    - { type: istiod-outage, at: 0 }').replace(
        '{ script: load/steady.js, rate: 100, duration: 1h }',
        '{ engine: jmeter, rate: 100, duration: 1h, path: /, routes: [{ path: /a }], headers: { "Bad Name": x } }',
      ),
      'inline.yaml',
      opts,
    );
    const messages = r.issues.map((i) => `${i.line}:${i.col} ${i.message}`).join('\n');
    expect(messages).to.match(/spec\.load has both path and routes/);
    expect(messages).to.match(/engine must be one of vegeta, k6, got "jmeter"/);
    expect(messages).to.match(/Bad Name/);
  });

  it('stringifies env values and keeps explicit settings', async () => {
    const s = await load(
      minimal('    - { type: istiod-outage, at: 0, duration: 2m, params: { certTtl: 5m } }').replace(
        'duration: 1h }',
        'duration: 1h, env: { RETRIES: 3, VERBOSE: true, NAME: x } }',
      ),
    );
    expect(s.spec.load.env).to.deep.equal({ RETRIES: '3', VERBOSE: 'true', NAME: 'x' });
    expect(s.spec.faults[0]).to.deep.include({ durationMs: 120_000, params: { type: 'istiod-outage', certTtlMs: 300_000 } });
  });

  it('warns about settings that cannot be judged, without failing', async () => {
    const r = await checkScenarioText(
      minimal(
        '    - { type: istiod-oom, at: 0, params: { memoryLimit: 1Gi, belowWorkingSet: 0.5 } }',
        '  objectives: { ttd: 10m }\n  abort: { maxRunTime: 10m }\n',
      ),
      'inline.yaml',
      opts,
    );
    expect(r.issues).to.deep.equal([]);
    expect(r.value).to.not.equal(undefined);
    const messages = r.warnings.map((w) => w.message).join('\n');
    expect(messages).to.contain('belowWorkingSet is ignored');
    expect(messages).to.contain('spec.objectives.ttd (10m) is longer than spec.detection.deadline (5m)');
    expect(messages).to.contain('spec.abort.maxRunTime (10m) is shorter than the longest run');
  });
});
