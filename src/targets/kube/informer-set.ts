/**
 * The informers one watcher runs, kept alive: client-node's informer stops
 * at a watch error (an API server restart, a dropped connection, a 410 Gone)
 * and starts again only when asked, so each is listed and watched again after
 * a pause, until the set is stopped.
 */
import type { Informer, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';

/** Re-list after a watch error, after this pause (a retry back-off, not a readiness wait). */
const RETRY_MS = 1000;

export class InformerSet {
  private readonly informers: Informer<KubernetesObject>[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly log: Logger) {}

  /** Adds `informer`, restarted after every watch error; `what` names it in the log. Does not start it. */
  keepAlive<T extends KubernetesObject>(informer: Informer<T>, what: string): void {
    informer.on('error', (err: unknown) => {
      if (this.stopped) return;
      this.log.warn({ event: 'kube.watch-error', what, error: String(err) }, `watch of ${what} ended; listing again`);
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (!this.stopped) void informer.start().catch(() => undefined);
      }, RETRY_MS);
      this.timers.add(t);
    });
    this.informers.push(informer as unknown as Informer<KubernetesObject>);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.allSettled(this.informers.map((i) => i.stop()));
  }
}
