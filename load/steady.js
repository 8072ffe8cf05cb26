// Steady user traffic for a GameDay: a constant arrival rate (requests per
// second do not drop when the mesh slows down, so failures show up as
// failures, not as fewer requests). Works against the simulator's data
// plane and against any real ingress: only BASE_URL is required.
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=20 -e DURATION=60s \
//          -e VUS=20 -e TARGET_PATH=/productpage load/steady.js
//
// Optional: REQUEST_TIMEOUT (default 10s), HOST_HEADER (a gateway reached by IP),
// ROUTES (JSON [{"path","weight","headers"}], which the harness passes from the
// scenario's spec.load: requests are spread over the routes by weight).
import http from 'k6/http';
import { Rate } from 'k6/metrics';

const BASE_URL = (__ENV.BASE_URL || '').replace(/\/+$/, '');
if (!BASE_URL) throw new Error('BASE_URL is required, e.g. -e BASE_URL=http://127.0.0.1:8080');
const RATE = Number(__ENV.RATE || 20);
const VUS = Number(__ENV.VUS || Math.max(10, RATE));
const DURATION = __ENV.DURATION || '60s';
const TARGET_PATH = __ENV.TARGET_PATH || '/';
const join = (path) => BASE_URL + (path.startsWith('/') ? path : `/${path}`);
const HOST = __ENV.HOST_HEADER ? { Host: __ENV.HOST_HEADER } : {};
const ROUTES = (__ENV.ROUTES ? JSON.parse(__ENV.ROUTES) : [{ path: TARGET_PATH, weight: 1 }]).map((r) => ({
  url: join(r.path),
  weight: r.weight || 1,
  params: {
    // One `name` for every request keeps k6's tag cardinality flat whatever the URL.
    tags: { name: 'steady' },
    timeout: __ENV.REQUEST_TIMEOUT || '10s',
    headers: { ...HOST, ...(r.headers || {}) },
  },
}));
const TOTAL_WEIGHT = ROUTES.reduce((n, r) => n + r.weight, 0);

function pick() {
  let x = Math.random() * TOTAL_WEIGHT;
  for (const r of ROUTES) if ((x -= r.weight) < 0) return r;
  return ROUTES[ROUTES.length - 1];
}

export const options = {
  discardResponseBodies: true,
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: VUS,
      // Slow responses need more VUs to keep the rate; cap it so a hung mesh cannot exhaust the host.
      maxVUs: VUS * 4,
      gracefulStop: '5s',
    },
  },
};

// One point per request, tagged with the namespace of the workload that
// produced the final response (the simulator sets x-gameday-namespace; a
// real mesh can add it with an EnvoyFilter or leave it out). The harness
// turns these into per-namespace SLIs (blast radius). A metric of its own,
// because k6 tags a request's built-in metrics before the response exists.
const namespaceFailed = new Rate('gameday_request_failed');

export default function () {
  const route = pick();
  const res = http.get(route.url, route.params);
  const namespace = res.headers['X-Gameday-Namespace'];
  if (namespace) {
    namespaceFailed.add(res.status < 200 || res.status >= 400, { namespace });
  }
}
