/**
 * An Alertmanager on loopback, with no cluster gossip (an empty
 * `--cluster.listen-address`) and its storage under the directory it is
 * given (a run's, or a suite's observers directory). Its config never
 * changes between the scenarios of a suite: it only forwards to the webhook.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOOPBACK } from '../process/free-port.js';
import { onFreePort, type PortPicker } from '../process/port-retry.js';
import { OwnedProcess } from '../process/owned-process.js';
import { allOf, httpProbe, type Probe } from '../process/poll-until.js';
import { renderAlertmanagerConfig } from './alertmanager-config.js';
import { requireTool, type FindOptions } from './tools.js';

export interface AlertmanagerOptions {
  /** Aborts the wait for readiness (an interrupted run); the program is stopped. */
  signal?: AbortSignal;
  /** Default: a free loopback port (another is tried when the one picked was taken meanwhile). */
  pickPort?: PortPicker;
  /** Config, data and log go to `<runDir>/alertmanager/` (a run's directory, or a suite's observers directory). */
  runDir: string;
  webhookUrl: string;
  groupIntervalMs?: number;
  readyTimeoutMs?: number;
  tools?: FindOptions;
}

export class Alertmanager {
  private constructor(
    readonly url: string,
    /** `host:port`, as Prometheus' alerting config wants it. */
    readonly address: string,
    readonly version: string | null,
    readonly configFile: string,
    readonly dataDir: string,
    private readonly proc: OwnedProcess,
  ) {}

  static async start(opts: AlertmanagerOptions): Promise<Alertmanager> {
    const am = await requireTool('alertmanager', opts.tools);
    const dir = join(opts.runDir, 'alertmanager');
    const data = join(dir, 'data');
    mkdirSync(data, { recursive: true });
    const configFile = join(dir, 'alertmanager.yml');
    writeFileSync(configFile, renderAlertmanagerConfig({ webhookUrl: opts.webhookUrl, groupIntervalMs: opts.groupIntervalMs }));

    return onFreePort(async (port) => {
      const address = `${LOOPBACK}:${port}`;
      const spawnedAt = Date.now();
      const proc = OwnedProcess.start({
        name: 'alertmanager',
        command: am.path,
        args: [
          `--config.file=${configFile}`,
          `--storage.path=${data}`,
          `--web.listen-address=${address}`,
          // Empty: no gossip listener, so nothing binds beyond loopback and runs never join each other.
          '--cluster.listen-address=',
          '--log.level=info',
        ],
        logDir: dir,
        graceMs: 5000,
      });
      const url = `http://${address}`;
      try {
        await proc.waitReady(startedSince(url, spawnedAt), opts.readyTimeoutMs ?? 30_000, opts.signal);
      } catch (err) {
        await proc.stop();
        throw err;
      }
      return new Alertmanager(url, address, am.version, configFile, data, proc);
    }, opts.pickPort);
  }

  get logFile(): string {
    return this.proc.logFile;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  async stop(): Promise<void> {
    await this.proc.stop();
  }
}

/**
 * Ready, and this run's own Alertmanager: another one (a parallel run's) may hold the port this
 * one failed to bind, and would answer `/-/ready` too. Only a server started no earlier than this
 * process was spawned is taken for it; this one then exits on the taken address, and the port
 * is picked again. `uptime` is the server's start instant, in milliseconds (docs/prometheus.md#http-api),
 * on the clock of this machine.
 */
function startedSince(url: string, spawnedAt: number): Probe {
  return allOf(
    httpProbe(`${url}/-/ready`),
    httpProbe(`${url}/api/v2/status`, (body) => {
      const uptime = Date.parse((body as { uptime?: string }).uptime ?? '');
      return Number.isFinite(uptime) && uptime >= spawnedAt;
    }),
  );
}
