/**
 * Draws the layers of src/ as they are: dependency-cruiser's JSON on stdin,
 * a Mermaid flowchart on stdout, one box per folder (a concrete target is
 * its own box; the shared files directly under src/ are left out, as every
 * layer may use them). `npm run graph` runs it; the README shows its output.
 */
import { text } from 'node:stream/consumers';

interface Cruised {
  modules: { source: string; dependencies: { resolved: string }[] }[];
}

/** The box a source file belongs to, or null for the shared files and anything outside src/. */
function box(path: string): string | null {
  const concrete = /^src\/targets\/([^/]+)\//.exec(path);
  if (concrete) return `targets/${concrete[1]}`;
  if (/^src\/targets\/[^/]+\.ts$/.test(path)) return 'targets (port)';
  const folder = /^src\/([^/]+)\//.exec(path);
  return folder ? folder[1]! : null;
}

const id = (name: string): string => name.replace(/[^a-z]/g, '_');

async function main(): Promise<void> {
  const cruised = JSON.parse(await text(process.stdin)) as Cruised;
  const edges = new Set<string>();
  const boxes = new Set<string>();
  for (const m of cruised.modules) {
    const from = box(m.source);
    if (!from) continue;
    boxes.add(from);
    for (const d of m.dependencies) {
      const to = box(d.resolved);
      if (to && to !== from) edges.add(`  ${id(from)} --> ${id(to)}`);
    }
  }
  const lines = ['flowchart TD', ...[...boxes].sort().map((b) => `  ${id(b)}["${b}"]`), ...[...edges].sort()];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 3;
});
