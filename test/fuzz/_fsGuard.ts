import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { relative, resolve, isAbsolute } from 'node:path';

/** Paths that any process may write to. */
const ALWAYS_OK = ['/dev/null', '/dev/stdout', '/dev/stderr'];

/** fs functions that create, change or remove what their first (or named) path argument names. */
const SYNC_WRITERS = ['writeFileSync', 'appendFileSync', 'mkdirSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'truncateSync', 'chmodSync', 'utimesSync', 'mkdtempSync', 'createWriteStream'] as const;
const SYNC_PAIRS = ['renameSync', 'copyFileSync', 'symlinkSync', 'linkSync', 'cpSync'] as const;
const ASYNC_WRITERS = ['writeFile', 'appendFile', 'mkdir', 'rm', 'rmdir', 'unlink', 'truncate', 'chmod', 'utimes', 'mkdtemp'] as const;
const ASYNC_PAIRS = ['rename', 'copyFile', 'symlink', 'link', 'cp'] as const;

/** True when `flags` (of fs.open) may write. */
function writesFlags(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) !== 0;
  return typeof flags === 'string' && /[wa+]/.test(flags);
}

/**
 * Records every write this process makes through `node:fs` outside `allowed` folders, while installed: the
 * in-process fuzz runs every command with it, so a command that writes outside its temp folder is caught even
 * when it then fails. Child processes and native writers (SQLite) are not seen: a canary folder covers those.
 */
export function guardWrites(allowed: string[]): { violations: string[]; restore: () => void } {
  const roots = allowed.map((a) => resolve(a));
  const violations: string[] = [];
  const check = (p: unknown, what: string) => {
    if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return; // file descriptors
    const abs = resolve(String(p instanceof URL ? p.pathname : p));
    if (ALWAYS_OK.includes(abs)) return;
    if (roots.some((r) => { const rel = relative(r, abs); return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)); })) return;
    violations.push(`${what} ${abs}`);
  };
  const saved: Array<[object, string, unknown]> = [];
  const wrap = (obj: Record<string, unknown>, name: string, pick: (args: unknown[]) => unknown[]) => {
    const orig = obj[name] as (...a: unknown[]) => unknown;
    if (typeof orig !== 'function') return;
    saved.push([obj, name, orig]);
    obj[name] = function (this: unknown, ...args: unknown[]) {
      for (const p of pick(args)) check(p, name);
      return orig.apply(this, args);
    };
  };
  const f = fs as unknown as Record<string, unknown>;
  const pr = fsp as unknown as Record<string, unknown>;
  for (const n of SYNC_WRITERS) wrap(f, n, (a) => [a[0]]);
  for (const n of SYNC_PAIRS) wrap(f, n, (a) => [a[1]]);
  for (const n of ['renameSync']) wrap(f, n, (a) => [a[0]]);
  wrap(f, 'openSync', (a) => (writesFlags(a[1]) ? [a[0]] : []));
  wrap(f, 'open', (a) => (writesFlags(a[1]) ? [a[0]] : []));
  for (const n of ASYNC_WRITERS) {
    wrap(f, n, (a) => [a[0]]);
    wrap(pr, n, (a) => [a[0]]);
  }
  for (const n of ASYNC_PAIRS) {
    wrap(f, n, (a) => [a[1]]);
    wrap(pr, n, (a) => [a[1]]);
  }
  wrap(pr, 'open', (a) => (writesFlags(a[1]) ? [a[0]] : []));
  syncBuiltinESMExports();
  return {
    violations,
    restore: () => {
      for (const [obj, name, orig] of saved.reverse()) (obj as Record<string, unknown>)[name] = orig;
      syncBuiltinESMExports();
    },
  };
}
