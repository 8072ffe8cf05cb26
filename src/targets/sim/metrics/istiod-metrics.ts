/**
 * What one istiod pod's `:15014/metrics` holds (docs/istio.md#istiod-metrics):
 * the `pilot_*` series — counters without a `_total` suffix, as Istio
 * publishes them — plus the Go runtime's and the process' memory. The pod,
 * namespace and `app="istiod"` labels come from the scrape target, as on a
 * cluster.
 */
import { Exposition, labelBody, type HistogramData } from '../exposition.js';
import type { IstiodMemoryReading, PilotReading } from '../model/readings.js';

/** Histograms the model may not have filled yet are rendered empty with Istio's bounds. */
const PUSH_TIME_BOUNDS = [0.01, 0.1, 1, 3, 5, 10, 20, 30];
const PUSH_TYPES = ['cds', 'eds', 'lds', 'rds'];

function counterFamily(
  out: Exposition,
  name: string,
  help: string,
  key: string,
  values: Record<string, number>,
  always: readonly string[] = [],
): void {
  out.family(name, 'counter', help);
  const keys = new Set([...always, ...Object.keys(values)]);
  for (const k of [...keys].sort()) out.sample(name, labelBody({ [key]: k }), values[k] ?? 0);
}

function emptyHistogram(bounds: readonly number[]): HistogramData {
  return { bounds, counts: bounds.map(() => 0), overflow: 0, sum: 0, count: 0 };
}

export interface IstiodRenderInput {
  pilot: PilotReading;
  memory: IstiodMemoryReading | undefined;
  /** Seconds since the container started, on the clock Prometheus uses. */
  uptimeSeconds: number;
}

export function renderIstiod(out: Exposition, { pilot, memory, uptimeSeconds }: IstiodRenderInput): void {
  out.family('pilot_info', 'gauge', 'Pilot version and build information.');
  out.sample('pilot_info', labelBody({ version: pilot.version }), 1);
  out.family('istiod_uptime_seconds', 'gauge', 'Current istiod server uptime in seconds');
  out.sample('istiod_uptime_seconds', '', uptimeSeconds);

  out.family('pilot_xds', 'gauge', 'Number of endpoints connected to this pilot using XDS.');
  out.sample('pilot_xds', labelBody({ version: pilot.version }), pilot.xdsConnections);
  counterFamily(out, 'pilot_xds_pushes', 'Pilot build and send errors for lds, rds, cds and eds.', 'type', pilot.pushes, PUSH_TYPES);

  out.family('pilot_xds_push_time', 'histogram', 'Total time in seconds Pilot takes to push lds, rds, cds and eds.');
  const pushTypes = new Set([...PUSH_TYPES, ...Object.keys(pilot.pushTime)]);
  for (const t of [...pushTypes].sort()) {
    out.histogram('pilot_xds_push_time', labelBody({ type: t }), pilot.pushTime[t] ?? emptyHistogram(PUSH_TIME_BOUNDS));
  }
  out.family(
    'pilot_proxy_convergence_time',
    'histogram',
    'Delay in seconds between config change and a proxy receiving all required configuration.',
  );
  out.histogram('pilot_proxy_convergence_time', '', pilot.convergence);
  out.family('pilot_proxy_queue_time', 'histogram', 'Time in seconds, a proxy is in the push queue before being dequeued.');
  out.histogram('pilot_proxy_queue_time', '', pilot.queueTime);
  out.family(
    'pilot_debounce_time',
    'histogram',
    'Delay in seconds between the first config enters debouncing and the merged push request is pushed into the push queue.',
  );
  out.histogram('pilot_debounce_time', '', pilot.debounceTime);

  counterFamily(
    out,
    'pilot_push_triggers',
    'Total number of times a push was triggered, labeled by reason for the push.',
    'type',
    pilot.pushTriggers,
  );
  counterFamily(out, 'pilot_inbound_updates', 'Total number of updates received by pilot.', 'type', pilot.inboundUpdates);
  counterFamily(out, 'pilot_total_xds_rejects', 'Total number of XDS responses from pilot rejected by proxy.', 'type', pilot.rejects);
  out.family('pilot_total_xds_internal_errors', 'counter', 'Total number of internal XDS errors in pilot.');
  out.sample('pilot_total_xds_internal_errors', '', 0);
  out.family('pilot_xds_write_timeout', 'counter', 'Pilot XDS response write timeouts.');
  out.sample('pilot_xds_write_timeout', '', 0);
  out.family('pilot_xds_expired_nonce', 'counter', 'Total number of XDS requests with an expired nonce.');
  out.sample('pilot_xds_expired_nonce', '', pilot.expiredNonce);

  out.family('pilot_k8s_reg_events', 'counter', 'Events from k8s registry.');
  for (const key of Object.keys(pilot.registryEvents).sort()) {
    const [type = key, event = ''] = key.split('/');
    out.sample('pilot_k8s_reg_events', labelBody({ event, type }), pilot.registryEvents[key] ?? 0);
  }
  out.family('pilot_services', 'gauge', 'Total services known to pilot.');
  out.sample('pilot_services', '', pilot.services);
  out.family('pilot_virt_services', 'gauge', 'Total virtual services known to pilot.');
  out.sample('pilot_virt_services', '', pilot.virtualServices);

  out.family('go_memstats_heap_alloc_bytes', 'gauge', 'Number of heap bytes allocated and still in use.');
  out.sample('go_memstats_heap_alloc_bytes', '', memory?.heapAllocBytes ?? 0);
  out.family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.');
  out.sample('process_resident_memory_bytes', '', memory?.residentBytes ?? 0);
}
