/**
 * Files a reader must never see half-written (result.json, the reports):
 * written to a temporary file beside the target, fsynced, renamed over it,
 * and the directory fsynced, so a crash or a full disk leaves either the old
 * file or the new one — never a torn one, never a stray temporary.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.tmp`;
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : (code ?? String(err));
    throw new Error(`could not write ${file}: ${why}; the previous version, if any, is unchanged`, { cause: err });
  }
  syncDir(dirname(file));
}

/** Makes the rename itself durable; some filesystems refuse to fsync a directory, which is harmless here. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort.
  }
}
