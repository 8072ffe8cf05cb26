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

/** Due for rotation: past half of its own life, or past half of the current TTL. */
export function needsRotation(w: World, cert: Certificate | null): boolean {
  if (!cert) return true;
  const life = Math.min(cert.expiresAt - cert.issuedAt, w.certTtlMs);
  return w.now >= cert.issuedAt + life / 2;
}

export function certValid(cert: Certificate | null, at: number): boolean {
  return cert !== null && at < cert.expiresAt;
}
