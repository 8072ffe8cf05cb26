/** The target flags shared by run, suite and plan, and how they combine with a scenario's default. */
import type { Argv } from 'yargs';
import type { Scenario } from '../scenario/types.js';
import type { TargetKind } from '../targets/port.js';

export interface TargetArgs {
  target?: TargetKind;
  context?: string;
  'allow-context': string[];
  'kind-cluster': string;
}

export function targetOptions<T>(y: Argv<T>): Argv<T & TargetArgs> {
  return y
    .option('target', { choices: ['sim', 'kind', 'cluster'] as const, describe: "where to run: the embedded simulator (default), a kind cluster, or an existing cluster" })
    .option('context', { type: 'string', describe: 'kube context of an existing cluster (required with --target cluster)' })
    .option('allow-context', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'contexts faults may be injected into (also GAMEDAY_ALLOWED_CONTEXTS, comma separated)',
    })
    .option('kind-cluster', { type: 'string', default: 'gameday', describe: 'kind cluster name (--target kind)' }) as unknown as Argv<T & TargetArgs>;
}

/** The command line wins; then the scenario's `spec.target.default`; then the simulator. */
export function resolveTargetKind(args: TargetArgs, scenario?: Scenario): TargetKind {
  return args.target ?? scenario?.spec.target.default ?? 'sim';
}

export function allowedContexts(args: TargetArgs): string[] {
  return [...args['allow-context'], ...(process.env.GAMEDAY_ALLOWED_CONTEXTS ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
}
