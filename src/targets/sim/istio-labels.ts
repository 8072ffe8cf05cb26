/**
 * The label set Istio's telemetry puts on `istio_requests_total` and
 * `istio_request_duration_milliseconds_*` (docs/envoy.md#request-metrics), plus
 * the `namespace`/`pod` of the reporting proxy that Prometheus'
 * kubernetes-pods relabelling adds on a cluster.
 */
import type { HopOutcome, Reporter } from './model/readings.js';

/** Every label key of Istio's standard request metrics, in the order they are written. */
export const ISTIO_REQUEST_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

/** Istio's `source_cluster`/`destination_cluster` on a single-cluster mesh. */
export const CLUSTER_ID = 'Kubernetes';

const UNKNOWN = 'unknown';

/**
 * Flags of local replies the source proxy produced without talking to a
 * destination proxy: no peer metadata was exchanged, so Istio labels the
 * destination workload `unknown` (the service is still known from the cluster).
 */
function noPeerMetadata(hop: HopOutcome): boolean {
  if (hop.destinationPod === null) return true;
  return /(^|,)(UH|UF|NC|NR|URX|UO)(,|$)/.test(hop.responseFlags);
}

/** The full label set of one hop as the given reporter records it. */
export function istioRequestLabels(hop: HopOutcome, reporter: Reporter): Record<string, string> {
  const peerKnown = reporter === 'destination' || !noPeerMetadata(hop);
  const dst = (v: string): string => (peerKnown ? v : UNKNOWN);
  const reportingPod = reporter === 'source' ? hop.sourcePod : (hop.destinationPod ?? UNKNOWN);
  const reportingNamespace = reporter === 'source' ? hop.sourceNamespace : hop.destinationNamespace;
  return {
    reporter,
    source_workload: hop.sourceWorkload,
    source_workload_namespace: hop.sourceNamespace,
    source_principal: hop.mtls || reporter === 'source' ? hop.sourcePrincipal : UNKNOWN,
    source_app: hop.sourceApp,
    source_version: hop.sourceVersion,
    source_canonical_service: hop.sourceApp,
    source_canonical_revision: hop.sourceVersion,
    source_cluster: CLUSTER_ID,
    destination_workload: dst(hop.destinationWorkload),
    destination_workload_namespace: dst(hop.destinationNamespace),
    destination_principal: dst(hop.destinationPrincipal),
    destination_app: dst(hop.destinationApp),
    destination_version: dst(hop.destinationVersion),
    destination_service: hop.destinationService,
    destination_service_name: hop.destinationServiceName,
    destination_service_namespace: hop.destinationServiceNamespace,
    destination_canonical_service: dst(hop.destinationApp),
    destination_canonical_revision: dst(hop.destinationVersion),
    destination_cluster: peerKnown ? CLUSTER_ID : UNKNOWN,
    request_protocol: 'http',
    response_code: String(hop.responseCode),
    grpc_response_status: '',
    response_flags: hop.responseFlags,
    // Only the server side knows how the connection it accepted was secured.
    connection_security_policy: reporter === 'destination' ? (hop.mtls ? 'mutual_tls' : 'none') : UNKNOWN,
    namespace: reportingNamespace,
    pod: reportingPod,
  };
}
