/**
 * access-log-flood: access logging and debug component logs switched on for
 * whole namespaces — the article's "DEBUG access logs at 500 RPS generate
 * ~50GB/day per service", which costs sidecar CPU and fills node disks.
 *
 * On a real cluster, for every Deployment in the namespaces:
 *  pod template annotations `proxy.istio.io/config:
 *  {"accessLogFile":"/dev/stdout","accessLogEncoding":"<encoding>"}` and
 *  `sidecar.istio.io/componentLogLevel: <level>` (`kubectl patch deploy …`).
 *  The settings are read when the sidecar starts; patching the pod template
 *  is itself a rollout, so every pod is replaced with a logging sidecar.
 * Access-log volume and the component log level are separate knobs (docs/istio.md#access-logs-and-log-level):
 * the first costs ~2× proxy CPU per request, `debug` alone can pin a proxy.
 * Alerts: MeshHighP99Latency (proxies CPU-bound), MeshHigh5xxRatio if it
 * goes as far as timeouts.
 * Revert: annotations back (journal) — another rollout, onto quiet sidecars.
 * Runs on sim, kind and cluster.
 */
import { UsageError } from '../errors.js';
import type { AccessLogFloodParams } from '../scenario/types.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { workloadsIn } from './mesh-queries.js';
import { plannedFault, step } from './steps.js';

type Params = { type: 'access-log-flood' } & AccessLogFloodParams;

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  // Fails early on a namespace without workloads: the fault would be a silent no-op there.
  for (const ns of p.namespaces)
    if (workloadsIn(mesh, [ns]).length === 0) throw new UsageError(`access-log-flood: namespace ${ns} has no workloads`);
  // A pod-template patch rolls the pods out, which is what makes the new sidecar settings take effect.
  return p.namespaces.map((namespace) =>
    step(
      { op: 'set-proxy-config', namespace, accessLog: { enabled: true, encoding: p.encoding, componentLogLevel: p.componentLogLevel } },
      0,
      'pods roll out with it',
    ),
  );
}

export const accessLogFlood: Fault<Params> = plannedFault<Params>(
  'access-log-flood',
  'every sidecar in the namespaces logs each request (and Envoy logs at the given level): CPU and disk burn',
  steps,
);
