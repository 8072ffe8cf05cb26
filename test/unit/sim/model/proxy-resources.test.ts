import { expect } from 'chai';
import { MiB, get, newModel, podsOf, run } from './support.js';

function drive(m: ReturnType<typeof newModel>, rps: number, seconds: number): number[] {
  const lat: number[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < rps; i++) lat.push(get(m).latencyMs);
    run(m, 1_000);
  }
  return lat;
}

function proxyOf(m: ReturnType<typeof newModel>, ns: string, dep: string) {
  return podsOf(m, ns, dep).map((p) => p.containers.find((c) => c.container === 'istio-proxy')!);
}

describe('sim model: sidecar resources', () => {
  it('access logs raise sidecar CPU and memory; debug logging saturates CPU; a low CPU limit throttles and adds latency', () => {
    const m = newModel();
    const base = drive(m, 100, 12);
    const cpu0 = proxyOf(m, 'payments', 'payments-api')[0]!.cpuUsageMilli;
    const mem0 = proxyOf(m, 'payments', 'payments-api')[0]!.memoryWorkingSetBytes;
    m.apply({ op: 'set-proxy-config', namespace: 'payments', accessLog: { enabled: true, encoding: 'JSON', componentLogLevel: 'warning' } });
    run(m, 90_000);
    drive(m, 100, 12);
    const logged = proxyOf(m, 'payments', 'payments-api')[0]!;
    expect(logged.cpuUsageMilli).to.be.greaterThan(cpu0 * 1.5);
    expect(logged.memoryWorkingSetBytes).to.be.greaterThan(mem0);

    m.apply({
      op: 'set-proxy-config',
      namespace: 'payments',
      resources: { cpuLimitMilli: 50 },
      accessLog: { enabled: true, encoding: 'JSON', componentLogLevel: 'debug' },
    });
    run(m, 90_000);
    const slow = drive(m, 100, 12).slice(-100);
    const c = proxyOf(m, 'payments', 'payments-api')[0]!;
    expect(c.cpuLimitMilli).to.equal(50);
    expect(c.cpuThrottledRatio).to.be.greaterThan(0.3);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(slow)).to.be.greaterThan(median(base) + 10);
  });

  it('a sidecar over its memory limit is OOMKilled and its pod drops out of service', () => {
    const m = newModel();
    m.apply({ op: 'set-memory-limit', workload: { namespace: 'payments', name: 'payments-api' }, container: 'istio-proxy', limitBytes: 32 * MiB });
    run(m, 120_000);
    const proxies = proxyOf(m, 'payments', 'payments-api');
    expect(proxies.some((p) => p.lastTerminatedReason === 'OOMKilled')).to.equal(true);
    expect(m.events().some((e) => e.reason === 'OOMKilled' && e.message.includes('istio-proxy'))).to.equal(true);
  });
});
