/**
 * Test doubles for the runner: an in-memory target whose state is a map of
 * memory limits, observers that emit SLI seconds computed from that state,
 * and a judge over those seconds. Enough to exercise phases, journal and
 * revert without processes.
 */
import type { Clock } from '../../../src/clock.js';
import type { Fault } from '../../../src/faults/fault.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import type { Emit, LoadExit, LoadHandle, Observers } from '../../../src/observe/observers.js';
import type { Judge } from '../../../src/run/judge.js';
import type { Scenario } from '../../../src/scenario/types.js';
import type { Confirmation, Operation } from '../../../src/targets/operations.js';
import type { Target, TargetEndpoints, TargetEvent } from '../../../src/targets/port.js';
import type { MeshSnapshot } from '../../../src/targets/views.js';

export class MemoryTarget implements Target {
  readonly kind = 'sim' as const;
  limits = new Map<string, number | null>([['istio-system/istiod', 2 ** 31]]);
  applied: Operation[] = [];
  failNext = 0;
  upCalls = 0;
  timeScale = 1;
  downCalls = 0;
  private listeners: ((e: TargetEvent) => void)[] = [];

  constructor(private readonly clock: Clock) {}

  /** Healthy while istiod has at least 1 GiB. */
  healthy(): boolean {
    const l = this.limits.get('istio-system/istiod');
    return l === null || l === undefined || l >= 2 ** 30;
  }

  async up(): Promise<TargetEndpoints> {
    this.upCalls++;
    return { ingressUrl: 'http://127.0.0.1:1', scrape: { kind: 'http-sd', url: 'http://127.0.0.1:1/sd' }, timeScale: this.timeScale };
  }
  async down(): Promise<void> {
    this.downCalls++;
  }
  async inverse(op: Operation): Promise<Operation | null> {
    if (op.op !== 'set-memory-limit') return null;
    const key = `${op.workload.namespace}/${op.workload.name}`;
    return { ...op, limitBytes: this.limits.get(key) ?? null };
  }
  async apply(op: Operation): Promise<Confirmation> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('apiserver unavailable');
    }
    this.applied.push(op);
    if (op.op === 'set-memory-limit') this.limits.set(`${op.workload.namespace}/${op.workload.name}`, op.limitBytes);
    return { at: this.clock.now(), summary: `applied ${op.op}` };
  }
  async snapshot(): Promise<MeshSnapshot> {
    throw new Error('not needed by these tests');
  }
  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {};
  }
}

/** An alert the observers raise, as Prometheus would: firing after `afterBadSeconds` failing seconds in a row, resolved on the first good one. */
export interface TestAlert {
  name: string;
  afterBadSeconds: number;
}

/**
 * Emits one SLI second per second of the clock while load runs: all failures while the target is unhealthy;
 * with `alert`, also that alert's transitions (its firing instant is the end of the last bad second it needed).
 */
export class TickingObservers implements Observers {
  attached = 0;
  detached = 0;
  private stopLoad?: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly target: MemoryTarget,
    private readonly alert?: TestAlert,
  ) {}

  async attach(): Promise<void> {
    this.attached++;
  }
  async startLoad(_e: TargetEndpoints, _l: unknown, emit: Emit): Promise<LoadHandle> {
    const controller = new AbortController();
    let resolveExit!: (e: LoadExit) => void;
    const exited = new Promise<LoadExit>((r) => (resolveExit = r));
    void (async () => {
      try {
        let bad = 0;
        let firing = false;
        for (;;) {
          await this.clock.sleep(1000, controller.signal);
          const ok = this.target.healthy();
          emit({ kind: 'sli', at: this.clock.now() - 1000, requests: 10, failures: ok ? 0 : 10, byStatus: ok ? { '200': 10 } : { '503': 10 }, p50Ms: 5, p99Ms: 9 });
          bad = ok ? 0 : bad + 1;
          const a = this.alert;
          if (!a || firing === (bad >= a.afterBadSeconds)) continue;
          firing = !firing;
          const at = this.clock.now();
          emit({ kind: 'alert', at, alert: a.name, state: firing ? 'firing' : 'resolved', labels: { alertname: a.name }, heardAt: at, source: 'prometheus' });
        }
      } catch {
        resolveExit({ code: 0, thresholdsFailed: false, crashed: false });
      }
    })();
    this.stopLoad = () => controller.abort();
    return {
      exited,
      stop: async () => {
        controller.abort();
        return exited;
      },
    };
  }
  async detach(): Promise<void> {
    this.detached++;
    this.stopLoad?.();
  }
  async close(): Promise<void> {}
  alertNames(): string[] {
    return this.alert ? [this.alert.name] : [];
  }
  versions(): Record<string, string> {
    return { fake: '1' };
  }
}

