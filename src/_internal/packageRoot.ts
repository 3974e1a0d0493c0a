/**
 * Where lowbit's own files are at run time, in a clone (TypeScript sources, run by vitest or tsx) and in an
 * installed package (the bundles in `dist/`). Code that needs a file of the package (its package.json, an entry
 * module to start in a child process) asks here instead of resolving `import.meta.url` itself: in `dist/` the
 * calling code sits in a bundle chunk, so a path relative to the calling file would be wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import entries from './entryPoints.json' with { type: 'json' };

/** The nearest folder at or above `start` whose package.json is lowbit's. */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'lowbit') return dir;
      } catch {
        // not a package.json we can read: keep walking
      }
    }
    if (dirname(dir) === dir) throw new Error(`lowbit: no package.json of lowbit at or above ${start}`);
  }
}

/** The folder holding lowbit's package.json (the clone, or `node_modules/lowbit`). */
export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** True when this code runs from the TypeScript sources (vitest, tsx), false from the compiled `dist/`. */
export const RUNNING_FROM_SOURCE: boolean = /\.[cm]?ts$/.test(new URL(import.meta.url).pathname);

/** Names of the modules that `npm run build` emits as entry points (`dist/<name>.js`). */
export type EntryName = keyof typeof entries;

/** The build's entry table: entry name → source path relative to the package root (scripts/build.mjs reads it too). */
export const ENTRY_POINTS: Readonly<Record<EntryName, string>> = entries;

/**
 * The file to load for one of lowbit's entry modules: its TypeScript source when running from the sources, its
 * bundle in `dist/` otherwise. The one place that maps an entry to a path (the study worker, the default trial).
 */
export function entryPath(name: EntryName): string {
  return RUNNING_FROM_SOURCE ? join(PACKAGE_ROOT, ENTRY_POINTS[name]) : join(PACKAGE_ROOT, 'dist', `${name}.js`);
}

const isTypeScript = (file: string): boolean => /\.[cm]?ts$/.test(file);

/** URL of tsx's loader (`node --import tsx`), from the package root or the working folder (a clone has tsx). */
function tsxLoader(forFile: string): string {
  for (const from of [PACKAGE_ROOT, process.cwd()]) {
    try {
      return pathToFileURL(createRequire(join(from, 'package.json')).resolve('tsx')).href;
    } catch {
      // try the next folder
    }
  }
  throw new Error(`${forFile} is TypeScript and tsx is not installed: compile it to JavaScript, or npm install tsx`);
}

/**
 * Node options a child process needs to run `module`: none for JavaScript; tsx's loader for TypeScript (lowbit's
 * own entries when running from the sources).
 * @throws Error naming the module when it is TypeScript and tsx cannot be found.
 */
export function nodeArgsFor(module: string): string[] {
  return isTypeScript(module) ? ['--import', tsxLoader(module)] : [];
}

/**
 * Makes this process able to `import()` the TypeScript module `file` (a user's `--trial-module foo.ts`): registers
 * tsx's loader once, when `file` is TypeScript and this process cannot load it yet. Nothing happens for JavaScript.
 * @throws Error naming the file when it is TypeScript and tsx cannot be found.
 */
export async function allowTypeScriptImport(file: string): Promise<void> {
  if (!isTypeScript(file) || RUNNING_FROM_SOURCE || tsxRegistered) return;
  await import(tsxLoader(file)); // registers tsx's hooks for the imports that follow
  tsxRegistered = true;
}
let tsxRegistered = false;

/** True when the package root is a git checkout (a clone), false in an installed package (node_modules/lowbit). */
export const IS_GIT_CHECKOUT: boolean = existsSync(join(PACKAGE_ROOT, '.git'));

/** lowbit's version, from its package.json (read once). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
let version: string | undefined;
