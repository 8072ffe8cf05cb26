/**
 * A stand-in for a run process that dies mid-fault: it writes a run
 * directory's journal exactly as the runner does (header, then each undo
 * before its mutation), injects one fault on a cluster through the kube
 * adapter, prints `injected <dir>` and waits to be killed.
 *
 *   tsx test/support/kube-inject-child.ts <results-root> <kubeconfig> <context> <namespaces,> <fault params JSON>
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WallClock } from '../../src/clock.js';
import { faultFor } from '../../src/faults/registry.js';
import { silentLogger } from '../../src/log.js';
import { JOURNAL_FILE, Journal } from '../../src/run/journal.js';
import { Mutator } from '../../src/run/mutator.js';
import type { FaultParams } from '../../src/scenario/types.js';
import { KubeTarget } from '../../src/targets/kube/kube-target.js';

const [root, kubeconfigPath, context, namespaces, paramsJson] = process.argv.slice(2) as [string, string, string, string, string];
const params = JSON.parse(paramsJson) as FaultParams;
const dir = join(root, `${Date.now()}-${params.type}`);
mkdirSync(dir, { recursive: true });
const clock = new WallClock();
const log = silentLogger();
const target = new KubeTarget({
  kind: 'cluster',
  context,
  kubeconfigPath,
  namespaces: namespaces.split(','),
  clock,
  log,
  ingressUrl: 'http://127.0.0.1:9',
});
const journal = new Journal(join(dir, JOURNAL_FILE));
journal.header({ target: 'cluster', context, scenario: params.type, startedAt: new Date().toISOString() });
const mutator = new Mutator(target, journal, clock, log);
await faultFor(params.type).inject(params as never, {
  fault: params.type,
  clock,
  log,
  signal: new AbortController().signal,
  snapshot: () => target.snapshot(),
  mutate: (op) => mutator.mutate(params.type, op),
  undoAll: () => Promise.resolve(),
});
process.stdout.write(`injected ${dir}\n`);
// Held open until the test kills this process.
setInterval(() => {}, 60_000);
