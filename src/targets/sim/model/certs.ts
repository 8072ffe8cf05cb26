/**
 * Workload certificates (docs/istio.md#workload-certificates): issued by istiod when the
 * proxy connects, with the mesh's TTL (`SECRET_TTL`, 24 h by default), and
 * rotated at half life only while an istiod of the proxy's revision is
 * reachable. Without istiod, certificates run out and mTLS handshakes fail.
 *
 * Simplification: a TTL change applies at each proxy's next rotation, judged
 * against the new TTL (a cluster needs the proxies restarted to read it).
 */
import type { Certificate, ProxyState } from './state.js';
import type { World } from './world.js';

export function issueCertificate(w: World, proxy: ProxyState): void {
  proxy.cert = { issuedAt: w.now, expiresAt: w.now + w.certTtlMs };
}

/** When it is due for rotation: half of its own life, or half of the current TTL if that is shorter; now when there is none. */
export function rotationAt(w: World, cert: Certificate | null): number {
  if (!cert) return w.now;
  const life = Math.min(cert.expiresAt - cert.issuedAt, w.certTtlMs);
  return cert.issuedAt + life / 2;
}

export function needsRotation(w: World, cert: Certificate | null): boolean {
  return w.now >= rotationAt(w, cert);
}

export function certValid(cert: Certificate | null, at: number): boolean {
  return cert !== null && at < cert.expiresAt;
}
