import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * lowbit's version from its package.json, found by walking up from this file (so it works from `src/` and from a
 * build in `dist/`). 'unknown' when no lowbit package.json is found.
 * @example lowbitPackageVersion() // '0.1.0'
 */
export function lowbitPackageVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'lowbit' && typeof pkg.version === 'string') return (cached = pkg.version);
      } catch {
        /* not ours: keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cached = 'unknown');
}
