/**
 * The data plane's request telemetry: `istio_requests_total` and
 * `istio_request_duration_milliseconds` per reporting proxy, as the sidecars'
 * Prometheus endpoints would expose them. Recording is O(1) per hop: each
 * series is a cell found through an index on the hop's identity, its labels
 * rendered once, when the series is first seen.
 */
import type { HopOutcome, Reporter } from './model/readings.js';
import { Exposition, labelBody, leLabelsFor } from './exposition.js';
import { FragmentCache } from './metrics/fragment-cache.js';
import { istioRequestLabels } from './istio-labels.js';

/** Istio's default duration buckets in ms (docs/envoy.md#request-metrics). */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

const LE_LABELS = leLabelsFor(ISTIO_DURATION_BUCKETS_MS);

interface SeriesCell {
  /** The rendered label body, which is also the cell's key: one cell per label set. */
  labels: string;
  /** Moves with every request the cell counts, and differs between cells: what its cached lines show. */
  version: number;
  /** `namespace/pod` of the reporting proxy: its series go when the pod goes. */
  pod: string;
  /** Set when retainPods drops the series: the hop index may still hold the cell, and must not count into it. */
  dropped: boolean;
  requests: number;
  buckets: Float64Array;
  overflow: number;
  sum: number;
}

/** Both reporters see the same duration here: the model gives one latency per hop. */
function observe(cell: SeriesCell, ms: number, version: number): void {
  cell.version = version;
  cell.requests++;
  const i = bucketIndex(ms);
  if (i < 0) cell.overflow++;
  else cell.buckets[i] = (cell.buckets[i] as number) + 1;
  cell.sum += ms;
}

function bucketIndex(ms: number): number {
  const b = ISTIO_DURATION_BUCKETS_MS;
  for (let i = 0; i < b.length; i++) if (ms <= (b[i] as number)) return i;
  return -1;
}

/** The series of one hop identity, per reporter, created on first use. */
interface HopCells {
  source: SeriesCell | null;
  destination: SeriesCell | null;
}

type Level<T> = Map<string, T>;

/**
 * The cells of one hop identity up to its response flags: those of the usual
 * flags (`-`) in place, any others by flags. Keyed by code and mTLS as one
 * number, so the common hop costs one lookup past the destination pod.
 */
interface CodeCells {
  plain: HopCells | null;
  flagged: Map<string, HopCells> | null;
}

/** The next level of the hop index, made on first use (no callback: this runs for every hop of every request). */
function child<K, T>(m: Map<string, Map<K, T>>, key: string): Map<K, T> {
  let v = m.get(key);
  if (v === undefined) {
    v = new Map();
    m.set(key, v);
  }
  return v;
}

function codeCells(m: Map<number, CodeCells>, key: number): CodeCells {
  let v = m.get(key);
  if (v === undefined) {
    v = { plain: null, flagged: null };
    m.set(key, v);
  }
  return v;
}

/** The cells for `flags` under one code, made on first use. */
function flagCells(c: CodeCells, flags: string): HopCells {
  if (flags === '-') return (c.plain ??= { source: null, destination: null });
  c.flagged ??= new Map();
  let cells = c.flagged.get(flags);
  if (cells === undefined) c.flagged.set(flags, (cells = { source: null, destination: null }));
  return cells;
}

export class RequestMetrics {
  private readonly cells = new Map<string, SeriesCell>();
  /** Each series' lines (counter, histogram), rendered again only when it counted a request. */
  private readonly lines = new FragmentCache<number>(2);
  private versions = 0;
  /**
   * Hop identity → its cells, as nested maps on the model's own strings (whose
   * hashes V8 caches): no key string is built per request. Levels: source
   * namespace, source pod, destination service, destination pod, code and
   * mTLS as one number, flags (CodeCells).
   */
  private readonly byHop: Level<Level<Level<Map<string, Map<number, CodeCells>>>>> = new Map();

