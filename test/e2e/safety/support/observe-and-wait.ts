/**
 * A harness process to kill: the embedded simulator, the real Prometheus and
 * Alertmanager watching it (as `gameday run` starts them), and one more owned
 * child standing for the load engine (every owned process is guarded the
 * same way). Prints one JSON line — run directory, child pids, watchdog pid —
 * once everything is up, then waits to be killed.
 *
 *   node --import tsx observe-and-wait.ts <run-dir>
 */
import { WallClock } from '../../../../src/clock.js';
import { silentLogger } from '../../../../src/log.js';
import { LocalObservers } from '../../../../src/observe/local-observers.js';
import { OwnedProcess } from '../../../../src/process/owned-process.js';
import { liveProcesses } from '../../../../src/process/process-registry.js';
import { watchdogPid } from '../../../../src/process/watchdog.js';
import { SimTarget } from '../../../../src/targets/sim/sim-target.js';

const runDir = process.argv[2]!;
const clock = new WallClock();
const log = silentLogger();
const target = new SimTarget({ clock, log });
const endpoints = await target.up();
const observers = new LocalObservers({ clock, log });
await observers.attach(endpoints, () => {}, runDir);
OwnedProcess.start({ name: 'sleeper', command: '/bin/sleep', args: ['600'], logDir: runDir });
process.stdout.write(`${JSON.stringify({ runDir, children: liveProcesses(), watchdog: watchdogPid() })}\n`);
setInterval(() => {}, 60_000);
