/**
 * The project root (the directory holding istio-gameday's package.json),
 * found from this module's own location so it is right both from `src/`
 * under tsx and from the compiled `dist/src/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'istio-gameday') {
      return (cached = dir);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the istio-gameday project root');
    dir = up;
  }
}
