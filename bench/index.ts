/**
 * `npm run bench`: every figure the project tracks, printed as tables, each
 * beside its goal, after a calibration line (bare node:http requests/s on
 * this machine) so figures from different machines can be compared.
 * `npm run bench -- lag cpu` runs only the named sections.
 * Sections: sim (data plane and meshes at scale), lag (alert notification
 * lag), ttd (TTD error over 12 injections), ttd-gameday (TTD error of one
 * deny-policy GameDay; both against the first instant the rule's condition
 * held on the simulator's exact counts, the goal's figure, and against the
 * first failed request, for information), cpu (500 req/s), load (the load engine), suite
 * (wall time of the mission suite), kube (informer lag and achieved
 * pod-churn rate of the Kubernetes adapter on the local testbed).
 */
import { runCpuAt500Bench, runTtdErrorBench } from './gameday-bench.js';
import { runKubeBench } from './kube-bench.js';
import { runLoadBench } from './load-bench.js';
import { runNotificationLagBench } from './notification-lag.js';
import { calibrate, runSimBench } from './sim-bench.js';
import { runSuiteBench } from './suite-bench.js';
import { runTtdInjectionsBench } from './ttd-bench.js';

/** The README's figures came from a machine where bare node:http served this many requests/s. */
const README_BARE_RATE = 81_526;

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : ['sim', 'lag', 'ttd', 'ttd-gameday', 'cpu', 'load', 'suite', 'kube'];
const bare = await calibrate();
console.log(`calibration: bare node:http ${bare} req/s on this machine (${(bare / README_BARE_RATE).toFixed(2)}× the machine of the README's figures, ${README_BARE_RATE} req/s)`);

const withGoal = async (run: () => Promise<object>, goals: Record<string, string>): Promise<object> => ({ ...(await run()), ...goals });

const SECTIONS: Record<string, { title: string; run: () => Promise<object> }> = {
  sim: { title: 'simulator: data plane, and meshes of 2,047 and 10,000 pods under churn', run: () => runSimBench(bare) },
  lag: {
    title: 'notification lag over 20 alerts (1 s scrape and evaluation)',
    run: () => withGoal(runNotificationLagBench, { goal: 'median < 500 ms' }),
  },
  ttd: {
    title: "TTD error against the rule's condition on the simulator's exact counts, over 12 injections (MeshRbacDenied)",
    run: () => withGoal(runTtdInjectionsBench, { goal: 'TTD error vs rule condition: median and max ≤ 2000 ms' }),
  },
  'ttd-gameday': {
    title: "TTD error against the rule's condition on the simulator's exact counts + for, one deny-policy GameDay",
    run: () => withGoal(() => runTtdErrorBench(), { goal: 'TTD error vs rule condition ≤ 2000 ms' }),
  },
  cpu: {
    title: 'simulator + harness CPU at 500 requests/s of vegeta load, Prometheus scraping',
    run: () => withGoal(() => runCpuAt500Bench(), { goal: '< 0.3 core, no failed requests' }),
  },
  load: { title: 'load engine (vegeta) against the simulator: rate, CPU, p99', run: runLoadBench },
  suite: { title: 'wall time of the mission suite on the simulator', run: () => withGoal(() => runSuiteBench(), { goal: '< 10 minutes' }) },
  kube: {
    title: 'kube adapter on the testbed: informer lag and pod-churn rate (500 deletions at 50/s)',
    run: () => withGoal(runKubeBench, { goal: 'lag p99 < 500 ms; achieved rate within 5%' }),
  },
};

for (const name of names) {
  const section = SECTIONS[name];
  if (!section) {
    console.error(`unknown bench section ${name} (known: ${Object.keys(SECTIONS).join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n## ${section.title}`);
  const started = performance.now();
  const figures = await section.run();
  console.table(figures);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
