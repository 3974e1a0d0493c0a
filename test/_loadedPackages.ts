import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let hooks: string | undefined;

/** An `--import` module that registers a resolve hook printing every resolved URL to stderr (one `LOADED url` line). */
function hooksModule(): string {
  if (hooks) return hooks;
  const dir = mkdtempSync(join(tmpdir(), 'lowbit-hooks-'));
  writeFileSync(join(dir, 'hooks.mjs'), "export async function resolve(s, c, next) { const r = await next(s, c); process._rawDebug('LOADED ' + r.url); return r; }\n");
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  hooks = join(dir, 'register.mjs');
  return hooks;
}

/**
 * Runs `node args…` (in `cwd`, with `input` on stdin) and returns the npm packages it loaded through ESM
 * resolution (`@scope/name` or `name`), sorted, with its exit code. CommonJS `require` inside a package is not
 * seen; a `createRequire` of a package from lowbit's code is not either (lowbit loads mathjs that way, lazily).
 */
export function loadedPackages(args: string[], cwd: string, input = ''): { packages: string[]; code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', hooksModule(), ...args], { cwd, input, encoding: 'utf8' });
  const packages = new Set<string>();
  const rest: string[] = [];
  for (const line of r.stderr.split('\n')) {
    const m = /^LOADED (.*)$/.exec(line);
    if (!m) {
      if (line) rest.push(line);
      continue;
    }
    const p = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m[1]!);
    if (p) packages.add(p[1]!);
  }
  return { packages: [...packages].sort(), code: r.status, stderr: rest.join('\n') };
}

/** Packages that a light entry point must not load: TF.js, mathjs, vega/vega-lite, SQLite, the resvg renderer. */
export const HEAVY = /^(@tensorflow\/|mathjs$|vega|better-sqlite3$|@resvg\/)/;
