/** The target flags shared by run, suite, plan and train, and how they combine with a scenario's default. */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Scenario } from '../scenario/types.js';
import { GAMEDAY_NAMESPACE_LABEL } from '../run/guard.js';
import type { KubeRequest } from '../compose/pick.js';
import type { TargetKind } from '../targets/port.js';

export interface TargetArgs {
  target?: TargetKind;
  context?: string;
  'allow-context': string[];
  'kind-cluster': string;
  'allow-namespace': string[];
  kubeconfig?: string;
  'ingress-url'?: string;
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
    .option('kind-cluster', { type: 'string', default: 'gameday', describe: 'kind cluster name (--target kind)' })
    .option('allow-namespace', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: `namespaces faults may change on a cluster (also GAMEDAY_ALLOWED_NAMESPACES); each must also carry the label ${GAMEDAY_NAMESPACE_LABEL}=true`,
    })
    .option('kubeconfig', { type: 'string', describe: 'kubeconfig file (default $KUBECONFIG, else ~/.kube/config); only --context is used from it' })
    .option('ingress-url', { type: 'string', describe: "where load is sent on a cluster (default: the istio-ingressgateway Service's load-balancer address)" }) as unknown as Argv<T & TargetArgs>;
}

/** The command line wins; then the scenario's `spec.target.default`; then the simulator. */
export function resolveTargetKind(args: TargetArgs, scenario?: Scenario): TargetKind {
  return args.target ?? scenario?.spec.target.default ?? 'sim';
}

export function allowedContexts(args: TargetArgs): string[] {
  return [...args['allow-context'], ...(process.env.GAMEDAY_ALLOWED_CONTEXTS ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
}

export function allowedNamespaces(args: TargetArgs): string[] {
  return [...args['allow-namespace'], ...(process.env.GAMEDAY_ALLOWED_NAMESPACES ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
}

/** What the Kubernetes adapter needs from the command line (ignored on the simulator). */
export function kubeRequestOf(args: TargetArgs, cwd: string): KubeRequest {
  return {
    namespaces: allowedNamespaces(args),
    ...(args.kubeconfig ? { kubeconfigPath: resolve(cwd, args.kubeconfig) } : {}),
    ...(args['ingress-url'] ? { ingressUrl: args['ingress-url'] } : {}),
  };
}
