/**
 * Alertmanager's webhook body (version 4), checked field by field: what
 * arrives on the socket is untrusted input.
 */

export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Epoch ms: Prometheus' firing instant (its `FiredAt`). */
  startsAt: number;
  /** Epoch ms of the resolution for resolved alerts; null while firing (Alertmanager sends a zero or future time). */
  endsAt: number | null;
  fingerprint: string;
}

export interface WebhookPayload {
  version: '4';
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: NotifiedAlert[];
}

export type ParseResult = { ok: true; payload: WebhookPayload } | { ok: false; error: string };

export function parseWebhookPayload(body: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  if (!isRecord(raw)) return { ok: false, error: 'body is not an object' };
  if (raw.version !== '4') return { ok: false, error: `unsupported webhook version ${JSON.stringify(raw.version)}` };
  if (!isStatus(raw.status)) return { ok: false, error: 'status must be firing or resolved' };
  if (!Array.isArray(raw.alerts)) return { ok: false, error: 'alerts must be an array' };
  const alerts: NotifiedAlert[] = [];
  for (const [i, a] of raw.alerts.entries()) {
    const alert = parseAlert(a);
    if (typeof alert === 'string') return { ok: false, error: `alerts[${i}]: ${alert}` };
    alerts.push(alert);
  }
  return {
    ok: true,
    payload: {
      version: '4',
      status: raw.status,
      receiver: typeof raw.receiver === 'string' ? raw.receiver : '',
      groupLabels: stringMap(raw.groupLabels) ?? {},
      commonLabels: stringMap(raw.commonLabels) ?? {},
      alerts,
    },
  };
}

function parseAlert(a: unknown): NotifiedAlert | string {
  if (!isRecord(a)) return 'not an object';
  if (!isStatus(a.status)) return 'status must be firing or resolved';
  const labels = stringMap(a.labels);
  if (!labels || typeof labels.alertname !== 'string') return 'labels.alertname missing';
  const startsAt = typeof a.startsAt === 'string' ? Date.parse(a.startsAt) : NaN;
  if (Number.isNaN(startsAt)) return 'startsAt is not a time';
  const endsAtRaw = typeof a.endsAt === 'string' ? Date.parse(a.endsAt) : NaN;
  return {
    status: a.status,
    labels,
    annotations: stringMap(a.annotations) ?? {},
    startsAt,
    // Go's zero time (0001-01-01) parses to a negative epoch; a firing alert's endsAt is only a lease.
    endsAt: a.status === 'resolved' && endsAtRaw > 0 ? endsAtRaw : null,
    fingerprint: typeof a.fingerprint === 'string' ? a.fingerprint : '',
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStatus(v: unknown): v is 'firing' | 'resolved' {
  return v === 'firing' || v === 'resolved';
}

function stringMap(v: unknown): Record<string, string> | null {
  if (!isRecord(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}
