/** Runs the CLI in-process, as `gameday …` would, capturing stdout and stderr. */
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.js';
import { projectRoot } from '../../../src/project-root.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      w.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

export async function runCli(...argv: string[]): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { out, err, cwd: projectRoot() });
  return { code, out: out.text, err: err.text };
}
