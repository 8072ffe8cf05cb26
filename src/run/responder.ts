/**
 * The scripted responder: recovery actions from the scenario, each fired a
 * delay after its anchor (the first injection, or the first detection).
 * An action whose anchor never comes (no detection) never runs — that is
 * the GameDay finding, not a harness error.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { TimelineEvent } from '../timeline.js';
import type { ResponderAnchor, ResponderStep } from '../scenario/types.js';
import { describeOperation, type Confirmation, type Operation } from '../targets/operations.js';
import { errorText } from '../errors.js';

export interface ResponderDeps {
  clock: Clock;
  /** Scenario seconds per wall second: a step's delay is scenario time, its anchor a wall instant. */
  scale: number;
  log: Logger;
  signal: AbortSignal;
  emit: (e: TimelineEvent) => void;
  mutate: (op: Operation) => Promise<Confirmation>;
  revertFault: (name: string) => Promise<void>;
}

export class Responder {
  private anchors = new Map<ResponderAnchor, number>();
  private inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly steps: ResponderStep[],
    private readonly deps: ResponderDeps,
  ) {}

  /** Records an anchor instant (only the first one counts) and schedules the steps hanging from it. */
  anchor(kind: ResponderAnchor, at: number): void {
    if (this.anchors.has(kind) || this.stopped) return;
    this.anchors.set(kind, at);
    for (const step of this.steps.filter((s) => s.after === kind)) {
      const p = this.perform(step, at + step.delayMs / this.deps.scale).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /** True when no step is waiting or running. */
  settled(): boolean {
    return this.inFlight.size === 0;
  }

  stop(): void {
    this.stopped = true;
  }

  private async perform(step: ResponderStep, due: number): Promise<void> {
    const { clock, log, signal, emit } = this.deps;
    try {
      await clock.sleep(Math.max(0, due - clock.now()), signal);
    } catch {
      return;
    }
    if (this.stopped) return;
    const text = step.action.kind === 'revert-fault' ? `revert fault ${step.action.fault}` : describeOperation(step.action.operation);
    const label = step.note ? `${text} (${step.note})` : text;
    // TTM counts from when the responder starts acting, not from when the target confirmed.
    const at = clock.now();
    try {
      if (step.action.kind === 'revert-fault') await this.deps.revertFault(step.action.fault);
      else await this.deps.mutate(step.action.operation);
      emit({ kind: 'action', at, by: 'responder', action: label, ok: true });
      log.info({ event: 'responder.action', action: label }, 'responder acted');
    } catch (err) {
      emit({ kind: 'action', at, by: 'responder', action: label, ok: false, error: errorText(err) });
      log.warn({ event: 'responder.failed', action: label, error: errorText(err) }, 'responder action failed');
    }
  }
}
