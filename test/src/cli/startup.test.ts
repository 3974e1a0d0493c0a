import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEAVY, loadedPackages } from '../../_loadedPackages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli.js');

describe('CLI start-up: a command loads only what it uses', () => {
  const light: Array<[string, string[], string]> = [
    ['formats', ['formats'], ''],
    ['format', ['format', 'float8_e4m3fn'], ''],
    ['quantize', ['quantize', '--format', 'float8_e4m3fn'], '0.1\n'],
    ['arith', ['arith', '--format', 'bfloat16', '--op', 'fma'], '1 2 3\n'],
    ['--help', ['--help'], ''],
    ['testgen', ['testgen', '--format', 'bfloat16', '--op', 'add', '--count', '5'], ''],
  ];
  for (const [name, args, input] of light) {
    it(`lowbit ${name} loads no tfjs, mathjs, vega, SQLite or resvg`, () => {
      const r = loadedPackages([BIN, ...args], ROOT, input);
      expect(r.code, r.stderr).toBe(0);
      expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
      // commander is bundled into dist/cli.js (scripts/build.mjs): no package file of it is read at start
      expect(r.packages).not.toContain('commander');
    });
  }

  it('(control) the same check sees heavy packages where they are loaded: import(\'lowbit\') loads tfjs', () => {
    const r = loadedPackages(['--input-type=module', '-e', "await import('lowbit')"], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p)).length).toBeGreaterThan(0);
  });

  it('lowbit cost --model lenet5 loads no tfjs (the zoo is topology JSON) and no mathjs (only user cost models need it)', () => {
    const r = loadedPackages([BIN, 'cost', '--model', 'lenet5'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages.filter((p) => HEAVY.test(p))).toEqual([]);
  });
});
