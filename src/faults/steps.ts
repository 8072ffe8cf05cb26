/**
 * Runs a fault's planned steps, so `gameday plan` shows exactly what
 * `inject` does: the steps at offset 0 are applied in order before inject
 * returns (the first confirmation is t_inject); later steps are applied in
 * the background at their offsets from t_inject, and stop on ctx.signal.
 */
import { isAbort, UsageError } from '../errors.js';
import { describeOperation, type Confirmation, type Operation, type WorkloadRef } from '../targets/operations.js';
import type { FaultParams } from '../scenario/types.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, FaultContext, InjectResult, PlannedStep } from './fault.js';

export function step(operation: Operation, offsetMs = 0, why?: string): PlannedStep {
  const text = describeOperation(operation);
  return { offsetMs, operation, description: why ? `${text} (${why})` : text };
}

/** A planned step that is not one fixed operation (a storm, a timer): text only. */
export function note(description: string, offsetMs = 0): PlannedStep {
  return { offsetMs, description };
}

export function offsetText(ms: number): string {
  if (ms % 60_000 === 0) return `+${ms / 60_000}m`;
  if (ms % 1000 === 0) return `+${ms / 1000}s`;
  return `+${ms}ms`;
}

/**
 * Applies the steps that carry an operation. Immediate ones first, in order; the rest in the
 * background. `extra` runs in the background too (a storm's loop) and receives the injection
 * instant on ctx.clock.
 */
export async function execute(
  steps: PlannedStep[],
  ctx: FaultContext,
  extra?: (tInject: number, signal: AbortSignal) => Promise<void>,
): Promise<InjectResult> {
  const now = steps.filter((s) => s.operation && s.offsetMs <= 0);
  const later = steps.filter((s) => s.operation && s.offsetMs > 0).sort((a, b) => a.offsetMs - b.offsetMs);
  if (now.length === 0) throw new UsageError(`fault ${ctx.fault} has nothing to do at injection on this mesh`);
  let first: Confirmation | undefined;
  // Offsets are measured on ctx.clock (scenario time, which runs faster than the wall under a time
  // scale), from the moment the first mutation was confirmed.
  let tInject: number | undefined;
  const operations: string[] = [];
  const applied: Operation[] = [];
  for (const s of now) {
    const c = await ctx.mutate(s.operation!);
    tInject ??= ctx.clock.now();
    applied.push(s.operation!);
    first ??= c;
    operations.push(c.summary);
  }
  for (const s of later) operations.push(`scheduled ${offsetText(s.offsetMs)}: ${s.description}`);
  for (const s of steps.filter((x) => !x.operation && x.offsetMs >= 0)) operations.push(s.description);
  // Our own controller as well as ctx.signal, so revert can stop the background itself.
  const own = new AbortController();
  const signal = AbortSignal.any([ctx.signal, own.signal]);
  const tasks: Promise<void>[] = [];
  if (later.length > 0) tasks.push(runLater(later, tInject!, ctx, signal, applied));
  if (extra) tasks.push(guard(extra(tInject!, signal), ctx));
  const background = tasks.length > 0 ? Promise.all(tasks).then(() => undefined) : undefined;
  running.set(ctx, { stop: () => own.abort(), background, applied });
  return { first: first!, operations, background };
}

const running = new WeakMap<FaultContext, { stop: () => void; background?: Promise<void>; applied: Operation[] }>();

/** The planned operations of this injection the target has confirmed so far, in order. */
export function appliedOps(ctx: FaultContext): Operation[] {
  return [...(running.get(ctx)?.applied ?? [])];
}

async function runLater(
  later: PlannedStep[],
  tInject: number,
  ctx: FaultContext,
  signal: AbortSignal,
  applied: Operation[],
): Promise<void> {
  try {
    for (const s of later) {
      await ctx.clock.sleep(Math.max(0, tInject + s.offsetMs - ctx.clock.now()), signal);
      if (signal.aborted) return;
      const c = await ctx.mutate(s.operation!);
      applied.push(s.operation!);
      ctx.log.info({ event: 'fault.step', fault: ctx.fault, offsetMs: s.offsetMs }, c.summary);
    }
  } catch (err) {
    if (!isAbort(err)) ctx.log.error({ event: 'fault.step.failed', fault: ctx.fault, error: String(err) }, 'scheduled step failed');
  }
}

/**
 * Background work must never reject: the runner only attaches a handler when it reverts, and an
 * unhandled rejection before that would end the process without reverting anything.
 */
async function guard(p: Promise<void>, ctx: FaultContext): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isAbort(err))
      ctx.log.error({ event: 'fault.background.failed', fault: ctx.fault, error: String(err) }, 'background activity failed');
  }
}

/** Stops this injection's background activity and waits until it has settled. */
export async function stopBackground(ctx: FaultContext): Promise<void> {
  const r = running.get(ctx);
  if (!r) return;
  r.stop();
  await r.background?.catch(() => {});
}

/** Forgets this injection (after its revert). */
export function forget(ctx: FaultContext): void {
  running.delete(ctx);
}

/** The common revert: stop background activity, then replay this fault's undos, newest first. */
export async function stopAndUndo(ctx: FaultContext): Promise<void> {
  await stopBackground(ctx);
  await ctx.undoAll();
}

/**
 * Restarts workloads once more after the undos, so pods that got a sidecar (or proxy settings)
 * from the fault get the old one again: on Kubernetes, injection and pod-template annotations
 * only take effect when a pod is created.
 */
export async function restartAgain(ctx: FaultContext, workloads: WorkloadRef[]): Promise<void> {
  const seen = new Set<string>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await ctx.mutate({ op: 'rollout-restart', workload: w });
  }
}

/** Revert for faults whose changes only reach pods when they are recreated: undo, then restart what inject restarted. */
export async function undoThenRestart(ctx: FaultContext): Promise<void> {
  await stopAndUndo(ctx);
  const workloads = appliedOps(ctx).flatMap((op) => (op.op === 'rollout-restart' ? [op.workload] : []));
  forget(ctx);
  await restartAgain(ctx, workloads);
}

/**
 * A fault that is exactly its planned steps: inject performs them against the
 * state read at injection (so what `gameday plan` printed is what happens);
 * revert stops background steps and replays the journal, or does `revert`.
 */
export function plannedFault<P extends FaultParams>(
  type: P['type'],
  summary: string,
  steps: (p: P, mesh: MeshSnapshot) => PlannedStep[],
  revert: (ctx: FaultContext) => Promise<void> = stopAndUndo,
): Fault<P> {
  return {
    type,
    summary,
    plan: steps,
    inject: async (p, ctx) => execute(steps(p, await ctx.snapshot()), ctx),
    revert: (_p, ctx) => revert(ctx),
  };
}
