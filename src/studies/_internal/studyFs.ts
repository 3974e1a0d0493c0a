/**
 * Writing inside a study folder without following symbolic links (issue 11: a symlink planted in a run folder
 * used to be followed and its target overwritten). The study folder itself is the user's choice and may be a
 * link; everything under it is created or written only when no component below the root is a link:
 * - folders are made one component at a time, each checked with `lstat`;
 * - files are written by `atomicWrite` (a temporary file renamed over the target: a rename replaces a link at the
 *   target, it never writes through it);
 * - logs are appended through a descriptor opened with `O_NOFOLLOW`;
 * - the SQLite files are checked with `lstat` before the database is opened.
 */
import { constants, createWriteStream, lstatSync, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { atomicWrite } from '../../io/atomicWrite.js';

/** A link or a non-folder where a study write needs a folder or a plain file. */
export class StudyPathError extends Error {
  override name = 'StudyPathError';
}

function lstatOrNull(p: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Throws when `path` exists and is a symbolic link. */
export function assertNotLink(path: string): void {
  if (lstatOrNull(path)?.isSymbolicLink()) throw new StudyPathError(`${path}: is a symbolic link; lowbit does not write through links inside a study folder`);
}

/**
 * Creates `dir` (inside `root`) and every missing folder between, refusing a link or a file on the way.
 * @throws StudyPathError when `dir` is outside `root` or a component below `root` is a link or not a folder.
 */
export function mkdirNoFollow(root: string, dir: string): void {
  const r = resolve(root);
  const rel = relative(r, resolve(dir));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new StudyPathError(`${dir}: is outside the study folder ${r}`);
  mkdirSync(r, { recursive: true });
  let cur = r;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    cur = `${cur}${sep}${part}`;
    let st = lstatOrNull(cur);
    if (!st) {
      try {
        mkdirSync(cur);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      st = lstatSync(cur);
    }
    if (st.isSymbolicLink()) throw new StudyPathError(`${cur}: is a symbolic link; lowbit does not write through links inside a study folder`);
    if (!st.isDirectory()) throw new StudyPathError(`${cur}: is not a folder`);
  }
}

/**
 * Writes `file` (inside `root`) atomically, its folders made by {@link mkdirNoFollow}.
 * @example writeFileNoFollow('studies/a', 'studies/a/runs/x/config.json', json)
 */
export function writeFileNoFollow(root: string, file: string, data: string | Uint8Array): void {
  mkdirNoFollow(root, dirname(file));
  atomicWrite(file, data);
}

/** An append stream on `file` opened with O_NOFOLLOW (a link there is an error, never followed). */
export function appendStreamNoFollow(file: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new StudyPathError(`${file}: is a symbolic link; lowbit does not write through links inside a study folder`);
    throw e;
  }
  return createWriteStream('', { fd });
}
