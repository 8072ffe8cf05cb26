/**
 * Every scrape the simulator serves parses with `promtool check metrics`,
 * and the only lint it draws is what real Istio draws too: counters without
 * the `_total` suffix on `pilot_*`, and the sidecars' duration histogram in
 * milliseconds (Istio names and publishes both that way).
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';
import { FakeMeshModel } from '../../unit/sim/fake-mesh-model.js';

const ALLOWED_LINT = [
  /^pilot_[a-z0-9_]+ counter metrics should have "_total" suffix$/,
  /^istio_request_duration_milliseconds use base unit "seconds" instead of "milliseconds"$/,
];

function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

async function checkEveryJob(target: SimTarget): Promise<void> {
  const e = target.endpoints()!;
  const groups = (await (await fetch(`${e.metrics}/sd`)).json()) as { labels: Record<string, string> }[];
  expect(groups.length).to.be.greaterThan(4);
  for (const g of groups) {
    const res = await fetch(`${e.metrics}${g.labels.__metrics_path__}`);
    const body = await res.text();
    if (res.status === 503) continue; // a stopped istiod pod: nothing to check, as on a cluster
    const { status, output } = promtool(body);
    const problems = output
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !ALLOWED_LINT.some((re) => re.test(l)));
    expect(problems, `${g.labels.job}: ${output}`).to.deep.equal([]);
    // 0: clean; 3: lint warnings only (the allowed ones, checked above). 1 would be a parse error.
    expect([0, 3], `${g.labels.job} promtool exit`).to.include(status);
  }
}

describe('e2e: simulator metrics pass promtool check metrics', function () {
  this.timeout(60_000);

  before(function () {
    if (spawnSync('promtool', ['--version']).error) this.skip();
  });

  it('on the fake model, every job’s exposition parses with only Istio’s own lint', async () => {
    const clock = new VirtualClock();
    const model = new FakeMeshModel(clock.now());
    model.istiodRunning = false;
    const target = new SimTarget({ clock, createModel: () => model });
    try {
      const e = await target.up();
      for (let i = 0; i < 5; i++) await (await fetch(`${e.ingressUrl}/`)).text();
      await checkEveryJob(target);
    } finally {
      await target.down();
    }
  });

  it('on the real model, steady and with istiod OOM-looping, likewise', async () => {
    const clock = new VirtualClock();
    const target = new SimTarget({ clock, delayThresholdMs: Infinity });
    try {
      const e = await target.up();
      for (let i = 0; i < 5; i++) await (await fetch(`${e.ingressUrl}/`)).text();
      await checkEveryJob(target);
      const istiod = (await target.snapshot()).revisions[0]!.deployment;
      await target.apply({ op: 'set-rollout-strategy', workload: istiod, strategy: { type: 'Recreate' } });
      await target.apply({ op: 'set-memory-limit', workload: istiod, container: 'discovery', limitBytes: 64 * 2 ** 20 });
      await clock.advance(120_000);
      for (let i = 0; i < 5; i++) await (await fetch(`${e.ingressUrl}/`)).text();
      await checkEveryJob(target);
    } finally {
      await target.down();
    }
  });
});
