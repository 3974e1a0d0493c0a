import { closeSync, constants, openSync, realpathSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CliUsageError } from '../cli/cliError.js';
import { isInside } from './resolveInside.js';
import { makeDirs, statOrUndefined } from './_internal/makeDirs.js';

/** Virtual file systems no output goes to: writes there change the kernel's state or hang. */
const FORBIDDEN_ROOTS = ['/proc', '/sys'];

/** The real path of the deepest existing ancestor of `abs` (or `abs` itself). */
function realAncestor(abs: string): string {
  let p = abs;
  while (!statOrUndefined(p)) {
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const why = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '').split(',')[0]}` : String((e as Error).message ?? e);
};

/**
 * Creates and checks an output folder before any work starts, so a bad `--out` fails in milliseconds instead of
 * after a training. Refuses, with a one-line usage error naming `argName`: a folder under `/proc` or `/sys`
 * (checked on the path as given and on the real path of its deepest existing ancestor), a path that exists and is
 * not a folder (or has a file as an ancestor), and a folder that cannot be created or written (read-only file
 * system, permissions: probed by creating and removing a temporary file). Folders are created one level at a time,
 * so the call never loops (Node's recursive `mkdirSync` spins forever on `/proc/x`).
 *
 * Not modelled: free space, quotas, and a folder that becomes unwritable later.
 * @returns the absolute path of the folder.
 * @throws CliUsageError (exit 2 in the CLI), e.g. `--out: "/proc/x" is under /proc (a virtual file system); choose a folder on disk`.
 * @example const out = prepareOutDir(o.out ?? 'runs/x', '--out')
 */
export function prepareOutDir(path: string, argName: string): string {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new CliUsageError(`${argName}: must be a folder path; got ${JSON.stringify(path)}`);
  }
  return prepare(resolve(path), argName, JSON.stringify(path));
}

/** The checks of prepareOutDir on an absolute path; `shown` is how messages name it. */
function prepare(abs: string, argName: string, shown: string): string {
  for (const root of FORBIDDEN_ROOTS) {
    if (isInside(root, abs) || isInside(root, realAncestor(abs))) {
      throw new CliUsageError(`${argName}: ${shown} is under ${root} (a virtual file system); choose a folder on disk`);
    }
  }
  const st = statOrUndefined(abs);
  if (st && !st.isDirectory()) throw new CliUsageError(`${argName}: ${shown} exists and is not a folder`);
  try {
    makeDirs(abs);
  } catch (e) {
    throw new CliUsageError(`${argName}: cannot create folder ${shown} (${why(e)})`);
  }
  const probe = join(abs, `.lowbit-write-test.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600));
    unlinkSync(probe);
  } catch (e) {
    throw new CliUsageError(`${argName}: folder ${shown} is not writable (${why(e)})`);
  }
  return abs;
}

/**
 * Checks an output file path before any work: its folder goes through {@link prepareOutDir} (created, writable,
 * not under /proc or /sys), and the path itself must not be an existing folder.
 * @returns the absolute path of the file.
 * @throws CliUsageError naming `argName`.
 * @example const out = prepareOutFile(o.out, '--out')
 */
export function prepareOutFile(path: string, argName: string): string {
  if (typeof path !== 'string' || path === '' || path.includes('\0') || basename(path) === '' || /[/\\]$/.test(path)) {
    throw new CliUsageError(`${argName}: must be a file path; got ${JSON.stringify(path)}`);
  }
  const abs = resolve(path);
  if (statOrUndefined(abs)?.isDirectory()) throw new CliUsageError(`${argName}: ${JSON.stringify(path)} is a folder; give a file path`);
  prepare(dirname(abs), argName, `${JSON.stringify(dirname(path))} (the folder of ${JSON.stringify(path)})`);
  return abs;
}
