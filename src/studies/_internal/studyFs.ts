/**
 * Writing inside a study folder without following symbolic links (issue 11: a symlink planted in a run folder
 * used to be followed and its target overwritten). The study folder itself is the user's choice and may be a
 * link; under it, through src/io's symlink-safe primitives:
 * - folders are made one component at a time, each checked with `lstat` (`makeDirsBelow`);
 * - files are written by `atomicWrite` with the study folder as root (a fresh `O_EXCL | O_NOFOLLOW` temporary
 *   file renamed over the target: a rename replaces a link at the target, it never writes through it);
 * - logs are appended through a descriptor opened with `O_NOFOLLOW`;
 * - the SQLite files are checked with `lstat` before the database is opened (`assertNotLink`).
 */
import { constants, createWriteStream, lstatSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { atomicWrite } from '../../io/atomicWrite.js';
import { makeDirsBelow } from '../../io/_internal/makeDirs.js';
import { UnsafePathError } from '../../io/unsafePathError.js';

const linkError = (p: string): UnsafePathError => new UnsafePathError(`refusing to write through the symlink ${JSON.stringify(p)} (inside a study folder)`, p);

/** Throws UnsafePathError when `path` exists and is a symbolic link. */
export function assertNotLink(path: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return; // nothing there
  }
  if (link) throw linkError(path);
}

/**
 * Creates `dir` (inside `root`) and every missing folder between, refusing a link or a file on the way.
 * @throws UnsafePathError when `dir` is outside `root` or a component below `root` is a link or not a folder.
 */
export function mkdirNoFollow(root: string, dir: string): void {
  makeDirsBelow(root, dir);
}

/**
 * Writes `file` (inside `root`) atomically, its folders made by {@link mkdirNoFollow}.
 * @example writeFileNoFollow('studies/a', 'studies/a/runs/x/config.json', json)
 */
export function writeFileNoFollow(root: string, file: string, data: string | Uint8Array): void {
  makeDirsBelow(root, dirname(file));
  atomicWrite(file, data, { root });
}

/** An append stream on `file` opened with O_NOFOLLOW (a link there is an error, never followed). */
export function appendStreamNoFollow(file: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw linkError(file);
    throw e;
  }
  return createWriteStream('', { fd });
}
