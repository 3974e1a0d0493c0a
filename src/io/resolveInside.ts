import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UnsafePathError } from './unsafePathError.js';

/** Options of {@link resolveInside}. */
export interface ResolveInsideOptions {
  /** Accept a path that resolves to `base` itself (`.`); default false. */
  allowBase?: boolean;
}

/**
 * True when `p` is `base` or below it (both absolute and normalised; no symlinks are followed).
 * @example isInside('/runs', '/runs/a/b') // true; isInside('/runs', '/runs-old') // false
 */
export function isInside(base: string, p: string): boolean {
  const rel = relative(base, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `p`, or of its deepest existing ancestor joined with the missing rest. */
function realpathOfPrefix(p: string): string {
  let head = p;
  const rest: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return p;
    rest.unshift(basename(head));
    head = up;
  }
  return resolve(realpathSync(head), ...rest);
}

/**
 * Resolves a path that was read from a file (`relPath`) against the folder it belongs to (`base`), and refuses it
 * unless the result stays inside `base`: an absolute path, a `..` that climbs out, a NUL byte, or an existing
 * symlink whose target lies outside `base` all throw. Use it for every path that comes from a file (run names,
 * weight manifests, references to other runs): a shared file must not make lowbit read or write elsewhere.
 *
 * Not modelled: races (a symlink created after the check is not seen; the atomic writer checks again when it
 * writes). Paths are POSIX; on Windows a drive-relative path counts as absolute.
 * @returns the resolved absolute path.
 * @throws UnsafePathError (a RangeError) naming `what`, the path given and the folder it must stay in.
 * @example resolveInside('runs/x/model', 'weights.bin', 'weightsManifest path') // '/abs/runs/x/model/weights.bin'
 * @example resolveInside('runs', '../etc', 'config.name') // throws UnsafePathError
 */
export function resolveInside(base: string, relPath: unknown, what: string, options: ResolveInsideOptions = {}): string {
  if (typeof relPath !== 'string' || relPath === '' || relPath.includes('\0')) {
    throw new UnsafePathError(`${what}: must be a non-empty relative path without NUL bytes; got ${JSON.stringify(relPath)}`, String(relPath));
  }
  const outside = () =>
    new UnsafePathError(`${what}: ${JSON.stringify(relPath)} leaves the folder ${JSON.stringify(base)}; only paths inside it are allowed`, relPath);
  if (isAbsolute(relPath)) throw outside();
  const baseAbs = resolve(base);
  const p = resolve(baseAbs, relPath);
  if (!isInside(baseAbs, p) || (p === baseAbs && !options.allowBase)) throw outside();
  if (!isInside(realpathOfPrefix(baseAbs), realpathOfPrefix(p))) throw outside();
  return p;
}
