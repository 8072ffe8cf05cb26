import { expect } from 'chai';
import { isTestedVersion, parseVersion } from '../../../src/observe/tool-version.js';
import { moduleVersionIn } from '../../../src/observe/go-build-info.js';
import { TOOLS, toolSpec } from '../../../src/observe/tool-catalog.js';
import { classifyK6Exit } from '../../../src/observe/load/k6-exit.js';
import { k6Args } from '../../../src/observe/load/k6.js';
import { k6RunSpec } from '../../../src/observe/load/load-engine.js';
import { projectRoot } from '../../../src/project-root.js';
import { join } from 'node:path';

describe('tool versions', () => {
  it('reads the version each tool prints', () => {
    const outputs: [string, string][] = [
      ['prometheus, version 2.42.0+ds (branch: debian/sid, revision: 2.42.0+ds-5+deb12u1)\n  build user: x', '2.42.0'],
      ['promtool, version 2.42.0+ds (branch: debian/sid, revision: 2.42.0+ds-5+deb12u1)', '2.42.0'],
      ['alertmanager, version 0.25.0 (branch: debian/sid, revision: 0.25.0-1+b4)', '0.25.0'],
      ['amtool, version 0.25.0 (branch: HEAD, revision: 258fab7c)', '0.25.0'],
      ['k6 v1.8.1 (go1.26.8, linux/amd64)', '1.8.1'],
      ['kind v0.23.0 go1.22.2 linux/amd64', '0.23.0'],
      ['1.24.1', '1.24.1'],
      ['Docker version 28.2.2, build e6534b4', '28.2.2'],
      ['Client Version: v1.32.4\nKustomize Version: v5.5.0', '1.32.4'],
      ['command not found', ''],
      // vegeta built with go install: an empty version, and a Go runtime version that is not it.
      ['Version: \nCommit: \nRuntime: go1.26.8 linux/amd64\nDate: \n', ''],
      ['Version: v12.13.0\nCommit: 7a5ea1b\nRuntime: go1.22.1 linux/amd64', '12.13.0'],
    ];
    for (const [out, version] of outputs) expect(parseVersion(out) ?? '', out).to.equal(version);
  });

  it('compares with the tested version on whole components', () => {
    expect(isTestedVersion('2.42.0', '2.42')).to.equal(true);
    expect(isTestedVersion('2.42.7', '2.42')).to.equal(true);
    expect(isTestedVersion('2.4.2', '2.42')).to.equal(false);
    expect(isTestedVersion('2.420.0', '2.42')).to.equal(false);
    expect(isTestedVersion('1.8.1', '1.8.1')).to.equal(true);
    expect(isTestedVersion('1.8.10', '1.8.1')).to.equal(false);
    expect(isTestedVersion('2.0.0', '1.8.1')).to.equal(false);
  });

  it("reads a module's version from a Go binary's build info", () => {
    const info = 'xx\u00ff\tpath\tgithub.com/tsenart/vegeta/v12\nmod\tgithub.com/tsenart/vegeta/v12\tv12.13.0\th1:J/Ui=\ndep\tgithub.com/x/y\tv1.0.1\n';
    expect(moduleVersionIn(info, 'github.com/tsenart/vegeta/v12')).to.equal('12.13.0');
    expect(moduleVersionIn('mod\tgithub.com/tsenart/vegeta/v12\t(devel)\n', 'github.com/tsenart/vegeta/v12')).to.equal(null);
    expect(moduleVersionIn(info, 'github.com/tsenart/vegeta')).to.equal(null);
  });

  it('gives an install hint per platform; k6 is optional and never installed by the project', () => {
    expect(toolSpec('prometheus').hint('debian', '/p/.tools/bin')).to.match(/^sudo apt-get install -y prometheus /);
    expect(toolSpec('alertmanager').hint('debian', '/p/.tools/bin')).to.match(/apt-get install -y prometheus-alertmanager/);
    expect(toolSpec('alertmanager').hint('macos', '/p/.tools/bin')).to.match(/^brew install alertmanager/);
    expect(toolSpec('prometheus').hint('other', '/p/.tools/bin')).to.match(/^Unpack the v2\.42\.x release binaries/);
    expect(toolSpec('vegeta').hint('debian', '/p/.tools/bin')).to.match(/^GOBIN=\/p\/\.tools\/bin go install github\.com\/tsenart\/vegeta\/v12@v12\.13\.0/);
    expect(toolSpec('k6').hint('debian', '/p/.tools/bin')).to.match(/never installed by this project/).and.not.match(/go install/);
    expect(toolSpec('alertmanager').binaries).to.deep.equal(['prometheus-alertmanager', 'alertmanager']);
    expect(TOOLS.filter((t) => t.required).map((t) => t.name)).to.deep.equal(['prometheus', 'promtool', 'alertmanager', 'vegeta']);
    expect(TOOLS.map((t) => t.envVar)).to.include('GAMEDAY_ALERTMANAGER');
  });
});

