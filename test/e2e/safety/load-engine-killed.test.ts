/**
 * The load engine killed mid-run (SIGKILL to the vegeta process the run
 * started, once the fault is in): with nothing left to measure the mesh by,
 * the run ends as a component failure (exit 3), reverts every fault, stops
 * the observers, and still writes result.json with what it measured, the
 * seconds without SLI data counted as data gaps (few: the run ends within a
 * poll of the death).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { findTool } from '../../../src/observe/tools.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import type { RunResult } from '../../../src/report/result.js';
import { runCli } from '../../unit/cli/run-cli.js';
import { LOAD_ENGINE } from './support.js';

describe('e2e: the load engine killed mid-run', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-load-killed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the run stops, reverts, exits 3 and writes result.json saying why', async function () {
    if (!(await findTool(LOAD_ENGINE)).found) this.skip();
    const run = runCli('run', 'scenarios/deny-policy.yaml', '--results', dir);
    let done = false;
    void run.finally(() => (done = true));
    const timeline = (): string => {
      const d = readdirSync(dir)[0];
      return d && existsSync(join(dir, d, 'timeline.jsonl')) ? readFileSync(join(dir, d, 'timeline.jsonl'), 'utf8') : '';
    };
    // Killed once the fault is in and load has been measured for a while.
    const injected = await pollUntil(async () => done || /"kind":"fault\.inject"/.test(timeline()), { timeoutMs: 120_000, intervalMs: 100 });
    expect(injected && !done, 'the run never injected').to.equal(true);
    const engine = liveProcesses().find((p) => p.name === LOAD_ENGINE);
    expect(engine, `no ${LOAD_ENGINE} among ${JSON.stringify(liveProcesses())}`).to.not.equal(undefined);
    const killedAt = Date.now();
    process.kill(engine!.pid, 'SIGKILL');
    const r = await run;
    const tookMs = Date.now() - killedAt;

    expect(r.code, r.err).to.equal(3);
    const result = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict).to.equal('error');
    expect(result.verdictReason).to.match(/load engine exited mid-run/);
    expect(result.faults.every((f) => f.revertOk === true), JSON.stringify(result.faults)).to.equal(true);
    expect(result.reverts.ok).to.equal(true);
    expect(result.warnings.some((w) => /load generator crashed/.test(w)), JSON.stringify(result.warnings)).to.equal(true);
    // Measured until the end of the run: what it could no longer measure is counted, not hidden.
    expect(result.measurements.dataGaps.value).to.be.a('number');
    expect(timeline()).to.match(/"kind":"abort".*load engine exited mid-run/);
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
    process.stdout.write(`        stopped and reverted ${tookMs} ms after the kill; data gaps ${result.measurements.dataGaps.value} s\n`);
  });
});
