/**
 * `npm run bench`: every figure the project tracks, printed as tables.
 * `npm run bench -- lag cpu` runs only the named sections.
 * Sections: sim (data plane and mesh at scale), lag (alert notification
 * lag), ttd (TTD error vs the model's ground truth), cpu (500 req/s), suite
 * (wall time of the mission suite), kube (informer lag and achieved
 * pod-churn rate of the Kubernetes adapter on the local testbed).
 */
import { runCpuAt500Bench, runTtdErrorBench } from './gameday-bench.js';
import { runKubeBench } from './kube-bench.js';
import { runLoadBench } from './load-bench.js';
import { runNotificationLagBench } from './notification-lag.js';
import { runSimBench } from './sim-bench.js';
import { runSuiteBench } from './suite-bench.js';

const SECTIONS: Record<string, { title: string; run: () => Promise<object> }> = {
  sim: { title: 'simulator: data plane and a 2,000-pod mesh under churn', run: runSimBench },
  lag: { title: 'notification lag over 20 alerts (1 s scrape and evaluation)', run: runNotificationLagBench },
  ttd: { title: 'TTD error against the simulator ground truth (deny-policy)', run: () => runTtdErrorBench() },
  cpu: { title: 'simulator + harness CPU at 500 requests/s of vegeta load, Prometheus scraping', run: () => runCpuAt500Bench() },
  load: { title: 'load engine (vegeta) against the simulator: rate, CPU, p99', run: runLoadBench },
  suite: { title: 'wall time of the mission suite on the simulator', run: () => runSuiteBench() },
  kube: { title: 'kube adapter on the testbed: informer lag and pod-churn rate (500 deletions at 50/s)', run: runKubeBench },
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(SECTIONS);
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
