/**
 * Waits, by watching, until one API object reaches a state: how `apply`
 * knows the API server (and, for Deployments, their controller) confirmed a
 * change. The watch starts before the current state is read, so no change
 * between the two can be missed; absence is a state too (`null`).
 */
import { Watch } from '@kubernetes/client-node';
import { TargetError } from '../../errors.js';
import type { KubeClient } from './kube-client.js';
import { apiErrorText, orNull } from './kube-client.js';

export interface WatchUntil<T> {
  /** Collection path, e.g. `/apis/apps/v1/namespaces/istio-system/deployments`. */
  path: string;
  name: string;
  /** The current object (null when it does not exist). */
  get: () => Promise<T>;
  /** True once the object (null: gone) is in the wanted state. */
  done: (obj: T | null) => boolean;
  /** For the error: what was awaited. */
  what: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export async function watchUntil<T>(client: KubeClient, w: WatchUntil<T>): Promise<void> {
  const timeoutMs = w.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let settle!: (err?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve());
  });
  // Handled here so an early timeout is never an unhandled rejection; awaited below.
  finished.catch(() => undefined);
  let over = false;
  let abort: AbortController | undefined;
  const check = (obj: T | null): void => {
    if (!over && w.done(obj)) {
      over = true;
      settle();
    }
  };
  const start = async (): Promise<void> => {
    abort = await new Watch(client.kc).watch(
      w.path,
      { fieldSelector: `metadata.name=${w.name}`, allowWatchBookmarks: false },
      (phase, obj: T) => check(phase === 'DELETED' ? null : obj),
      // The server ends watches after a while: start again until done.
      () => {
        if (!over) void start().catch((err: unknown) => fail(err));
      },
    );
  };
  const fail = (err: unknown): void => {
    if (over) return;
    over = true;
    settle(new TargetError(`${w.what}: ${apiErrorText(err)}`, undefined, err));
  };
  const timer = setTimeout(() => {
    if (over) return;
    over = true;
    settle(new TargetError(`${w.what}: not confirmed by the API within ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    await start();
    check(await orNull(w.get()));
    await finished;
  } catch (err) {
    fail(err);
    await finished.catch(() => undefined);
    throw err instanceof TargetError ? err : new TargetError(`${w.what}: ${apiErrorText(err)}`, undefined, err);
  } finally {
    over = true;
    clearTimeout(timer);
    abort?.abort();
  }
}
