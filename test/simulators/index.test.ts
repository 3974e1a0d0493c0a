import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { HEAVY, loadedPackages } from '../_loadedPackages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe("the 'lowbit/simulators' entry", () => {
  it('loads no tfjs, mathjs, vega, SQLite or resvg (built dist/simulators.js)', () => {
    const r = loadedPackages(['--input-type=module', '-e', "const s = await import('lowbit/simulators'); if (s.quantize(s.parseFormat('float8_e4m3fn'), 0.3) !== 0.3125) process.exit(3);"], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
  });
});