describe('k6 invocation and exit', () => {
  it('passes parameters with -e, disables the summary and the REST API, as an argument array', () => {
    const args = k6Args({ script: '/p/load/steady.js', baseUrl: 'http://127.0.0.1:8080', rate: 20, vus: 10, durationMs: 2500, path: '/a b', env: { X: '1' } }, '/run/k6/points.jsonl');
    expect(args.slice(0, 2)).to.deep.equal(['run', '--out=json=/run/k6/points.jsonl']);
    expect(args).to.include.members(['--summary-mode=disabled', '--address=', '--include-system-env-vars=false']);
    const env = args.flatMap((a, i) => (args[i - 1] === '-e' ? [a] : []));
    expect(env).to.deep.equal(['X=1', 'BASE_URL=http://127.0.0.1:8080', 'RATE=20', 'VUS=10', 'DURATION=3s', 'TARGET_PATH=/a b']);
    expect(args.at(-1)).to.equal('/p/load/steady.js');
  });

  it('runs load/steady.js unless the scenario names a script, with the routes, headers and timeout as -e values', () => {
    const spec = k6RunSpec({
      engine: 'k6',
      rate: 50,
      vus: 10,
      durationMs: 60_000,
      routes: [
        { path: '/', weight: 3, headers: {} },
        { path: '/staging/', weight: 1, namespace: 'staging', headers: { 'X-Canary': '1' } },
      ],
      headers: { Host: 'shop.example.com' },
      timeoutMs: 2000,
      env: { RETRIES: '3' },
    });
    expect(spec.script).to.equal(join(projectRoot(), 'load', 'steady.js'));
    expect(spec.path).to.equal('/');
    expect(spec.env).to.deep.include({ RETRIES: '3', REQUEST_TIMEOUT: '2000ms' });
    expect(JSON.parse(spec.env.ROUTES!)).to.deep.equal([
      { path: '/', weight: 3, headers: { Host: 'shop.example.com' } },
      { path: '/staging/', weight: 1, headers: { Host: 'shop.example.com', 'X-Canary': '1' } },
    ]);
  });

  it('tells failed thresholds (99) and a requested stop from a crash', () => {
    expect(classifyK6Exit({ code: 0, signal: null }, false, '')).to.include({ crashed: false, thresholdsFailed: false });
    expect(classifyK6Exit({ code: 99, signal: null }, false, '')).to.include({ crashed: false, thresholdsFailed: true });
    expect(classifyK6Exit({ code: 105, signal: null }, true, '')).to.include({ crashed: false });
    expect(classifyK6Exit({ code: 107, signal: null }, false, 'ReferenceError: x')).to.include({ crashed: true, message: 'k6 exit code 107: ReferenceError: x' });
    expect(classifyK6Exit({ code: null, signal: 'SIGKILL' }, false, '')).to.include({ crashed: true });
    expect(classifyK6Exit({ code: null, signal: null, spawnError: 'ENOENT' }, false, '')).to.include({ crashed: true });
  });
});
