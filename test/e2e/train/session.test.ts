/**
 * A whole training session driven through the CLI as a trainee would: start
 * (its own process), read the pages, acknowledge from the pager running in
 * tmux, a wrong diagnosis, a hint, the right one, a mitigation; the session
 * ends by itself once the mesh recovered. Then every figure of the debrief
 * is checked against the timeline, the debrief page is rendered in headless
 * Chromium, and `train history` lists the session. Real simulator,
 * Prometheus, Alertmanager and load.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ObserversManifest } from '../../../src/observe/local-observers.js';
import { alive, cli, MAIN, pngPixels, program, resultOf, ROOT, timelineOf, trainingOf, untilLive, waitFor } from './support.js';

describe('e2e: a training session driven through the CLI', function () {
  this.timeout(6 * 60_000);
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-train-'));
  const results = join(tmp, 'results');
  const tmux = ['-L', `gameday-train-${process.pid}`];
  let start: ReturnType<typeof program>;
  let dir: string;

  before(async () => {
    start = program([
      'train',
      'start',
      'scenarios/deny-policy.yaml',
      '--seed',
      '7',
      '--window',
      '5s..10s',
      '--deadline',
      '4m',
      '--trainee',
      'alex',
      '--results',
      results,
    ]);
    await untilLive(start);
    const sessions = readdirSync(results).filter((d) => d.startsWith('train-'));
    expect(sessions).to.have.length(1);
    dir = join(results, sessions[0]!);
  });

  after(async () => {
    try {
      execFileSync('tmux', [...tmux, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // no server left: nothing to stop
    }
    if (start?.child.exitCode === null) {
      start.child.kill('SIGTERM');
      await start.exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('tells the on-call engineer where to look, and never what broke', async () => {
    const said = start.stdout();
    expect(said).to.match(/Prometheus\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(said).to.match(/Alertmanager\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(said).to.match(/GAMEDAY_SIM_CONTROL=http:\/\/127\.0\.0\.1:\d+/);
    const status = await cli(['train', 'status', '--session', dir]);
    expect(status.code).to.equal(0);
    expect(status.out).to.match(/session live — alex/);
    for (const text of [said, status.out]) expect(text).not.to.match(/deny-policy|payments|AuthorizationPolicy/);
    // The instructor can see the sealed choice.
    const reveal = await cli(['train', 'reveal', '--session', dir]);
    expect(reveal.out).to.include('fault      deny-policy (deny-policy)');
  });

  it('the pager in tmux shows the page, and its ack key acknowledges it', async () => {
    execFileSync('tmux', [
      ...tmux,
      'new-session',
      '-d',
      '-s',
      'pager',
      '-x',
      '140',
      '-y',
      '50',
      '-c',
      ROOT,
      process.execPath,
      '--import',
      'tsx',
      MAIN,
      'train',
      'pager',
      '--session',
      dir,
    ]);
    const screen = (): string => execFileSync('tmux', [...tmux, 'capture-pane', '-p', '-t', 'pager'], { encoding: 'utf8' });
    const paged = await waitFor('a page on the pager', 150_000, () =>
      /▶ OPEN .* CRITICAL MeshRbacDenied/.test(screen()) ? screen() : null,
    );
    expect(paged).to.include('runbook: docs/runbooks/deny-policy.md');
    expect(paged).to.match(/\d+ page\(s\), [1-9]\d* open/);
    execFileSync('tmux', [...tmux, 'send-keys', '-t', 'pager', 'a']);
    const acked = await waitFor('the pager to show the pages acknowledged', 10_000, () =>
      /acknowledged \d+ page\(s\)/.test(screen()) && / 0 open/.test(screen()) ? screen() : null,
    );
    expect(acked).not.to.include('▶ OPEN');
    const ack = trainingOf(dir).find((e) => e.kind === 'ack');
    expect(ack).to.not.equal(undefined);
    execFileSync('tmux', [...tmux, 'send-keys', '-t', 'pager', 'q']);
  });

  it('records a wrong diagnosis, a hint, the right one and a mitigation', async () => {
    const pages = await cli(['train', 'pager', '--once', '--session', dir]);
    expect(pages.out).to.match(/ack .* CRITICAL MeshRbacDenied/);
    expect((await cli(['train', 'diagnose', 'istiod-oom', '--component', 'istiod', '--session', dir])).out).to.include(
      'diagnosis recorded: istiod-oom',
    );
    const bad = await cli(['train', 'diagnose', 'no-such-fault', '--session', dir]);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.include('unknown fault type "no-such-fault"');
    expect((await cli(['train', 'hint', '--session', dir])).out).to.match(/^hint 1: Requests are refused/);
    expect(
      (await cli(['train', 'diagnose', 'deny-policy', '--component', 'payments', '--note', '403s from payments', '--session', dir])).code,
    ).to.equal(0);
    const op = join(tmp, 'op.json');
    writeFileSync(op, JSON.stringify({ op: 'delete-authorization-policy', namespace: 'payments', name: 'payments-lockdown' }));
    const act = await cli(['train', 'act', '-f', op, '--session', dir]);
    expect(act.code).to.equal(0);
    expect(act.out).to.include('authorizationpolicy payments/payments-lockdown deleted');
  });

  it('ends by itself once the mesh recovered, reverting everything it injected and stopping what it started', async () => {
    expect(await start.exited).to.equal(0);
    expect(start.stdout()).to.include('Debrief — alex on deny-policy');
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { state: string; pid: number };
    expect(session.state).to.equal('ended');
    const r = resultOf(dir);
    expect(r.reverts.ok).to.equal(true);
    expect(
      timelineOf(dir)
        .filter((e) => e.kind === 'fault.revert')
        .map((e) => (e as { ok: boolean }).ok),
    ).to.deep.equal([true]);
    const manifest = JSON.parse(readFileSync(join(dir, 'observers.json'), 'utf8')) as ObserversManifest;
    expect([alive(manifest.prometheus.pid), alive(manifest.alertmanager.pid), alive(session.pid)]).to.deep.equal([false, false, false]);
  });

  it('every figure of the debrief matches the timeline', () => {
    const r = resultOf(dir);
    const t = r.training!;
    const s = t.score;
    const events = timelineOf(dir);
    const training = trainingOf(dir);
    const tInject = events.find((e) => e.kind === 'fault.inject')!.at;
    expect(r.tInjectMs).to.equal(tInject);
    const firstPage = Math.min(...training.filter((e) => e.kind === 'page' && e.at >= tInject).map((e) => e.at));
    const ack = training.find((e) => e.kind === 'ack')!.at;
    expect(s.firstPageAt).to.equal(firstPage);
    expect(s.timeToAckFromPageMs).to.equal(ack - firstPage);
    expect(s.timeToAckFromInjectMs).to.equal(ack - tInject);
    const guesses = training.filter((e) => e.kind === 'diagnose');
    expect(s.diagnosis.guesses.map((g) => [g.faultType, g.typeRight, g.componentRight])).to.deep.equal([
      ['istiod-oom', false, false],
      ['deny-policy', true, true],
    ]);
    expect(s.diagnosis.wrongGuesses).to.equal(1);
    expect(s.diagnosis.timeToDiagnoseMs).to.equal(guesses[1]!.at - tInject);
    const acted = events.find((e) => e.kind === 'action' && e.by === 'trainee')!;
    expect(s.timeToMitigateMs).to.equal(acted.at - tInject);
    expect(r.recovery.recoveredAtMs).to.be.a('number');
    expect(s.timeToRecoverMs).to.equal(r.recovery.recoveredAtMs! - tInject);
    expect(s.outcome).to.equal('mitigated');
    expect(s.hintsUsed).to.equal(1);
    expect(s.harmfulActions).to.deep.equal([]);
    // Failed requests over [the second of injection, recovery).
    const failed = events
      .filter((e) => e.kind === 'sli' && e.at >= Math.floor(tInject / 1000) * 1000 && e.at < r.recovery.recoveredAtMs!)
      .reduce((n, e) => n + (e as { failures: number }).failures, 0);
    expect(s.failedRequests).to.equal(failed);
    expect(failed).to.be.greaterThan(0);
    // The expert deletes the policy 1m40s of scenario time (20 s of wall at 5×) after detection.
    expect(s.expert.steps[0]!.at).to.equal(r.detection.detectedAt! + 20_000);
    expect(s.expert.timeToMitigateMs).to.equal(r.detection.detectedAt! + 20_000 - tInject);
    expect(s.score).to.equal(Math.max(0, Math.min(100, Math.round(s.parts.reduce((n, p) => n + p.points, 0)))));
    expect(t.runbook?.path).to.equal('docs/runbooks/deny-policy.md');
  });

  it('renders the debrief offline in headless Chromium, with the trainee marks on the chart', () => {
    const html = join(dir, 'report.html');
    const text = readFileSync(html, 'utf8');
    expect(text).not.to.match(/\b(src|href)=/);
    const chrome = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--host-resolver-rules=MAP * ~NOTFOUND'];
    const dom = execFileSync('chromium', [...chrome, '--dump-dom', `file://${html}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(dom).to.include('Debrief: alex');
    expect(dom.match(/class="m-trainee"/g)?.length ?? 0).to.be.at.least(4);
    expect(dom).to.include('class="m-wrong"');
    expect(dom).to.include('class="m-expert"');
    const png = join(tmp, 'debrief.png');
    execFileSync('chromium', [...chrome, `--screenshot=${png}`, '--window-size=1100,1300', `file://${html}`], { stdio: 'ignore' });
    const img = pngPixels(png);
    expect([img.width, img.height]).to.deep.equal([1100, 1300]);
    // The trainee's marks are drawn in #16a085: their strokes must be on the rendered page.
    let teal = 0;
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const [r, g, b] = img.rgb(x, y);
        if (Math.abs(r - 0x16) < 8 && Math.abs(g - 0xa0) < 8 && Math.abs(b - 0x85) < 8) teal++;
      }
    expect(teal).to.be.greaterThan(200);
  });

  it('train history lists the session with its score', async () => {
    const h = await cli(['train', 'history', '--results', results, '--json']);
    expect(h.code).to.equal(0);
    const rows = JSON.parse(h.out) as { trainee: string; fault: string; diagnosis: string; score: number }[];
    expect(rows.map((row) => [row.trainee, row.fault, row.diagnosis, row.score])).to.deep.equal([
      ['alex', 'deny-policy', 'right', resultOf(dir).training!.score.score],
    ]);
    const table = await cli(['train', 'history', '--results', results, '--trainee', 'alex']);
    expect(table.out).to.match(/^STARTED\s+TRAINEE\s+FAULT\s+TIME TO ACK\s+DIAGNOSIS\s+TIME TO MITIGATE\s+SCORE/);
    expect(readFileSync(join(results, 'train-history.html'), 'utf8')).to.include('<circle');
  });
});
