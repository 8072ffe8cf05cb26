/**
 * `gameday sim <command>`: the embedded simulator on its own.
 *
 *   sim serve [--time-scale N] [--seed N] [--topology file]   run it until SIGINT/SIGTERM; the first
 *                                                             stdout line is {"ingress","sd","control","metrics"}
 *   sim get <pods|deployments|policies|nodes> [--json]        kubectl-like listings of a running one
 *   sim proxy-status [--json]                                 istioctl proxy-status of a running one
 *   sim apply -f <operation.json>                             perform one Operation on a running one
 *
 * The last three find the simulator by `--control <url>` or GAMEDAY_SIM_CONTROL.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Argv, CommandModule } from 'yargs';
import { WallClock } from '../../clock.js';
import { errorText, UsageError } from '../../errors.js';
import {
  SIM_CONTROL_ENV,
  checkOperation,
  checkTopology,
  simControlClient,
  standaloneSimulator,
  type Listing,
  type SimControlClient,
  type TopologySpec,
} from '../../compose/simulator.js';
import { describeOperation } from '../../targets/operations.js';
import type { CliContext, GlobalArgs } from '../context.js';

interface ServeArgs extends GlobalArgs {
  'time-scale': number;
  seed: number;
  topology?: string;
}

interface ControlArgs extends GlobalArgs {
  control?: string;
  json: boolean;
}

interface GetArgs extends ControlArgs {
  what: Exclude<Listing, 'proxy-status'>;
}

interface ApplyArgs extends ControlArgs {
  file: string;
}

const GET_WHAT = ['pods', 'deployments', 'policies', 'nodes'] as const;

function readDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${errorText(e)})`);
  }
  try {
    // YAML is a superset of JSON: one parser takes both.
    return parseYaml(text) as unknown;
  } catch (e) {
    throw new UsageError(`${file}: not JSON or YAML (${errorText(e)})`);
  }
}

function readTopology(file: string): TopologySpec {
  try {
    return checkTopology(readDataFile(file));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${errorText(e)}`);
  }
}

function controlOptions<T>(y: Argv<T>) {
  return y
    .option('control', { type: 'string', describe: `control URL of a running \`gameday sim serve\` (default: $${SIM_CONTROL_ENV})` })
    .option('json', { type: 'boolean', default: false, describe: 'JSON instead of a table' });
}

function client(args: ControlArgs): SimControlClient {
  const url = args.control ?? process.env[SIM_CONTROL_ENV];
  if (!url) throw new UsageError(`no simulator named: pass --control <url> or set ${SIM_CONTROL_ENV} (\`gameday sim serve\` prints it)`);
  return simControlClient(url);
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(sig);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function serveCommand(ctx: CliContext): CommandModule<GlobalArgs, ServeArgs> {
  return {
    command: 'serve',
    describe: 'run the simulated mesh until interrupted; prints its endpoints as one JSON line',
    builder: (y) =>
      y
        .option('time-scale', { type: 'number', default: 1, describe: 'model seconds per wall second' })
        .option('seed', { type: 'number', default: 1, describe: 'seed of the model’s randomness' })
        .option('topology', { type: 'string', describe: 'topology file (JSON or YAML); default: the built-in mesh' })
        .check((a) => {
          if (!(a['time-scale'] > 0)) throw new UsageError(`--time-scale must be positive, got ${a['time-scale']}`);
          return true;
        }),
    handler: async (args) => {
      const topology = args.topology ? readTopology(args.topology) : 'default';
      const target = standaloneSimulator({
        clock: new WallClock(),
        timeScale: args['time-scale'],
        seed: args.seed,
        topology,
        log: ctx.log,
      });
      const stopped = waitForStopSignal();
      try {
        const e = await target.up();
        ctx.out.write(JSON.stringify({ ingress: e.ingressUrl, sd: `${e.metrics}/sd`, control: e.control, metrics: e.metrics }) + '\n');
        ctx.err.write(`simulator running; ${SIM_CONTROL_ENV}=${e.control}; stop with Ctrl-C\n`);
        const sig = await stopped;
        ctx.err.write(`${sig}: stopping the simulator\n`);
      } finally {
        await target.down();
      }
    },
  };
}

function getCommand(ctx: CliContext): CommandModule<GlobalArgs, GetArgs> {
  return {
    command: 'get <what>',
    describe: 'list pods, deployments, policies or nodes of a running simulator (like kubectl get -A)',
    builder: (y) => controlOptions(y).positional('what', { choices: GET_WHAT, demandOption: true }) as Argv<GetArgs>,
    handler: async (args) => {
      const c = client(args);
      ctx.out.write(args.json ? JSON.stringify(await c.list(args.what), null, 2) + '\n' : await c.table(args.what));
    },
  };
}

function proxyStatusCommand(ctx: CliContext): CommandModule<GlobalArgs, ControlArgs> {
  return {
    command: 'proxy-status',
    describe: 'istioctl proxy-status of a running simulator',
    builder: (y) => controlOptions(y),
    handler: async (args) => {
      const c = client(args);
      ctx.out.write(args.json ? JSON.stringify(await c.list('proxy-status'), null, 2) + '\n' : await c.table('proxy-status'));
    },
  };
}

function applyCommand(ctx: CliContext): CommandModule<GlobalArgs, ApplyArgs> {
  return {
    command: 'apply',
    describe: 'perform one Operation (JSON or YAML file) on a running simulator',
    builder: (y) =>
      controlOptions(y)
        .option('file', {
          alias: 'f',
          type: 'string',
          demandOption: true,
          describe: 'the Operation, e.g. {"op":"delete-authorization-policy",…}',
        })
        .example('$0 sim apply -f deny.json', 'apply the Operation in deny.json'),
    handler: async (args) => {
      const checked = checkOperation(readDataFile(args.file));
      if (!checked.ok) throw new UsageError(`${args.file}: not a valid Operation\n${checked.issues.map((i) => `  ${i}`).join('\n')}`);
      ctx.err.write(`applying: ${describeOperation(checked.operation)}\n`);
      const confirmation = await client(args).apply(checked.operation);
      ctx.out.write(args.json ? JSON.stringify(confirmation) + '\n' : `${confirmation.summary}\n`);
    },
  };
}

export function simCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  return {
    command: 'sim <command>',
    describe: 'run the embedded mesh simulator, look at it and act on it',
    builder: (y) =>
      y
        .command(serveCommand(ctx))
        .command(getCommand(ctx))
        .command(proxyStatusCommand(ctx))
        .command(applyCommand(ctx))
        .demandCommand(1, 'name a sim command: serve, get, proxy-status, apply'),
    handler: () => {},
  };
}
