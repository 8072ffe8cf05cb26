/**
 * Where `spec.load.script` points. It is resolved against the project root (not
 * the scenario file, so scenarios can move between folders without edits)
 * and must stay inside the project after symlinks are followed: a scenario
 * must not be able to make k6 run a file from elsewhere on the machine.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fail, ok, type Parsed } from './parsed.js';

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

export async function resolveLoadScript(script: string, projectRoot: string): Promise<Parsed<string>> {
  // A line break in a path is never meant, and would make every message below span lines.
  if (/[\u0000-\u001f\u007f]/.test(script))
    return fail(`spec.load.script ${JSON.stringify(script)} holds a control character or line break`);
  if (isAbsolute(script) || /^[a-zA-Z]:[\\/]/.test(script)) {
    return fail(`spec.load.script must be a path relative to the project root, like load/steady.js; got the absolute path "${script}"`);
  }
  const root = resolve(projectRoot);
  const candidate = resolve(root, script);
  if (!inside(root, candidate)) {
    return fail(
      `spec.load.script "${script}" leaves the project: scripts must live inside ${root} (paths are relative to the project root)`,
    );
  }
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(candidate);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return fail(`spec.load.script "${script}" does not exist (looked for ${candidate}; paths are relative to the project root)`);
    return fail(`spec.load.script "${script}" cannot be read (${code ?? 'unknown error'})`);
  }
  if (!inside(realRoot, real)) {
    return fail(`spec.load.script "${script}" is a symlink to ${real}, outside the project: scripts must live inside ${realRoot}`);
  }
  const info = await stat(real);
  if (!info.isFile()) return fail(`spec.load.script "${script}" is not a file`);
  return ok(real);
}
