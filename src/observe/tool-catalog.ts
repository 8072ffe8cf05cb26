/**
 * The external programs the harness runs: where each comes from, how it
 * prints its version, which version was tested, and how to install it on
 * the platform at hand. Required tools are needed by every run (the
 * simulator target included); the others only by the kind/cluster targets,
 * except k6: a load engine the user may choose, never installed by the
 * project (AGPL-3.0).
 */
import { existsSync } from 'node:fs';

export type ToolName = 'prometheus' | 'promtool' | 'alertmanager' | 'amtool' | 'vegeta' | 'k6' | 'kind' | 'istioctl' | 'docker' | 'kubectl';

export type Platform = 'debian' | 'macos' | 'other';

export interface ToolSpec {
  name: ToolName;
  /** Executable names, tried in order (Debian renames alertmanager). */
  binaries: string[];
  versionArgs: string[];
  /** Version prefix the harness was tested with; null when any version is accepted. */
  tested: string | null;
  required: boolean;
  /** What needs it, as `gameday doctor` says it. */
  neededFor: string;
  /**
   * Go module path whose version is read from the binary's build info when
   * the version command prints none (a `go install` build of vegeta prints
   * an empty `Version:`).
   */
  goModule?: string;
  /** Environment variable that points at the executable, overriding the search. */
  envVar: string;
  /** Install instructions for a platform; `tools` is the project's `.tools/bin`. */
  hint(platform: Platform, tools: string): string;
}

export const VEGETA_VERSION = '12.13.0';
export const VEGETA_MODULE = 'github.com/tsenart/vegeta/v12';
/** The k6 version the k6 engine was tested with; any k6 the user has is used. */
export const K6_VERSION = '1.8.1';

const prometheusHint = (pkg: 'prometheus' | 'prometheus-alertmanager', repo: string, version: string, brew: string) =>
  (platform: Platform, tools: string): string => {
    const release = `or unpack the ${version} release binaries from https://github.com/prometheus/${repo}/releases into ${tools}`;
    if (platform === 'debian') return `sudo apt-get install -y ${pkg} (or run scripts/install-tools.sh), ${release}`;
    if (platform === 'macos') return `brew install ${brew}, ${release}`;
    return release.replace(/^or u/, 'U');
  };

const env = (n: ToolName): string => `GAMEDAY_${n.toUpperCase()}`;

export const TOOLS: readonly ToolSpec[] = [
  {
    name: 'prometheus',
    binaries: ['prometheus'],
    versionArgs: ['--version'],
    tested: '2.42',
    required: true,
    neededFor: 'every run',
    envVar: env('prometheus'),
    hint: prometheusHint('prometheus', 'prometheus', 'v2.42.x', 'prometheus'),
  },
  {
    name: 'promtool',
    binaries: ['promtool'],
    versionArgs: ['--version'],
    tested: '2.42',
    required: true,
    neededFor: 'every run',
    envVar: env('promtool'),
    hint: prometheusHint('prometheus', 'prometheus', 'v2.42.x', 'prometheus'),
  },
  {
    name: 'alertmanager',
    binaries: ['prometheus-alertmanager', 'alertmanager'],
    versionArgs: ['--version'],
    tested: '0.25',
    required: true,
    neededFor: 'every run',
    envVar: env('alertmanager'),
    hint: prometheusHint('prometheus-alertmanager', 'alertmanager', 'v0.25.x', 'alertmanager'),
  },
  {
    name: 'amtool',
    binaries: ['amtool'],
    versionArgs: ['--version'],
    tested: '0.25',
    required: false,
    neededFor: 'optional',
    envVar: env('amtool'),
    hint: prometheusHint('prometheus-alertmanager', 'alertmanager', 'v0.25.x', 'alertmanager'),
  },
  {
    name: 'vegeta',
    binaries: ['vegeta'],
    versionArgs: ['-version'],
    tested: VEGETA_VERSION,
    required: true,
    neededFor: 'every run (default load engine)',
    goModule: VEGETA_MODULE,
    envVar: env('vegeta'),
    hint: (p, tools) =>
      `GOBIN=${tools} go install ${VEGETA_MODULE}@v${VEGETA_VERSION} (or run scripts/install-tools.sh)` +
      (p === 'macos' ? ', or brew install vegeta' : `, or unpack the v${VEGETA_VERSION} release binary from https://github.com/tsenart/vegeta/releases into ${tools}`),
  },
  {
    name: 'k6',
    binaries: ['k6'],
    versionArgs: ['version'],
    tested: K6_VERSION,
    required: false,
    neededFor: 'optional: --load-engine k6',
    envVar: env('k6'),
    // AGPL-3.0: the project never installs it; a user who wants their k6 scripts installs k6 themselves.
    hint: () =>
      'optional, and never installed by this project (k6 is AGPL-3.0): to run k6 scripts, install k6 yourself (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH or set GAMEDAY_K6',
  },
  {
    name: 'kind',
    binaries: ['kind'],
    versionArgs: ['version'],
    tested: null,
    required: false,
    neededFor: 'kind/cluster',
    envVar: env('kind'),
    hint: (p, tools) =>
      p === 'macos'
        ? 'brew install kind'
        : `GOBIN=${tools} go install sigs.k8s.io/kind@latest, or a release binary from https://github.com/kubernetes-sigs/kind/releases`,
  },
  {
    name: 'istioctl',
    binaries: ['istioctl'],
    versionArgs: ['version', '--remote=false'],
    tested: null,
    required: false,
    neededFor: 'kind/cluster',
    envVar: env('istioctl'),
    // Checklist item 8: istioctl must match the running istiod, so no version is pinned here.
    hint: () => 'curl -L https://istio.io/downloadIstio | ISTIO_VERSION=<your istiod version> sh - and put istio-<version>/bin on PATH',
  },
  {
    name: 'docker',
    binaries: ['docker'],
    versionArgs: ['--version'],
    tested: null,
    required: false,
    neededFor: 'kind/cluster',
    envVar: env('docker'),
    hint: (p) =>
      p === 'debian'
        ? 'sudo apt-get install -y docker.io (and a running engine) — only the kind target needs it'
        : 'install Docker Desktop, colima or another Docker engine — only the kind target needs it',
  },
  {
    name: 'kubectl',
    binaries: ['kubectl'],
    versionArgs: ['version', '--client'],
    tested: null,
    required: false,
    neededFor: 'kind/cluster',
    envVar: env('kubectl'),
    hint: (p) => (p === 'macos' ? 'brew install kubectl' : 'see https://kubernetes.io/docs/tasks/tools/ (only the kind/cluster targets need it)'),
  },
];

export function toolSpec(name: ToolName): ToolSpec {
  const spec = TOOLS.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown tool ${name}`);
  return spec;
}

export function currentPlatform(): Platform {
  if (process.platform === 'darwin') return 'macos';
  if (process.platform === 'linux' && existsSync('/etc/debian_version')) return 'debian';
  return 'other';
}
