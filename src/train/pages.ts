/**
 * Pages: what Alertmanager would have sent the on-call engineer's pager.
 * Read from Alertmanager's own API (`GET /api/v2/alerts`), so a page is
 * exactly an alert Alertmanager holds as active — with its annotations, a
 * summary and a runbook link when the rule has them.
 */
import type { Clock } from '../clock.js';
import type { TrainingEvent } from '../measure/training-events.js';

export type Page = Extract<TrainingEvent, { kind: 'page' }>;

interface AmAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  fingerprint?: string;
  status?: { state?: string };
}

/** Alertmanager's active alerts as pages; `shownAt` is now. */
export function pagesFrom(body: unknown, shownAt: number): Page[] {
  if (!Array.isArray(body)) return [];
  return (body as AmAlert[])
    .filter((a) => a.status?.state === 'active' && a.fingerprint && a.startsAt)
    .map((a) => {
      const ann = a.annotations ?? {};
      const p: Page = {
        kind: 'page',
        at: Date.parse(a.startsAt!),
        shownAt,
        alert: a.labels?.alertname ?? 'unknown',
        severity: a.labels?.severity ?? 'none',
        summary: ann.summary ?? ann.description ?? '',
        fingerprint: a.fingerprint!,
      };
      if (ann.runbook_url) p.runbookUrl = ann.runbook_url;
      return p;
    });
}

export class PagePoller {
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly alertmanagerUrl: string,
    private readonly clock: Clock,
    private readonly onPage: (p: Page) => void,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.loop ??= (async () => {
      while (!this.stopped.signal.aborted) {
        await this.poll().catch(() => undefined);
        await this.clock.sleep(this.intervalMs, this.stopped.signal).catch(() => undefined);
      }
    })();
  }

  async poll(): Promise<void> {
    const res = await fetch(`${this.alertmanagerUrl}/api/v2/alerts?active=true&silenced=false&inhibited=false`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return;
    for (const p of pagesFrom(await res.json(), this.clock.now())) this.onPage(p);
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    await this.loop;
  }
}
