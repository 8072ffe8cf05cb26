/**
 * The ingress face of the simulator: an HTTP listener the load engine drives like an
 * ingress gateway. Each request is walked through the model; the reply
 * carries the final status and body, the namespace that produced it, and the
 * modelled latency — as a header always, and as a real delay only when it is
 * long enough to matter, so throughput is not bounded by timers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { MeshModel } from './mesh-model.js';
import type { RequestOutcome } from './model/readings.js';
import { LoopbackListener } from './loopback-server.js';
import { localReplyBody } from './local-replies.js';
import type { RequestMetrics } from './request-metrics.js';
import { isFailedStatus, type SymptomTracker } from './symptom-tracker.js';
import { errorText } from '../../errors.js';

/** Header the load engines count namespaces by: the namespace whose workload produced the final response. */
export const NAMESPACE_HEADER = 'x-gameday-namespace';
/** Envoy's header for the time the upstream took (ms). */
export const UPSTREAM_TIME_HEADER = 'x-envoy-upstream-service-time';

export interface DataPlaneReply {
  status: number;
  body: string;
  namespace: string;
  latencyMs: number;
}

export interface DataPlaneOptions {
  model: Pick<MeshModel, 'handleRequest'>;
  metrics: RequestMetrics;
  symptoms: SymptomTracker;
  /** Namespace of the ingress gateway, for replies no workload produced (no route). */
  gatewayNamespace: string;
  /** Replies whose modelled latency exceeds this are held back by it (ms). */
  delayThresholdMs?: number;
}

/** The namespace of the workload that produced the final response: the deepest hop that answered with it. */
export function producingNamespace(outcome: RequestOutcome, fallback: string): string {
  const hops = outcome.hops;
  if (outcome.status < 400) return hops[0]?.destinationNamespace ?? fallback;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop && hop.responseCode === outcome.status) return hop.destinationNamespace;
  }
  return hops[0]?.destinationNamespace ?? fallback;
}

export class DataPlane {
  private readonly listener = new LoopbackListener('data plane');
  private readonly delayThresholdMs: number;

  constructor(private readonly opts: DataPlaneOptions) {
    this.delayThresholdMs = opts.delayThresholdMs ?? 5;
  }

  /** Walks one request through the model and records its telemetry. */
  handle(method: string, url: string): DataPlaneReply {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const outcome = this.opts.model.handleRequest({ path, method });
    const hops = outcome.hops;
    for (let i = 0; i < hops.length; i++) this.opts.metrics.record(hops[i]!);
    const namespace = producingNamespace(outcome, this.opts.gatewayNamespace);
    const flags = hops[hops.length - 1]?.responseFlags ?? (outcome.route === null ? 'NR' : '-');
    const body = outcome.body || localReplyBody(outcome.status, flags);
    // The description is built only for a failure: no closure per successful request.
    if (isFailedStatus(outcome.status))
      this.opts.symptoms.observe(outcome.status, () => `${method} ${path}: ${outcome.status} ${body || flags} (namespace ${namespace})`);
    return { status: outcome.status, body, namespace, latencyMs: outcome.latencyMs };
  }

  listen(port = 0): Promise<string> {
    return this.listener.listen(() => {
      const server = createServer({ keepAlive: true }, (req, res) => this.serve(req, res));
      // Load engines keep connections for the whole run; Node's 5 s default would make it reconnect constantly.
      server.keepAliveTimeout = 120_000;
      return server;
    }, port);
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    // The body is never needed; draining it keeps the keep-alive connection usable.
    req.resume();
    let reply: DataPlaneReply;
    try {
      reply = this.handle(req.method ?? 'GET', req.url ?? '/');
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${errorText(e)}`);
      return;
    }
    if (reply.latencyMs > this.delayThresholdMs) setTimeout(() => send(res, reply), reply.latencyMs);
    else send(res, reply);
  }
}

function send(res: ServerResponse, reply: DataPlaneReply): void {
  // A flat header list skips Node's per-call header object walk: this is the hot path.
  res.writeHead(reply.status, [
    'content-type',
    'text/plain',
    'content-length',
    String(Buffer.byteLength(reply.body)),
    NAMESPACE_HEADER,
    reply.namespace,
    UPSTREAM_TIME_HEADER,
    String(Math.round(reply.latencyMs)),
    'server',
    'istio-envoy',
  ]);
  res.end(reply.body);
}
