import { closeSync, constants, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { makeDirsBelow } from './_internal/makeDirs.js';

/** Options of {@link atomicWrite}. */
export interface AtomicWriteOptions {
  /**
   * The folder the file belongs to (a run or study folder). Every folder between `root` and the file is created
   * when missing and must be a real folder, never a symlink. Default: the file's own folder (only the file itself
   * is then protected).
   */
  root?: string;
}

/** O_NOFOLLOW where the platform has it (POSIX); 0 elsewhere. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Writes a file atomically and without following symlinks. The data goes to a fresh temporary file in the same
 * folder, created with `O_CREAT | O_EXCL | O_NOFOLLOW` under an unpredictable name (a planted file or symlink there
 * makes it fail instead of being written through), then renamed over the target. `rename` is atomic within a file
 * system, so a reader (or a `kill -9`) never leaves a half-written file; and it replaces a symlink at the target
 * with the file rather than writing to the link's target. With `options.root`, the folders between `root` and the
 * file are checked with `lstat` and refused if one is a symlink (see `makeDirsBelow`).
 *
 * Not modelled: a symlink swapped into a folder between the check and the write (Node has no `openat`); no
 * `fsync`, so a power cut may lose the last write (never corrupt the previous one).
 * @throws UnsafePathError (RangeError) for a symlinked folder under `root`; fs errors (with `code`, e.g. EACCES).
 * @example atomicWrite('runs/a/run.json', JSON.stringify(record), { root: 'runs/a' })
 */
export function atomicWrite(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  makeDirsBelow(options.root ?? dir, dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o644);
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    open = false;
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    if (open) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already renamed or removed */
    }
    throw e;
  }
}
