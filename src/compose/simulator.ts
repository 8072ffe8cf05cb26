/**
 * What `gameday sim` needs of the simulator, handed out by the composition
 * root so the CLI never imports a concrete target: a standalone simulator to
 * serve, a client of a running one, and the checks of what a user gives them.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { SimControlClient } from '../targets/sim/control-client.js';
import type { TopologySpec } from '../targets/sim/model/topology-spec.js';
import { validateTopology } from '../targets/sim/model/topology.js';
import { SimTarget, type SimEndpoints } from '../targets/sim/sim-target.js';

export { SIM_CONTROL_ENV, type Listing } from '../targets/sim/control-client.js';
export { checkOperation, type OperationCheck } from '../targets/sim/operation-check.js';
export type { SimEndpoints, SimControlClient, TopologySpec };

/** A simulator of its own, as `gameday sim serve` runs it; `topology` is already checked (see `checkTopology`). */
export interface StandaloneSimulator {
  up(): Promise<SimEndpoints>;
  down(): Promise<void>;
}

export function standaloneSimulator(opts: {
  clock: Clock;
  timeScale: number;
  seed: number;
  topology: TopologySpec | 'default';
  log: Logger;
}): StandaloneSimulator {
  return new SimTarget(opts);
}

/** A client of the control API of a simulator another process runs. */
export function simControlClient(url: string): SimControlClient {
  return new SimControlClient(url);
}

/** A topology read from a user's file, checked; throws saying what is wrong. */
export function checkTopology(input: unknown): TopologySpec {
  return validateTopology(input);
}
