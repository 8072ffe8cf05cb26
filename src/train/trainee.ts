/**
 * The trainee as the run's participant: every command they send through
 * the control endpoint lands here, is written to `training.jsonl` and, where
 * the run's timeline should show it, to the timeline too. Mitigations go
 * through the run's journal, so they are undone with everything else.
 */
import type { Clock } from '../clock.js';
import type { TimelineEvent } from '../timeline.js';
import type { TrainingEvent } from '../measure/training-events.js';
import type { RunEnding } from '../measure/verdict.js';
import type { ParticipantHooks, RunParticipant } from '../run/participant.js';
import type { OutsideChange } from '../targets/port.js';
import { describeOperation, type Confirmation, type Operation } from '../targets/operations.js';
import type { TrainingLog } from './training-log.js';

export type SessionState = 'starting' | 'live' | 'ending' | 'ended';

export class Trainee implements RunParticipant {
  private hooks: ParticipantHooks | undefined;
  private said: RunEnding | null = null;
  private left = false;
  private readonly pages = new Map<string, Extract<TrainingEvent, { kind: 'page' }>>();
  private acked = new Set<string>();
  /** Called when the trainee ends the session before the run reached its observe phase. */
  onEarlyEnd: () => void = () => {};
  onJoin: (hooks: ParticipantHooks) => void = () => {};
  onLeave: () => void = () => {};

  constructor(
    private readonly clock: Clock,
    readonly log: TrainingLog,
    private readonly hints: readonly string[],
  ) {}

  join(hooks: ParticipantHooks): void {
    this.hooks = hooks;
    this.onJoin(hooks);
  }

  ending(): RunEnding | null {
    return this.said;
  }

  leave(): void {
    this.left = true;
    this.onLeave();
  }

  get state(): SessionState {
    if (!this.hooks) return 'starting';
    if (this.left) return 'ending';
    return 'live';
  }

  page(p: Extract<TrainingEvent, { kind: 'page' }>): boolean {
    if (this.pages.has(p.fingerprint)) return false;
    this.pages.set(p.fingerprint, p);
    this.log.add(p);
    return true;
  }

  pageList(): (Extract<TrainingEvent, { kind: 'page' }> & { acked: boolean })[] {
    return [...this.pages.values()].sort((a, b) => a.at - b.at).map((p) => ({ ...p, acked: this.acked.has(p.fingerprint) }));
  }

  ack(): { pages: number } {
    const open = [...this.pages.keys()].filter((f) => !this.acked.has(f));
    for (const f of open) this.acked.add(f);
    const at = this.clock.now();
    this.log.add({ kind: 'ack', at, pages: open.length });
    this.note(at, `trainee acknowledged ${open.length} page(s)`);
    return { pages: open.length };
  }

  diagnose(faultType: string, component?: string, note?: string): void {
    const at = this.clock.now();
    this.log.add({ kind: 'diagnose', at, faultType, ...(component ? { component } : {}), ...(note ? { note } : {}) });
    this.note(at, `trainee diagnosis: ${faultType}${component ? ` in ${component}` : ''}`);
  }

  hint(): { index: number; text: string } | null {
    const used = this.log.events.filter((e) => e.kind === 'hint').length;
    const text = this.hints[used];
    if (text === undefined) return null;
    const at = this.clock.now();
    this.log.add({ kind: 'hint', at, index: used, text });
    this.note(at, `trainee took hint ${used + 1}`);
    return { index: used, text };
  }

  hintsLeft(): number {
    return this.hints.length - this.log.events.filter((e) => e.kind === 'hint').length;
  }

  async act(op: Operation): Promise<Confirmation> {
    if (!this.hooks || this.left) throw new Error('the session is not live: nothing can be changed now');
    const action = describeOperation(op);
    // Time to mitigate counts from when the trainee acted, not from the target's confirmation.
    const at = this.clock.now();
    try {
      const c = await this.hooks.mutate(op);
      this.hooks.emit({ kind: 'action', at, by: 'trainee', action, ok: true });
      this.log.add({ kind: 'act', at, action, ok: true });
      return c;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.hooks.emit({ kind: 'action', at, by: 'trainee', action, ok: false, error });
      this.log.add({ kind: 'act', at, action, ok: false, error });
      throw err;
    }
  }

  /**
   * A change the target saw someone other than the harness make (the trainee's `kubectl`, a
   * `gameday sim apply`): a mitigation like `act`'s, scored the same, though not journaled —
   * the harness did not make it, so it neither undoes it nor could have recorded its undo first.
   * Changes before the session is live, or once it is reverting, are not the trainee's response.
   */
  outside(c: OutsideChange): void {
    if (!this.hooks || this.left) return;
    const action = `${c.summary} (${c.via})`;
    this.hooks.emit({ kind: 'action', at: c.at, by: 'trainee', action, ok: true });
    this.log.add({ kind: 'act', at: c.at, action, ok: true, via: c.via, object: c.object });
  }

  end(): void {
    if (this.said) return;
    this.log.add({ kind: 'end', at: this.clock.now(), by: 'trainee' });
    this.said = { kind: 'unrecovered', reason: 'the trainee ended the session' };
    if (!this.hooks || !this.injected()) this.onEarlyEnd();
  }

  injected(): boolean {
    return this.hooks?.events().some((e) => e.kind === 'fault.inject') ?? false;
  }

  events(): readonly TimelineEvent[] {
    return this.hooks?.events() ?? [];
  }

  private note(at: number, message: string): void {
    this.hooks?.emit({ kind: 'note', at, message });
  }
}
