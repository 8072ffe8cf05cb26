/**
 * The layering of src/, checked by `npm run lint` (dependency-cruiser).
 *
 * Every folder under src/ is one layer of the table below, top to bottom.
 * A layer imports itself, the shared vocabulary (the files directly under
 * src/: clock, errors, log, timeline, …) and only the layers it lists, all
 * of them further down: so the arrows point one way and a new folder fits
 * by taking a row, not by an exception. `npm run graph` draws what is there.
 */

/** name → folder (a path pattern), top to bottom. */
const FOLDERS = {
  cli: '^src/cli/', // yargs commands; main.ts alone sets the exit code
  train: '^src/train/', // training mode: a hidden fault on the simulator, a trainee, a score
  compose: '^src/compose/', // the composition root: the only place that knows concrete targets
  run: '^src/run/', // the runner, its phases, journal, responder, guard
  faults: '^src/faults/', // one file per fault, written against the Target port
  observe: '^src/observe/', // Prometheus, Alertmanager, the webhook, load engines (k6, vegeta, …)
  report: '^src/report/', // result.json, timeline.jsonl, markdown, html, junit
  measure: '^src/measure/', // pure: timeline in, figures out
  scenario: '^src/scenario/', // schema, loader, normalised types
  target: '^src/targets/[^/]+/', // a concrete target: sim/, kube/ (kube/kind/ inside it), …
  port: '^src/targets/[^/]+\\.ts$', // the Target port and its vocabulary: operations, views
  process: '^src/process/', // owned external processes, free ports
};
const SHARED = '^src/[^/]+\\.ts$';

/** What each layer may import besides itself and the shared vocabulary. */
const MAY_IMPORT = {
  cli: ['train', 'compose', 'run', 'faults', 'observe', 'report', 'measure', 'scenario', 'port', 'process'],
  train: ['compose', 'run', 'faults', 'observe', 'report', 'measure', 'scenario', 'port', 'process'],
  compose: ['run', 'faults', 'observe', 'report', 'measure', 'scenario', 'target', 'port', 'process'],
  run: ['faults', 'observe', 'report', 'measure', 'scenario', 'port', 'process'],
  faults: ['scenario', 'port'],
  observe: ['scenario', 'port', 'process'],
  report: ['measure', 'scenario', 'port'],
  measure: ['scenario', 'port'],
  scenario: ['port'],
  target: ['port', 'process'],
  port: [],
  process: [],
};

const layerRules = Object.entries(MAY_IMPORT).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  severity: 'error',
  comment: `${layer} (${FOLDERS[layer]}) may import only itself, the shared files under src/ and: ${allowed.join(', ') || 'nothing else'}`,
  from: { path: FOLDERS[layer] },
  to: { path: '^src/', pathNot: [FOLDERS[layer], SHARED, ...allowed.map((a) => FOLDERS[a])] },
}));

/** The pure parts: they run under a virtual clock, so they read no time, no randomness and no I/O. */
const PURE = ['^src/measure/', '^src/targets/sim/model/'];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'shared-at-the-bottom',
      severity: 'error',
      comment: 'the files directly under src/ are the shared vocabulary: they import no folder of src/',
      from: { path: SHARED },
      to: { path: '^src/[^/]+/' },
    },
    {
      name: 'layer-unknown',
      severity: 'error',
      comment: 'every folder under src/ is a row of the layer table in .dependency-cruiser.cjs: add it there',
      from: { path: '^src/[^/]+/', pathNot: Object.values(FOLDERS) },
      to: {},
    },
    {
      name: 'targets-apart',
      severity: 'error',
      comment: 'a concrete target imports no other concrete target: what they share belongs in the port (src/targets/*.ts)',
      from: { path: '^src/targets/([^/]+)/' },
      to: { path: '^src/targets/[^/]+/', pathNot: '^src/targets/$1/' },
    },
    {
      name: 'pure-no-node',
      severity: 'error',
      comment: 'measure/ and the simulator model are pure: no node:* module (the ESLint config bans Date.now() and Math.random() there)',
      from: { path: PURE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'model-self-contained',
      severity: 'error',
      comment: 'the simulator model imports only itself, the port vocabulary and the shared files: its faces are built on it, not in it',
      from: { path: '^src/targets/sim/model/' },
      to: { path: '^src/', pathNot: ['^src/targets/sim/model/', FOLDERS.port, SHARED] },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'no import cycle, at any scale',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Not includeOnly: the purity rule must see node:* modules. Packages are leaves.
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true, // type-only imports count: a layer's vocabulary is a dependency too
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
