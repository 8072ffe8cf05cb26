/**
 * The server side of the data-plane bench, run in its own process (its own
 * core): `bare` is a plain node:http server answering like a gateway would,
 * `sim` is the simulator's data plane on the default topology. Prints its URL
 * as the first stdout line and runs until killed.
 */
import { createServer } from 'node:http';
import { WallClock } from '../src/clock.js';
import { listenLoopback } from '../src/targets/sim/loopback-server.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';

const mode = process.argv[2];
if (mode === 'bare') {
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    const body = 'ok';
    // The same flat header list the data plane writes, so only the model's work differs.
    res.writeHead(200, [
      'content-type',
      'text/plain',
      'content-length',
      String(Buffer.byteLength(body)),
      'x-gameday-namespace',
      'prod',
      'x-envoy-upstream-service-time',
      '2',
      'server',
      'istio-envoy',
    ]);
    res.end(body);
  });
  server.keepAliveTimeout = 120_000;
  process.stdout.write(`${await listenLoopback(server)}\n`);
} else if (mode === 'sim' || mode === 'sim-full-walk') {
  // Latency is reported, never waited for, so the bench measures the data plane's own cost.
  // At tens of thousands of requests/s the model's sidecars run out of CPU and memory and answer 503;
  // `sim-full-walk` makes requests free for the sidecars, so every request walks every hop.
  const params = mode === 'sim-full-walk' ? { proxyCpuPerRpsMilli: 0, proxyPerRpsBytes: 0 } : undefined;
  const target = new SimTarget({ clock: new WallClock(), delayThresholdMs: Infinity, ...(params ? { params } : {}) });
  const e = await target.up();
  process.stdout.write(`${e.ingressUrl}\n`);
  process.on('SIGTERM', () => void target.down().then(() => process.exit(0)));
} else {
  process.stderr.write('usage: sim-bench-server.ts bare|sim|sim-full-walk\n');
  process.exitCode = 2;
}
