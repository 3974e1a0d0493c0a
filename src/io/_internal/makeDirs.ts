import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UnsafePathError } from '../unsafePathError.js';
import { isInside } from '../resolveInside.js';

/** `fs.statSync` without throwing: undefined when nothing is there (or it cannot be reached). */
export function statOrUndefined(p: string, follow = true) {
  try {
    return follow ? statSync(p) : lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Creates folder `dir` and its missing ancestors one level at a time, with non-recursive `mkdir` calls: at most one
 * call per path component, so it cannot loop (Node's `mkdirSync(p, {recursive: true})` spins forever on some
 * virtual file systems, e.g. `/proc/x`). Existing ancestors may be symlinks (the user chose them).
 * @throws the first `mkdir` error (with its `code`), or an Error when an ancestor is not a folder.
 */
export function makeDirs(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    const st = statOrUndefined(p);
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${JSON.stringify(p)} exists and is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(m)?.isDirectory()) throw e;
    }
  }
}

/**
 * Creates `dir` below `root` so that no folder between them is a symlink: each component under `root` is checked
 * with `lstat` and created with a non-recursive `mkdir` when missing. `root` itself may be a symlink (the user
 * named it) and is created with {@link makeDirs} when missing.
 * @throws UnsafePathError when `dir` is not inside `root`, or a component below `root` is a symlink or a file.
 */
export function makeDirsBelow(root: string, dir: string): void {
  const rootAbs = resolve(root);
  const rel = relative(rootAbs, resolve(dir));
  if (!isInside(rootAbs, resolve(dir))) {
    throw new UnsafePathError(`${JSON.stringify(dir)} is not inside ${JSON.stringify(root)}`, dir);
  }
  makeDirs(rootAbs);
  let p = rootAbs;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    p = join(p, part);
    const st = statOrUndefined(p, false);
    if (st?.isSymbolicLink()) throw new UnsafePathError(`refusing to write through the symlink ${JSON.stringify(p)} (inside ${JSON.stringify(root)})`, p);
    if (st && !st.isDirectory()) throw new UnsafePathError(`${JSON.stringify(p)} exists and is not a folder`, p);
    if (!st) {
      try {
        mkdirSync(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        if (!statOrUndefined(p, false)?.isDirectory()) throw new UnsafePathError(`${JSON.stringify(p)} appeared and is not a folder`, p);
      }
    }
  }
}