/** Steady = the last seconds were all successful; recovery = a clean window after the first failure. */
export const secondsJudge = (windowMs: number): Judge => {
  const slis = (events: readonly TimelineEvent[]) => events.filter((e): e is Extract<TimelineEvent, { kind: 'sli' }> => e.kind === 'sli');
  const steadySince = (events: readonly TimelineEvent[], now: number): number | null => {
    const s = slis(events).filter((e) => e.at + 1000 <= now);
    let since: number | null = null;
    for (const e of s) since = e.failures === 0 ? (since ?? e.at) : null;
    return since;
  };
  return {
    steadyHeld: (events, now, w) => {
      const since = steadySince(events, now);
      return since !== null && now - since >= w;
    },
    detectedAt: () => null,
    observable: () => true,
    impactSeen: (events, tInject) => slis(events).some((e) => e.at >= tInject && e.failures > 0),
    recoveredAt: (events, tInject, now) => {
      const s = slis(events).filter((e) => e.at >= tInject);
      const firstBad = s.findIndex((e) => e.failures > 0);
      if (firstBad < 0) return null;
      const since = steadySince(s.slice(firstBad), now);
      return since !== null && now - since >= windowMs ? since : null;
    },
    errorRate: (events, now, w) => {
      const s = slis(events).filter((e) => e.at >= now - w);
      const req = s.reduce((a, e) => a + e.requests, 0);
      return req === 0 ? null : s.reduce((a, e) => a + e.failures, 0) / req;
    },
  };
};

/** A fault that lowers istiod's limit to 512 MiB. */
export const lowerLimit: Fault = {
  type: 'istiod-oom',
  summary: 'test fault',
  plan: () => [],
  async inject(_p, ctx) {
    const first = await ctx.mutate({ op: 'set-memory-limit', workload: { namespace: 'istio-system', name: 'istiod' }, container: 'discovery', limitBytes: 2 ** 29 });
    return { first, operations: ['lower limit'] };
  },
  async revert(_p, ctx) {
    await ctx.undoAll();
  },
};

export function testScenario(overrides: Partial<Scenario['spec']> = {}): Scenario {
  return {
    apiVersion: 'gameday.istio.io/v1',
    kind: 'Scenario',
    file: '/project/scenarios/test.yaml',
    metadata: { name: 'test', labels: {} },
    spec: {
      target: { default: 'sim', sim: { timeScale: 1, seed: 1, topology: 'default' } },
      load: { engine: 'vegeta', rate: 10, vus: 5, durationMs: 600_000, routes: [{ path: '/', weight: 1, headers: {} }], headers: {}, timeoutMs: 10_000, env: {} },
      steadyState: { minSuccessRate: 0.99, maxP99Ms: 250, noFiringAlerts: true, windowMs: 5000, timeoutMs: 30_000 },
      faults: [
        {
          name: 'oom',
          type: 'istiod-oom',
          atMs: 2000,
          params: { type: 'istiod-oom', belowWorkingSet: 0.7, extraProxies: 0, extraConfigObjects: 0, strategy: 'Recreate' },
        },
      ],
      detection: { expect: ['IstiodOOMKilled'], deadlineMs: 20_000 },
      recovery: { actions: [{ after: 'injection', delayMs: 10_000, action: { kind: 'revert-fault', fault: 'oom' } }], deadlineMs: 60_000 },
      objectives: {},
      abort: { windowMs: 10_000, maxRunTimeMs: 600_000 },
      ...overrides,
    },
  };
}
