import { describe, expect, it } from 'vitest';
import { generateTestCases } from '../../../src/testing/generateTestCases.js';
import { testOp } from '../../../src/testing/testOp.js';
import { isNaNCode } from '../../../src/testing/codes.js';
import { Rng } from '../../../simulators/random/rng.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { BruteOracle, type BruteFormat } from './_bruteOracle.js';

/**
 * Formats the oracle vectors do not hold (float6_e3m2fn: no inf or NaN; float(e=3,m=4,subnormals=off)): testgen's
 * level-2 files against an independent brute-force oracle (`_bruteOracle.ts`: textbook decode, search of the sorted
 * values, overflow and tininess from their definitions).
 */
const MODES: RoundingMode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];

function compare(spec: string, f: BruteFormat, op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt', mode: RoundingMode, only?: (ops: readonly bigint[]) => boolean) {
  const t = testOp(op, spec);
  const brute = new BruteOracle(f);
  const cases = generateTestCases(t, { level: 2, rounding: mode, only });
  const bad: string[] = [];
  let n = 0;
  let nanNoCode = 0;
  for (const c of cases) {
    n++;
    const want = brute.op(op, c.operands.map(Number), mode);
    const got = c.result;
    const ok = want.nan ? got.code !== undefined && isNaNCode(t.spec, got.code) && got.flags === want.flags : got.code === BigInt(want.code) && got.flags === want.flags;
    if (!ok && bad.length < 10) bad.push(`${op} ${mode} ${c.operands.map((x) => x.toString(16))}: testgen ${got.code?.toString(16)} flags ${got.flags}, brute ${JSON.stringify(want)}`);
  }
  return { n, bad, skipped: cases.skipped, nanNoCode };
}

describe('testgen level 2 against a brute-force oracle: float6_e3m2fn (every pair, every mode)', () => {
  const f: BruteFormat = { e: 3, m: 2, specials: 'none', subnormals: true };
  it.each(['add', 'sub', 'mul', 'div', 'sqrt'] as const)('%s', (op) => {
    for (const mode of MODES) {
      const r = compare('float6_e3m2fn', f, op, mode);
      expect(r.bad).toEqual([]);
      // results that are NaN (0/0, x/0, sqrt of a negative) have no code in this format: left out, and counted
      expect(r.n + r.skipped).toBe(op === 'sqrt' ? 64 : 4096);
      if (op === 'div') expect(r.skipped).toBe(64 * 2);
      if (op === 'sqrt') expect(r.skipped).toBe(31);
    }
  });
});

describe('testgen level 2 against a brute-force oracle: float(e=3,m=4,subnormals=off)', () => {
  const spec = 'float(e=3,m=4,subnormals=off)';
  const f: BruteFormat = { e: 3, m: 4, specials: 'ieee', subnormals: false };
  const sample = (seed: number) => {
    const rng = new Rng(seed);
    const keep = new Set<string>();
    for (let i = 0; i < 3000; i++) keep.add(`${Math.floor(rng.uniform() * 256)},${Math.floor(rng.uniform() * 256)}`);
    return (ops: readonly bigint[]) => keep.has(ops.join(','));
  };
  it('add and mul: every pair in rne', () => {
    for (const op of ['add', 'mul'] as const) {
      const r = compare(spec, f, op, 'rne');
      expect(r.bad).toEqual([]);
      expect(r.n).toBe(226 * 226);
    }
  });
  it.each(['add', 'sub', 'mul', 'div'] as const)('%s: about 2,600 pairs in each mode', (op) => {
    for (const mode of MODES) {
      const r = compare(spec, f, op, mode, sample(MODES.indexOf(mode) + 1));
      expect(r.bad).toEqual([]);
      expect(r.n).toBeGreaterThan(2000);
    }
  });
  it('sqrt: every code in every mode', () => {
    for (const mode of MODES) {
      const r = compare(spec, f, 'sqrt', mode);
      expect(r.bad).toEqual([]);
      expect(r.n).toBe(226);
    }
  });
});
