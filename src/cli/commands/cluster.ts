/**
 * `gameday cluster up|down|status`: the kind cluster the `kind` target runs
 * on — kind from kind-config.yaml, the local registry, Istio by revision
 * with the `stable` and `default` tags, kube-state-metrics, the demo app.
 * Needs Docker, kind, istioctl and kubectl; without one it refuses (exit 3)
 * and says how to install it.
 */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { requireTool } from '../../observe/tools.js';
import type { ToolName } from '../../observe/tool-catalog.js';
import { projectRoot } from '../../project-root.js';
import {
  clusterDown,
  clusterStatus,
  clusterUp,
  ISTIO_VERSION,
  readKindConfig,
  zxRunner,
  type LifecycleDeps,
} from '../../compose/kind-cluster.js';
import { textTable } from '../../text-table.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface ClusterArgs extends GlobalArgs {
  action: 'up' | 'down' | 'status';
  config: string;
  'istio-version': string;
  json: boolean;
}

const TOOLS: Record<ClusterArgs['action'], ToolName[]> = {
  up: ['docker', 'kind', 'istioctl', 'kubectl'],
  down: ['docker', 'kind'],
  status: ['docker', 'kind', 'istioctl'],
};

/** Each tool's path, or a ToolMissingError (exit 3) naming what to install. */
async function tools(names: readonly ToolName[]): Promise<Record<string, string>> {
  const found = await Promise.all(names.map((n) => requireTool(n)));
  return Object.fromEntries(found.map((t) => [t.tool, t.path]));
}

export function clusterCommand(ctx: CliContext): CommandModule<GlobalArgs, ClusterArgs> {
  return {
    command: 'cluster <action>',
    describe: 'create, delete or inspect the kind cluster with Istio and the demo app (needs Docker, kind, istioctl, kubectl)',
    builder: (y) =>
      y
        .positional('action', { choices: ['up', 'down', 'status'] as const, demandOption: true })
        .option('config', { type: 'string', default: 'kind-config.yaml', describe: 'kind cluster config' })
        .option('istio-version', {
          type: 'string',
          default: ISTIO_VERSION,
          describe: 'Istio version to install; istioctl on PATH must be this version',
        })
        .option('json', { type: 'boolean', default: false, describe: '(status) JSON on stdout' })
        .example('$0 cluster up', 'kind cluster `gameday`, Istio, kube-state-metrics and the demo app; ingress on http://127.0.0.1:30080')
        .example('$0 cluster status', 'what exists, and the istioctl and control-plane versions')
        .example('$0 cluster down', 'delete the cluster and the registry container'),
    handler: async (args) => {
      const root = projectRoot();
      const config = readKindConfig(resolve(ctx.cwd, args.config));
      const deps: LifecycleDeps = {
        run: zxRunner({ paths: await tools(TOOLS[args.action]), cwd: root }),
        progress: (line) => ctx.err.write(`cluster ${args.action}: ${line}\n`),
        root,
      };
      if (args.action === 'up') {
        await clusterUp(config, args['istio-version'], deps);
        ctx.out.write(`context ${config.context}\ningress ${config.ingressUrl}\n`);
      } else if (args.action === 'down') {
        await clusterDown(config, deps);
      } else {
        const s = await clusterStatus(config, deps);
        if (args.json) ctx.out.write(`${JSON.stringify(s, null, 2)}\n`);
        else
          ctx.out.write(
            textTable(
              ['CLUSTER', 'EXISTS', 'REGISTRY', 'CONTEXT', 'INGRESS', 'ISTIOCTL', 'CONTROL PLANE'],
              [
                [
                  s.cluster,
                  s.exists ? 'yes' : 'no',
                  s.registry,
                  s.context,
                  s.ingressUrl,
                  s.istioctl ?? '—',
                  s.controlPlane.join(', ') || '—',
                ],
              ],
            ),
          );
      }
    },
  };
}
