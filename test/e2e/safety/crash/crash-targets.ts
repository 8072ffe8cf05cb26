/**
 * The targets the crash trials run against, as a table: each says whether it
 * can run here, starts (or attaches to) a target, and gives a `beforeState` /
 * `compare` pair — what "the configuration is as it was" means on it. A second
 * target (a real Kubernetes control plane) is one more row.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { TargetKind } from '../../../../src/targets/port.js';
import { SimControlClient } from '../../../../src/targets/sim/control-client.js';
import { clusterTarget } from './cluster-target.js';

export interface StartedTarget {
  kind: TargetKind;
  /** Arguments that point `gameday run` (and `gameday rollback`, unless rollbackArgs says otherwise) at this target. */
  cliArgs: string[];
  /** What `gameday rollback` needs besides the journal, when it differs from cliArgs (a cluster: only the kubeconfig). */
  rollbackArgs?: string[];
  /** Extra arguments for the fault driver after the attach string (a cluster: kubeconfig, allowed namespaces). */
  driverArgs?: string[];
  /** What the fault driver passes to attachTarget: the control URL on sim, the kube context on a cluster. */
  attach: string;
  /** The target's configuration now, in a form `compare` understands. */
  beforeState(): Promise<unknown>;
  /** Differences between two states, one line each; empty when they are the same configuration. */
  compare(before: unknown, after: unknown): string[];
  stop(): Promise<void>;
}

export interface CrashTarget {
  name: string;
  /** The mission scenarios this target can run (default: all of them). */
  scenarios?: string[];
  /** null when it can run on this machine; otherwise why not (the trials are skipped, saying so). */
  unavailable(): Promise<string | null>;
  start(): Promise<StartedTarget>;
}

const MAIN = fileURLToPath(new URL('../../../../src/cli/main.ts', import.meta.url));

/** `gameday sim serve` as its own process; state from its control API's GET /state. */
export const simTarget: CrashTarget = {
  name: 'sim',
  unavailable: async () => null,
  async start() {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sim', 'serve', '--time-scale', '10', '--seed', '1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sim serve exited with ${code}`)));
    });
    const control = (JSON.parse(first) as { control: string }).control;
    const client = new SimControlClient(control);
    return {
      kind: 'sim',
      cliArgs: ['--sim-control', control],
      attach: control,
      beforeState: async () => configuration(await client.state()),
      compare: diff,
      stop: () => stopChild(child),
    };
  },
};

/** The simulator, and a real Kubernetes control plane (./cluster-target.ts). */
export const CRASH_TARGETS: CrashTarget[] = [simTarget, clusterTarget];

/**
 * What a rollback can and must restore. Two things are left out, on every target: the nodes' image
 * caches (an evicted image has no undo — it comes back with the next pull, see Target.inverse), and
 * `kubectl.kubernetes.io/restartedAt`, the record a rollout restart leaves in a pod template (as
 * `kubectl rollout restart` does; setting it back would only restart the pods again).
 */
function configuration(state: unknown): unknown {
  const s = structuredClone(state) as {
    nodes?: unknown;
    deployments?: Record<string, { template?: { annotations?: Record<string, string> } }>;
  };
  delete s.nodes;
  for (const d of Object.values(s.deployments ?? {})) {
    const annotations = d.template?.annotations;
    if (annotations) {
      delete annotations['kubectl.kubernetes.io/restartedAt'];
      if (Object.keys(annotations).length === 0) delete d.template!.annotations;
    }
  }
  return s;
}

/** Paths where two JSON values differ. */
export function diff(a: unknown, b: unknown, path = ''): string[] {
  try {
    expect(b).to.deep.equal(a);
    return [];
  } catch {
    // Walk down to say where.
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return [`${path || '.'}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
