/**
 * The nightly workflow users copy: checked by the real actionlint (installed
 * by scripts/install-tools.sh into .tools/bin), and read for what it must do
 * — create kind, bring the cluster up, run the suite with JUnit, upload both.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { projectRoot } from '../../../src/project-root.js';

const WORKFLOW = join(projectRoot(), '.github', 'workflows', 'nightly-gameday.yml');

/** GAMEDAY_ACTIONLINT, then .tools/bin, then PATH — as the harness finds every tool. */
function actionlint(): string {
  const candidates = [
    process.env.GAMEDAY_ACTIONLINT,
    join(projectRoot(), '.tools', 'bin', 'actionlint'),
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'actionlint')),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  throw new Error(
    'actionlint not found: run scripts/install-tools.sh (GOBIN=.tools/bin go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)',
  );
}

function lint(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // -shellcheck= and -pyflakes= : check only what actionlint itself knows, whatever else is installed.
    execFile(actionlint(), ['-no-color', '-shellcheck=', '-pyflakes=', file], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

describe('.github/workflows/nightly-gameday.yml', function () {
  this.timeout(60_000);

  it('passes actionlint', async () => {
    const r = await lint(WORKFLOW);
    expect(r.output).to.equal('');
    expect(r.code).to.equal(0);
  });

  it('actionlint catches what it should in a copy with a broken input and a broken expression', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-actionlint-'));
    try {
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      const bad = join(dir, '.github', 'workflows', 'nightly-gameday.yml');
      const text = readFileSync(WORKFLOW, 'utf8')
        .replace('retention-days: 30', 'retention-dayz: 30')
        .replace('${{ env.ISTIO_VERSION }}', '${{ envv.ISTIO_VERSION }}');
      writeFileSync(bad, text);
      const r = await lint(bad);
      expect(r.code).to.equal(1);
      expect(r.output).to.include('input "retention-dayz" is not defined');
      expect(r.output).to.match(/undefined variable "envv"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates kind from the project config, brings the cluster up, runs the suite with JUnit and uploads results and JUnit even on failure', () => {
    const wf = parse(readFileSync(WORKFLOW, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.on).to.have.keys('schedule', 'workflow_dispatch');
    const steps = Object.values(wf.jobs)[0]!.steps;
    const kind = steps.find((s) => s.uses?.startsWith('helm/kind-action@'));
    expect(kind?.with).to.deep.include({ config: 'kind-config.yaml', cluster_name: 'gameday' });
    const runs = steps.map((s) => s.run ?? '');
    const at = (cmd: string) => runs.findIndex((r) => r.includes(cmd));
    expect(at('scripts/setup')).to.be.greaterThan(-1);
    expect(at('npx gameday cluster up')).to.be.greaterThan(at('scripts/setup'));
    expect(at('npx gameday suite scenarios/ --target kind --junit results/junit.xml')).to.be.greaterThan(at('npx gameday cluster up'));
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((u) => [u.with?.path, u.if])).to.deep.equal([
      ['results/\n!results/**/kube-credentials/**\n', 'always()'],
      ['results/junit.xml', 'always()'],
    ]);
    // istioctl in the job is the version the cluster gets installed at.
    expect(readFileSync(join(projectRoot(), 'src/targets/kube/kind/istio-install.ts'), 'utf8')).to.include(
      `ISTIO_VERSION = '${(parse(readFileSync(WORKFLOW, 'utf8')) as { env: { ISTIO_VERSION: string } }).env.ISTIO_VERSION}'`,
    );
  });
});
