/**
 * The version of a Go module as recorded in a Go binary's build info — what
 * `go version -m <binary>` prints as `mod <path> <version>` — read straight
 * from the file, so no Go toolchain is needed to ask. A `go install` build
 * of vegeta prints an empty `-version`; its build info still says which
 * version it is. Build info is stored as plain text in the binary
 * (https://pkg.go.dev/runtime/debug#BuildInfo; cmd/go/internal/version).
 */
import { readFile } from 'node:fs/promises';

/** `12.13.0` for `mod\tgithub.com/tsenart/vegeta/v12\tv12.13.0\th1:…` in `text`; null when absent. */
export function moduleVersionIn(text: string, module: string): string | null {
  const marker = `mod\t${module}\tv`;
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const rest = text.slice(at + marker.length, at + marker.length + 64);
  return /^(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)[\t\n]/.exec(rest)?.[1] ?? null;
}

/** The main module's version from the binary at `path`; null when it cannot be read. */
export async function goModuleVersion(path: string, module: string): Promise<string | null> {
  try {
    // latin1 maps every byte to one char, so indexes line up and nothing is rejected as bad UTF-8.
    return moduleVersionIn(await readFile(path, 'latin1'), module);
  } catch {
    return null;
  }
}
