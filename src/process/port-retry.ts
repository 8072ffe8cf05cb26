/**
 * Starting a program on a port picked by freePort races with any other
 * process on the machine taking that port in between (CI runners, the other
 * runs of a suite). When the program says its address is in use, pick
 * another port and start it again, a few times, instead of failing the run.
 */
import { freePort } from './free-port.js';

const ATTEMPTS = 3;
const IN_USE = /address already in use/i;

/** Picks a port; tests pass one that is taken to prove the retry. */
export type PortPicker = () => Promise<number>;

/**
 * `start(port)` starts the program and waits for it to be ready, stopping it and rethrowing (with
 * its log's tail in the message) on failure. Retried on another port while the log says the
 * address was in use; any other failure, or the last attempt's, is rethrown.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, pick: PortPicker = freePort): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await pick());
    } catch (err) {
      const portInUse = IN_USE.test(err instanceof Error ? err.message : String(err));
      if (!portInUse || attempt >= ATTEMPTS) throw err;
    }
  }
}
