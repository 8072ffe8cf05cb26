/**
 * A simulator another process runs (`gameday sim serve`), reached through
 * its control API: a trainee can watch and act on the same mesh the run
 * injects into, and `gameday rollback` can revert a crashed run against it.
 * `down` leaves the simulator running: it is not ours to stop.
 */
import type { Clock } from '../../clock.js';
import { ComponentError } from '../../errors.js';
import type { Confirmation, Operation } from '../operations.js';
import type { SymptomRecord, Target, TargetEndpoints, TargetEvent } from '../port.js';
import type { MeshSnapshot } from '../views.js';
import { SimControlClient } from './control-client.js';

const EVENT_POLL_MS = 1000;

export class RemoteSimTarget implements Target {
  readonly kind = 'sim' as const;
  readonly identity: string;
  private readonly client: SimControlClient;
  private listeners = new Set<(e: TargetEvent) => void>();
  private poller?: NodeJS.Timeout;
  private lastEventAt: number;
  private lastSymptoms: SymptomRecord[] = [];

  constructor(controlUrl: string, clock: Clock) {
    this.client = new SimControlClient(controlUrl);
    this.identity = simIdentity(this.client.baseUrl);
    this.lastEventAt = clock.now();
  }

  async up(): Promise<TargetEndpoints> {
    const endpoints = await this.client.endpoints();
    if (!endpoints) throw new ComponentError('simulator', `the simulator at ${this.client.baseUrl} is not serving yet`);
    this.poller = setInterval(() => void this.pollEvents(), EVENT_POLL_MS);
    this.poller.unref();
    return { ingressUrl: endpoints.ingressUrl, scrape: endpoints.scrape, timeScale: endpoints.timeScale };
  }

  async down(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    // Keep what the remote simulator knew of symptoms for the result, then let it be.
    this.lastSymptoms = await this.client.symptoms().catch(() => this.lastSymptoms);
  }

  inverse(op: Operation): Promise<Operation | null> {
    return this.client.inverse(op);
  }

  apply(op: Operation): Promise<Confirmation> {
    return this.client.apply(op);
  }

  snapshot(): Promise<MeshSnapshot> {
    return this.client.snapshot();
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  symptoms(): SymptomRecord[] {
    return this.lastSymptoms;
  }

  private async pollEvents(): Promise<void> {
    try {
      const events = await this.client.events(this.lastEventAt + 1);
      for (const e of events) {
        this.lastEventAt = Math.max(this.lastEventAt, e.at);
        for (const l of this.listeners) l(e);
      }
    } catch {
      // A missed poll is caught up by the next one: events are asked for by time.
    }
  }
}

/** The identity of a served simulator: its control URL, without a trailing slash. */
export function simIdentity(controlUrl: string): string {
  return `sim:${controlUrl.replace(/\/+$/, '')}`;
}
