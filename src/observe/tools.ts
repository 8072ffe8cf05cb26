/**
 * Finds the external programs the harness runs and checks their versions.
 * Search order per tool: the `GAMEDAY_<TOOL>` environment variable (an
 * explicit path wins), then PATH, then the project's `.tools/bin`. When
 * several are found, the first with a tested version is preferred, so a
 * pinned vegeta in `.tools/bin` beats an older one on PATH.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { ToolMissingError } from '../errors.js';
import { projectRoot } from '../project-root.js';
import { goModuleVersion } from './go-build-info.js';
import { TOOLS, currentPlatform, toolSpec, type Platform, type ToolName, type ToolSpec } from './tool-catalog.js';
import { isTestedVersion, parseVersion } from './tool-version.js';

const run = promisify(execFile);

export interface ToolInfo {
  tool: ToolName;
  found: boolean;
  path: string | null;
  version: string | null;
  /** The version prefix the harness was tested with, or null when any will do. */
  tested: string | null;
  /** True when found and (no tested version is pinned or the version matches it). */
  versionOk: boolean;
  required: boolean;
  /** How to install it here; also says what is wrong when the version is off. */
  hint: string;
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to `<project>/.tools/bin`. */
  toolsDir?: string;
  platform?: Platform;
}

export function defaultToolsDir(): string {
  return join(projectRoot(), '.tools', 'bin');
}

export async function findTool(name: ToolName, opts: FindOptions = {}): Promise<ToolInfo> {
  const spec = toolSpec(name);
  const env = opts.env ?? process.env;
  const toolsDir = opts.toolsDir ?? defaultToolsDir();
  const hint = spec.hint(opts.platform ?? currentPlatform(), toolsDir);
  const base = { tool: name, tested: spec.tested, required: spec.required };

  const override = env[spec.envVar];
  const candidates = override ? [override] : searchPaths(spec, env, toolsDir);
  if (override && !isExecutable(override)) {
    return { ...base, found: false, path: null, version: null, versionOk: false, hint: `${spec.envVar}=${override} is not an executable file; ${hint}` };
  }

  let first: ToolInfo | undefined;
  for (const path of candidates) {
    const version = await readVersion(path, spec);
    const versionOk = spec.tested === null || (version !== null && isTestedVersion(version, spec.tested));
    const info: ToolInfo = { ...base, found: true, path, version, versionOk, hint: versionOk ? hint : versionHint(spec, version, hint) };
    if (versionOk) return info;
    first ??= info;
  }
  return first ?? { ...base, found: false, path: null, version: null, versionOk: false, hint };
}

/** The tool, or a ToolMissingError with the install hint. A found tool of an untested version is returned as is. */
export async function requireTool(name: ToolName, opts: FindOptions = {}): Promise<ToolInfo & { path: string }> {
  const info = await findTool(name, opts);
  if (!info.found || info.path === null) throw new ToolMissingError(name, info.hint);
  return { ...info, path: info.path };
}

export interface DoctorRow {
  tool: ToolName;
  found: boolean;
  path: string | null;
  version: string | null;
  tested: string | null;
  required: boolean;
  neededFor: string;
  hint: string;
}

/** One row per tool, required ones first, for `gameday doctor`. */
export async function doctorReport(opts: FindOptions = {}): Promise<DoctorRow[]> {
  const infos = await Promise.all(TOOLS.map((t) => findTool(t.name, opts)));
  return infos.map(({ tool, found, path, version, tested, required, hint, versionOk }) => ({
    tool,
    found,
    path,
    version,
    tested,
    required,
    neededFor: toolSpec(tool).neededFor,
    hint: found && versionOk ? '' : hint,
  }));
}

function versionHint(spec: ToolSpec, version: string | null, hint: string): string {
  const seen = version === null ? 'an unreadable version' : `version ${version}`;
  return `found ${seen}, tested with ${spec.tested}.x; it may work, or: ${hint}`;
}

function searchPaths(spec: ToolSpec, env: NodeJS.ProcessEnv, toolsDir: string): string[] {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), toolsDir];
  const found: string[] = [];
  for (const bin of spec.binaries) {
    for (const dir of dirs) {
      const path = join(dir, bin);
      if (!found.includes(path) && isExecutable(path)) found.push(path);
    }
  }
  return found;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const versions = new Map<string, Promise<string | null>>();

/** The version a binary prints (cached per path and arguments), else its Go build info's; null when neither says. */
function readVersion(path: string, spec: ToolSpec): Promise<string | null> {
  const key = [path, ...spec.versionArgs].join('\0');
  let v = versions.get(key);
  if (!v) {
    v = run(path, spec.versionArgs, { timeout: 10_000 })
      // Prometheus tools print their version on stdout, some builds on stderr.
      .then(({ stdout, stderr }) => parseVersion(`${stdout}\n${stderr}`))
      .catch(() => null)
      .then((printed) => printed ?? (spec.goModule ? goModuleVersion(path, spec.goModule) : null));
    versions.set(key, v);
  }
  return v;
}
