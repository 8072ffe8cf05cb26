// A stand-in for docker, kind, istioctl and kubectl on machines without Docker: it appends its
// name, argv and stdin to $FAKE_LOG (one JSON line per call) and keeps just enough state in
// $FAKE_STATE (clusters, the registry container, the installed Istio version) to answer the
// queries the lifecycle makes. It checks nothing: the test reads the log.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const tool = basename(process.argv[1]);
const args = process.argv.slice(2);
const stateFile = process.env.FAKE_STATE;
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : { clusters: [], registry: null, istio: null };
const save = () => writeFileSync(stateFile, JSON.stringify(state));
const stdin = args.includes('-i') ? readFileSync(0, 'utf8') : undefined;
appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool, args, ...(stdin !== undefined ? { stdin } : {}) }) + '\n');
const has = (...words) => words.every((w, i) => args[i] === w);
const out = (s) => process.stdout.write(s + '\n');

function setState(change) {
  change();
  save();
}

if (tool === 'kind') {
  if (has('version')) out('kind v0.29.0 go1.24.2 linux/amd64');
  else if (has('get', 'clusters')) state.clusters.forEach(out);
  else if (has('create', 'cluster')) setState(() => state.clusters.push(args[args.indexOf('--name') + 1]));
  else if (has('delete', 'cluster'))
    setState(() => (state.clusters = state.clusters.filter((c) => c !== args[args.indexOf('--name') + 1])));
} else if (tool === 'docker') {
  if (has('--version')) out('Docker version 27.3.1, build ce12230');
  else if (has('inspect')) {
    if (!state.registry) process.exit(1);
    out(String(state.registry === 'running'));
  } else if (has('run')) setState(() => (state.registry = 'running'));
  else if (has('rm')) setState(() => (state.registry = null));
} else if (tool === 'istioctl') {
  const client = process.env.FAKE_ISTIOCTL_VERSION;
  if (has('version', '--remote=false', '-o', 'json')) out(JSON.stringify({ clientVersion: { version: client, revision: 'x' } }));
  else if (has('version', '--remote=false')) out(`client version: ${client}`);
  else if (has('version')) {
    const mesh = state.istio;
    const meshVersion = mesh ? { meshVersion: [{ Component: 'istiod', Revision: 'r', Info: { version: mesh } }] } : {};
    out(JSON.stringify({ clientVersion: { version: client, revision: 'x' }, ...meshVersion }));
  } else if (has('install')) setState(() => (state.istio = args.find((a) => a.startsWith('tag=')).slice(4)));
} else if (tool === 'kubectl') {
  if (has('version')) out('Client Version: v1.34.0');
}

// Failure modes the node operations must tolerate or report, chosen by the test.
if (tool === 'docker' && process.env.FAKE_DOCKER_STDERR && args[0] === process.env.FAKE_DOCKER_FAIL_ON) {
  process.stderr.write(process.env.FAKE_DOCKER_STDERR + '\n');
  process.exit(1);
}
