/** Kubernetes quantities and int-or-string values as the adapter reads and writes them. */

const UNITS: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  m: 1e-3,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(?:[eE]([0-9]+)|([a-zA-Z]*))$/;

/** A quantity as the API server writes one (`512Mi`, `1G`, `129e6`, `250m`), in base units. */
function quantityValue(q: string | number): number | null {
  if (typeof q === 'number') return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] !== undefined) return n * 10 ** Number(m[2]);
  const f = UNITS[m[3] ?? ''];
  return f === undefined ? null : n * f;
}

const MiB = 2 ** 20;

/** `2Gi`, `512Mi` when whole (as a person writes a manifest), else plain bytes. */
export function memoryQuantity(bytes: number): string {
  if (bytes > 0 && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)}Gi`;
  return bytes % MiB === 0 ? `${bytes / MiB}Mi` : `${bytes}`;
}

export function cpuQuantity(milli: number): string {
  return `${milli}m`;
}

/** Bytes of a quantity read from the API; null when absent or unreadable. */
export function memoryBytes(q: string | number | undefined | null): number | null {
  if (q === undefined || q === null) return null;
  const v = quantityValue(q);
  return v === null ? null : Math.ceil(v);
}

export function cpuMilli(q: string | number | undefined | null): number | null {
  if (q === undefined || q === null) return null;
  const v = quantityValue(q);
  return v === null ? null : Math.ceil(v * 1000);
}

/** maxSurge/maxUnavailable: the API wants an integer or a percentage, never `"1"`. */
export function intOrString(v: string): number | string {
  return /^[0-9]+$/.test(v) ? Number(v) : v;
}

export function intOrStringText(v: number | string | undefined, fallback: string): string {
  return v === undefined ? fallback : String(v);
}
