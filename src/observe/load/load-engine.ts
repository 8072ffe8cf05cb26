/**
 * The load engines behind one interface: an engine takes the scenario's
 * load spec and a base URL, emits one `sli` event per second (requests,
 * failures, status codes, p50/p99, per-namespace counts) and settles with
 * an exit status. vegeta (MIT) is the default and is installed by
 * scripts/setup; k6 is AGPL-3.0, so it is only ever the user's own k6,
 * found on PATH, and refused (exit 3) when it is asked for and absent.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { ToolMissingError } from '../../errors.js';
import { projectRoot } from '../../project-root.js';
import type { LoadEngineName, LoadSpec } from '../../scenario/types.js';
import type { LoadExit } from '../observers.js';
import { findTool, requireTool, type FindOptions, type ToolInfo } from '../tools.js';
import { K6Run } from './k6.js';
import type { SliEvent } from './sli-series.js';
import { VegetaRun } from './vegeta.js';

export interface LoadRunOptions {
  load: LoadSpec;
  /** Where requests go, like an ingress gateway's URL. */
  baseUrl: string;
  /** The engine's files go to `<runDir>/<engine>/`. */
  runDir: string;
  clock: Clock;
  emit: (e: SliEvent) => void;
  tools?: FindOptions;
  log?: Logger;
}

export interface LoadRun {
  readonly engine: LoadEngineName;
  /** The engine's version, for the result. */
  readonly version: string | null;
  /** Settles after the engine exited and every second was emitted. */
  readonly exited: Promise<LoadExit>;
  stop(): Promise<LoadExit>;
}

/** The k6 script a scenario without one runs under k6. */
export const DEFAULT_K6_SCRIPT = join('load', 'steady.js');

/** The engine's program, or a ToolMissingError (exit 3) that says why it is needed and what to do. */
export async function requireLoadEngine(engine: LoadEngineName, tools?: FindOptions): Promise<ToolInfo & { path: string }> {
  if (engine === 'vegeta') return requireTool('vegeta', tools);
  const k6 = await findTool('k6', tools);
  if (!k6.found || k6.path === null) {
    throw new ToolMissingError(
      'k6',
      `the k6 load engine was asked for (spec.load.engine or --load-engine) and there is no k6 on PATH or in GAMEDAY_K6. ` +
        `k6 is AGPL-3.0 and this project never installs it: install your own k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/), ` +
        `or run with --load-engine vegeta`,
    );
  }
  return { ...k6, path: k6.path };
}

export async function startLoadRun(o: LoadRunOptions): Promise<LoadRun> {
  const tool = await requireLoadEngine(o.load.engine, o.tools);
  if (o.load.engine === 'vegeta') return VegetaRun.start({ ...o, vegeta: tool });
  const run = await K6Run.start({
    ...k6RunSpec(o.load),
    baseUrl: o.baseUrl,
    runDir: o.runDir,
    clock: o.clock,
    emit: o.emit,
    tools: o.tools,
    log: o.log,
  });
  return { engine: 'k6', version: run.version, exited: run.exited, stop: () => run.stop() };
}

/** What the k6 engine passes to `k6 run` from the load spec: the script (default load/steady.js) and its `-e` environment. */
export function k6RunSpec(load: LoadSpec): {
  script: string;
  rate: number;
  vus: number;
  durationMs: number;
  path: string;
  env: Record<string, string>;
} {
  return {
    script: load.script ?? join(projectRoot(), DEFAULT_K6_SCRIPT),
    rate: load.rate,
    vus: load.vus,
    durationMs: load.durationMs,
    path: load.routes[0]!.path,
    env: {
      ...load.env,
      REQUEST_TIMEOUT: `${load.timeoutMs}ms`,
      // Every route with its merged headers, for scripts that spread requests (load/steady.js does).
      ROUTES: JSON.stringify(load.routes.map((r) => ({ path: r.path, weight: r.weight, headers: { ...load.headers, ...r.headers } }))),
    },
  };
}
