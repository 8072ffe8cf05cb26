/**
 * The alert-rule pack through the real promtool: every file checks, every
 * promtool unit test passes, every alert has a case where it fires and one
 * where it must not, and a broken user rule file stops a run as bad input
 * with file:line before any process starts.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ScenarioError } from '../../../src/errors.js';
import { Prometheus } from '../../../src/observe/prometheus.js';
import { checkRules, testRules } from '../../../src/observe/promtool.js';
import { projectRoot } from '../../../src/project-root.js';
import { requireTool } from '../../../src/observe/tools.js';
import { liveProcesses } from '../../../src/process/process-registry.js';

const rulesDir = join(projectRoot(), 'rules');
const ruleFiles = [join(rulesDir, 'istio-baseline.rules.yaml'), join(rulesDir, 'community', 'istio-community.rules.yaml')];
const testFiles = readdirSync(join(rulesDir, 'tests'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(rulesDir, 'tests', f));

interface RuleFile {
  groups: { rules: { alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}
interface TestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

describe('e2e: alert rule pack (promtool)', function () {
  this.timeout(60_000);
  let promtool: string;

  before(async () => {
    promtool = (await requireTool('promtool')).path;
  });

  it('promtool check rules accepts every rule file', async () => {
    await checkRules(promtool, ruleFiles);
  });

  it('promtool test rules passes every test file', async () => {
    const res = await testRules(promtool, testFiles);
    expect(res.ok, res.output).to.equal(true);
  });

  it('every alert has a firing case and a must-not-fire case, a severity, a summary and a runbook', () => {
    const cases = new Map<string, { fires: boolean; quiet: boolean }>();
    for (const f of testFiles) {
      for (const t of (parse(readFileSync(f, 'utf8')) as TestFile).tests) {
        for (const a of t.alert_rule_test ?? []) {
          const c = cases.get(a.alertname) ?? { fires: false, quiet: false };
          if (a.exp_alerts.length > 0) c.fires = true;
          else c.quiet = true;
          cases.set(a.alertname, c);
        }
      }
    }
    for (const file of ruleFiles) {
      const baseline = file.endsWith('istio-baseline.rules.yaml');
      for (const g of (parse(readFileSync(file, 'utf8')) as RuleFile).groups) {
        for (const r of g.rules) {
          if (!r.alert) continue;
          expect(cases.get(r.alert), `${r.alert} test cases`).to.deep.equal({ fires: true, quiet: true });
          expect(r.labels?.severity, `${r.alert} severity`).to.be.oneOf(['warning', 'critical']);
          expect(r.annotations?.summary, `${r.alert} summary`).to.be.a('string');
          if (baseline) expect(r.annotations?.runbook, `${r.alert} runbook`).to.be.a('string');
        }
      }
    }
  });

  it('a broken user rule file is bad input with file:line, and nothing is started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-badrules-'));
    const bad = join(dir, 'mine.rules.yaml');
    writeFileSync(bad, 'groups:\n  - name: mine\n    rules:\n      - alert: Mine\n        expr: sum(rate(x[1m])\n');
    try {
      const err = await Prometheus.start({ runDir: dir, scrape: { kind: 'http-sd', url: 'http://127.0.0.1:1/sd' }, ruleFiles: [bad] }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(ScenarioError);
      const issue = (err as ScenarioError).issues[0]!;
      expect(issue).to.include({ file: bad, line: 5 });
      expect(issue.message).to.match(/parse error/);
      expect((err as ScenarioError).exitCode).to.equal(2);
      expect(liveProcesses()).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