  /** Records one hop under each proxy that reports it. */
  record(hop: HopOutcome): void {
    const byCode = child(child(child(child(this.byHop, hop.sourceNamespace), hop.sourcePod), hop.destinationService), hop.destinationPod ?? '');
    const cells = flagCells(codeCells(byCode, 2 * hop.responseCode + (hop.mtls ? 1 : 0)), hop.responseFlags);
    const reporters = hop.reporters;
    for (let i = 0; i < reporters.length; i++) {
      // Named fields, not `cells[reporter]`: a keyed access by a string cost more than the rest of the loop.
      const source = reporters[i] === 'source';
      let cell = source ? cells.source : cells.destination;
      // A cell dropped by retainPods is detached here too, so a pod name reused later starts afresh.
      if (cell === null || cell.dropped) {
        cell = this.cell(hop, source ? 'source' : 'destination');
        if (source) cells.source = cell;
        else cells.destination = cell;
      }
      observe(cell, hop.latencyMs, ++this.versions);
    }
  }

  /**
   * The series of the hop as `reporter` labels it. Keyed by the label set
   * itself: hops that differ only in what the reporter's labels leave out
   * (the peer's pod) are one series, as they are one in the sidecar's stats.
   */
  private cell(hop: HopOutcome, reporter: Reporter): SeriesCell {
    const labels = istioRequestLabels(hop, reporter);
    const body = labelBody(labels);
    let cell = this.cells.get(body);
    if (cell === undefined) {
      cell = {
        labels: body,
        version: ++this.versions,
        pod: `${labels.namespace}/${labels.pod}`,
        dropped: false,
        requests: 0,
        buckets: new Float64Array(ISTIO_DURATION_BUCKETS_MS.length),
        overflow: 0,
        sum: 0,
      };
      this.cells.set(body, cell);
    }
    return cell;
  }

  /** Drops the series of proxies that no longer exist (`namespace/pod` keys), as their scrape targets would vanish. */
  retainPods(live: ReadonlySet<string>): void {
    let dropped = false;
    for (const [key, cell] of this.cells) {
      if (!live.has(cell.pod)) {
        cell.dropped = true;
        this.cells.delete(key);
        dropped = true;
      }
    }
    // The hop index would otherwise keep every pod a churn storm ever made; it refills on use.
    if (dropped) this.byHop.clear();
  }

  get seriesCount(): number {
    return this.cells.size;
  }

  /** Total requests recorded for series whose labels contain every given `k="v"` fragment (tests, views). */
  total(match: Readonly<Record<string, string>> = {}): number {
    // Delimited by commas so `namespace` does not match inside `source_workload_namespace`.
    const frags = Object.entries(match).map(([k, v]) => `,${k}="${v}",`);
    let n = 0;
    for (const c of this.cells.values()) {
      const delimited = `,${c.labels},`;
      if (frags.every((f) => delimited.includes(f))) n += c.requests;
    }
    return n;
  }

  /**
   * Each `istio_requests_total` series as its rendered label body and request
   * count, read-only: the benches compute an alerting rule's ground truth on
   * the exact counts every few ms, which `total()` (one label match per call)
   * or rendering the exposition would make costly enough to disturb the run.
   */
  forEachRequestCount(visit: (labels: string, requests: number) => void): void {
    for (const c of this.cells.values()) visit(c.labels, c.requests);
  }

  /**
   * Both families, each series' lines from the cache unless it counted a
   * request since the last scrape: a mesh of thousands of pods has tens of
   * thousands of these series, few of which move in a second.
   */
  render(out: Exposition): void {
    this.lines.begin();
    for (const c of this.cells.values()) this.lines.add(c.labels, c.version, () => renderCell(c));
    this.lines.end();
    out.family('istio_requests_total', 'counter', 'Total requests handled by an Istio proxy.');
    this.lines.write(out, 0);
    out.family('istio_request_duration_milliseconds', 'histogram', 'Duration of requests handled by an Istio proxy, in milliseconds.');
    this.lines.write(out, 1);
  }
}

/** A series' lines: its `istio_requests_total` sample, and its duration histogram. */
function renderCell(c: SeriesCell): [string, string] {
  const total = new Exposition().sample('istio_requests_total', c.labels, c.requests);
  const histogram = new Exposition().histogram(
    'istio_request_duration_milliseconds',
    c.labels,
    { bounds: ISTIO_DURATION_BUCKETS_MS, counts: c.buckets, overflow: c.overflow, sum: c.sum, count: c.requests },
    LE_LABELS,
  );
  return [total.toString(), histogram.toString()];
}
