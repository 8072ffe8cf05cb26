/** `--load-engine` of run and suite: overrides `spec.load.engine`, and refuses before anything starts when the engine is missing. */
import type { Argv } from 'yargs';
import { requireLoadEngine } from '../observe/load/load-engine.js';
import { LOAD_ENGINES, type LoadEngineName, type Scenario } from '../scenario/types.js';

export interface LoadArgs {
  'load-engine'?: LoadEngineName;
}

export function loadOptions<T>(y: Argv<T>): Argv<T & LoadArgs> {
  return y.option('load-engine', {
    choices: LOAD_ENGINES,
    describe: "load engine, over the scenario's spec.load.engine: vegeta (default, installed by scripts/setup) or k6 (your own k6 on PATH)",
  }) as unknown as Argv<T & LoadArgs>;
}

/** Applies the flag to each scenario, then checks each engine they use is installed (ToolMissingError, exit 3, otherwise). */
export async function useLoadEngine(args: LoadArgs, scenarios: Scenario[]): Promise<void> {
  for (const s of scenarios) if (args['load-engine']) s.spec.load.engine = args['load-engine'];
  for (const engine of new Set(scenarios.map((s) => s.spec.load.engine))) await requireLoadEngine(engine);
}
