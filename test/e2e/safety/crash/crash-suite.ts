/**
 * The crash trials as a mocha suite: for every target in the table and every
 * mission fault, `trials` SIGKILLs at seeded random instants, each followed
 * by `gameday rollback` and a before/after comparison. The base seed is
 * printed (and read from GAMEDAY_CRASH_SEED), so a failure repeats.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { findTool } from '../../../../src/observe/tools.js';
import { projectRoot } from '../../../../src/project-root.js';
import { LOAD_ENGINE } from '../support.js';
import { CRASH_TARGETS, type StartedTarget } from './crash-targets.js';
import { crashTrial, type TrialResult, type Victim } from './crash-trial.js';

export const MISSION_SCENARIOS = ['istiod-oom', 'image-cache-evict', 'deny-policy', 'pod-churn'];


export async function chooseVictim(preferRun: boolean): Promise<{ victim: Victim; note: string }> {
  const asked = process.env.GAMEDAY_CRASH_VICTIM;
  if (asked === 'run' || asked === 'driver') return { victim: asked, note: `GAMEDAY_CRASH_VICTIM=${asked}` };
  if (preferRun && (await findTool(LOAD_ENGINE)).found) return { victim: 'run', note: 'killing `gameday run`' };
  return { victim: 'driver', note: preferRun ? `no ${LOAD_ENGINE} here: killing the fault driver` : 'killing the fault driver' };
}

export function crashSuite(title: string, opts: { trials: number; preferRun: boolean }): void {
  describe(title, function () {
    this.timeout(30 * 60_000);
    const baseSeed = Number(process.env.GAMEDAY_CRASH_SEED ?? Math.floor(Math.random() * 1_000_000));
    const results: (TrialResult & { target: string; scenario: string })[] = [];
    let victim: Victim = 'driver';

    before(async () => {
      const chosen = await chooseVictim(opts.preferRun);
      victim = chosen.victim;
      process.stdout.write(`      crash trials: GAMEDAY_CRASH_SEED=${baseSeed}, ${opts.trials} per fault and target, ${chosen.note}\n`);
    });

    after(() => {
      const rows = new Map<string, { ok: number; run: number }>();
      for (const r of results) {
        const k = `${r.target} ${r.scenario}`;
        const row = rows.get(k) ?? { ok: 0, run: 0 };
        row.run++;
        if (r.diffs.length === 0) row.ok++;
        rows.set(k, row);
      }
      for (const [k, v] of rows) process.stdout.write(`      restored ${v.ok}/${v.run}: ${k}\n`);
    });

    for (const t of CRASH_TARGETS) {
      describe(`target ${t.name}`, () => {
        let started: StartedTarget | undefined;
        let root: string;
        before(async function () {
          const why = await t.unavailable();
          if (why) {
            process.stdout.write(`      skipped target ${t.name}: ${why}\n`);
            this.skip();
          }
          started = await t.start();
          root = mkdtempSync(join(tmpdir(), `gameday-crash-${t.name}-`));
        });
        after(async () => {
          await started?.stop();
          if (root) rmSync(root, { recursive: true, force: true });
        });

        (t.scenarios ?? MISSION_SCENARIOS).forEach((name) => {
          const f = MISSION_SCENARIOS.indexOf(name);
          for (let i = 0; i < opts.trials; i++) {
            const seed = baseSeed + f * 1000 + i;
            it(`${name}: SIGKILL at a random instant (seed ${seed}), rollback restores the configuration`, async () => {
              const r = await crashTrial({
                scenario: join(projectRoot(), 'scenarios', `${name}.yaml`),
                seed,
                target: started!,
                resultsRoot: root,
                victim,
              });
              results.push({ ...r, target: t.name, scenario: name });
              const what = `seed ${seed}: killed ${r.killedAfterMs === null ? 'after it finished' : `${r.killedAfterMs} ms after the first mutation (${r.stage})`}${
                r.rollbackKilledAfterMs === null ? '' : `, rollback killed after ${r.rollbackKilledAfterMs} ms and run again`
              }`;
              process.stdout.write(`        ${what}\n`);
              expect(r.diffs, `${what}\n${r.rollbackOutput}`).to.deep.equal([]);
            });
          }
        });
      });
    }
  });
}
