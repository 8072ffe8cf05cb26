#!/usr/bin/env node
// Entry point: the compiled CLI decides the exit code; process.exitCode (not exit()) lets cleanup finish.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('gameday: the CLI is not built yet; run `scripts/setup` (or `npm run build`) first\n');
  process.exitCode = 3;
} else {
  const { main: run } = await import(main);
  process.exitCode = await run(process.argv.slice(2));
}
