import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { HEAVY, loadedPackages } from '../../_loadedPackages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe("the 'lowbit/testing' entry", () => {
  it('loads fast-check (its peer dependency) and no tfjs, mathjs, vega, SQLite or resvg (built dist/testing.js)', () => {
    const r = loadedPackages(['--input-type=module', '-e', "const t = await import('lowbit/testing'); if (typeof t.checkUnit !== 'function') process.exit(3);"], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
    expect(r.packages).toContain('fast-check');
  });
});
