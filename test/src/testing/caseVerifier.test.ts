import { describe, expect, it } from 'vitest';
import { CaseVerifier } from '../../../src/testing/caseVerifier.js';
import { generateTestCases } from '../../../src/testing/generateTestCases.js';
import { formatCaseLine } from '../../../src/testing/caseLine.js';
import { srNeighbours } from '../../../src/testing/srNeighbours.js';
import { testOp, type TestOp } from '../../../src/testing/testOp.js';
import { Rng } from '../../../simulators/random/rng.js';
import { isNaNCode } from '../../../src/testing/codes.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';

function run(t: TestOp, lines: string[], opts: ConstructorParameters<typeof CaseVerifier>[1] = {}) {
  const v = new CaseVerifier(t, opts);
  const bad: number[] = [];
  const msgs: string[] = [];
  lines.forEach((l, i) => {
    const m = v.check(l, i + 1);
    if (m !== undefined) {
      bad.push(i + 1);
      msgs.push(m);
    }
  });
  return { bad, msgs, report: v.finish() };
}

const gen = (t: TestOp, rounding: RoundingMode = 'rne', count = 4000, seed = 1) =>
  [...generateTestCases(t, { rounding, count, seed })].map((c) => formatCaseLine(t, c));

/** Replaces the result field of a line. */
const withResult = (line: string, code: string) => {
  const f = line.split(' ');
  f[f.length - 2] = code;
  return f.join(' ');
};
const withFlags = (line: string, flags: string) => line.replace(/ [0-9A-F]{2}$/, ' ' + flags);

describe('CaseVerifier', () => {
  it('accepts every line testgen writes, in every deterministic mode', () => {
    for (const mode of ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'rhu'] as RoundingMode[]) {
      const t = testOp('fma', 'float16');
      const r = run(t, gen(t, mode, 1500), { rounding: mode });
      expect(r.bad, mode).toEqual([]);
      expect(r.report).toEqual({ tests: 1500, errors: 0, sr: undefined });
    }
  });
  it('reports exactly the lines changed in a corrupted copy, with values and flags letter by letter', () => {
    const t = testOp('mul', 'float16');
    const lines = gen(t);
    const copy = [...lines];
    const changed = [5, 321, 1000, 2718, 3999];
    for (const n of changed) {
      const f = copy[n - 1]!.split(' ');
      const r = BigInt('0x' + f[2]!);
      const corrupt = isNaNCode(t.spec, r) ? 0x3c00n : r ^ 1n; // another NaN code would still be a NaN
      copy[n - 1] = n % 2 ? withResult(copy[n - 1]!, corrupt.toString(16).toUpperCase().padStart(4, '0')) : withFlags(copy[n - 1]!, (parseInt(f[3]!, 16) ^ 0x03).toString(16).toUpperCase().padStart(2, '0'));
    }
    const r = run(t, copy);
    expect(r.bad).toEqual(changed.filter((n) => copy[n - 1] !== lines[n - 1]));
    expect(r.report.errors).toBe(r.bad.length);
    expect(r.bad).toEqual(changed);
    const one = run(t, ['3C00 3C01 3C02 00']);
    expect(one.msgs).toEqual(['line 1: mul 3C00 (1) 3C01 (1.0009765625): expected 3C01 (1.0009765625) flags ....., got 3C02 (1.001953125) flags ..... (result differs)']);
    const fl = run(t, ['7BFF 7BFF 7C00 01']);
    expect(fl.msgs[0]).toBe('line 1: mul 7BFF (65504) 7BFF (65504): expected 7C00 (inf) flags ..o.x, got 7C00 (inf) flags ....x (o (overflow) expected, not raised)');
  });
  it('NaN results match by class; a signalling NaN result never; --nan-payload exact asks for the canonical code', () => {
    const t = testOp('add', 'float16');
    const lines = ['7C00 FC00 7E00 10', '7C00 FC00 FE01 10', '7C00 FC00 7C01 10', '7E00 3C00 7FFF 00', '7C01 3C00 7E00 10', '7C01 3C00 7E00 00'];
    expect(run(t, lines).bad).toEqual([3, 6]);
    expect(run(t, lines, { nanPayload: 'exact' }).bad).toEqual([2, 3, 4, 6]);
    expect(run(t, lines, { ignoreFlags: true }).bad).toEqual([3]);
  });
  it('a result that is NaN in a format without NaN has no right code: always an error', () => {
    const t = testOp('div', 'float6_e3m2fn');
    const r = run(t, ['00 00 00 10', '08 08 0C 00']);
    expect(r.bad).toEqual([1]);
    expect(r.msgs[0]).toMatch(/lowbit's result is NaN, which float\(e=3,m=2,specials=none\) cannot encode/);
  });
  it('malformed lines throw a RangeError naming the line and field', () => {
    const v = new CaseVerifier(testOp('add', 'float16'));
    expect(() => v.check('3C00 3C00 4000', 7)).toThrow(/line 7: add needs 4 fields .* got 3/);
    expect(() => v.check('3C0 3C00 4000 00', 8)).toThrow(/line 8 operand 1: must be 4 hex digits \(a 16-bit code\); got "3C0"/);
    expect(() => v.check('3C00 3C00 4000 20', 9)).toThrow(/line 9 flags: must be 1 or 2 hex digits, at most 1F/);
    const f6 = new CaseVerifier(testOp('add', 'float6_e3m2fn'));
    expect(() => f6.check('40 00 00 00', 2)).toThrow(/line 2 operand 1: 40 is out of range for a 6-bit code \(at most 3F\)/);
    const nosub = new CaseVerifier(testOp('add', 'float(e=3,m=4,subnormals=off)'));
    expect(() => nosub.check('03 00 03 00', 3)).toThrow(/line 3 operand 1: 03 is not a value of the format/);
    expect(() => new CaseVerifier(testOp('add', 'float16'), { nanPayload: 'bits' as 'exact' })).toThrow(/nanPayload must be class or exact; got "bits"/);
    expect(() => new CaseVerifier(testOp('add', 'float16'), { alpha: 2 })).toThrow(/alpha must be in \(0, 1\); got 2/);
  });
});

describe('CaseVerifier under sr: neighbours line by line, frequencies over the file', () => {
  const t = testOp('mul', 'bfloat16');
  /** A unit that rounds stochastically with `pick(p, u)` deciding the upper neighbour. */
  const unit = (pick: (p: number, u: number) => boolean, seed: number) => {
    const rng = new Rng(seed);
    return gen(t, 'rne', 6000, 3).map((l) => {
      const ops = l.split(' ').slice(0, 2).map((h) => BigInt('0x' + h));
      const nb = srNeighbours(t, ops);
      const up = nb.pNum !== 0n && pick(Number(nb.pNum) / Number(nb.pDen), rng.uniform());
      const r = up ? nb.hi : nb.lo;
      return `${l.split(' ').slice(0, 2).join(' ')} ${r.code!.toString(16).toUpperCase().padStart(4, '0')} ${r.flags.toString(16).toUpperCase().padStart(2, '0')}`;
    });
  };
  it("testgen's own sr files pass, for several seeds", () => {
    for (const seed of [1, 2, 3]) {
      const r = run(t, gen(t, 'sr', 6000, seed), { rounding: 'sr' });
      expect(r.bad).toEqual([]);
      expect(r.report.sr!.passed).toBe(true);
      expect(r.report.sr!.overall.n).toBeGreaterThan(3000);
      expect(r.report.errors).toBe(0);
    }
  });
  it('a correct unit passes; one with 3 random bits or one that always truncates fails the frequency test', () => {
    expect(run(t, unit((p, u) => u < p, 11), { rounding: 'sr' }).report.errors).toBe(0);
    const coarse = run(t, unit((p, u) => Math.floor(u * 8) / 8 < p, 12), { rounding: 'sr' });
    expect(coarse.bad).toEqual([]);
    expect(coarse.report.sr!.passed).toBe(false);
    expect(coarse.report.errors).toBe(1);
    const trunc = run(t, unit(() => false, 13), { rounding: 'sr' });
    expect(trunc.report.sr!.pValue).toBeLessThan(1e-12);
  });
  it('a result that is neither neighbour is an error on its line', () => {
    // 1.0078125² = 1.01568603515625 = 1.015625 + 2^-14, between 3F82 (1.015625) and 3F83 (1.0234375): p up = 2^-14 / 2^-7
    const r = run(t, ['3F81 3F81 3F85 01', '3F81 3F81 3F82 01', '3F81 3F81 3F83 01', '3F81 3F81 3F83 00', '3F80 3F81 3F81 00'], { rounding: 'sr' });
    expect(r.bad).toEqual([1, 4]);
    expect(r.msgs[0]).toMatch(/^line 1: mul 3F81 \(1.0078125\) 3F81 \(1.0078125\): got 3F85 \(1.0390625\), which is neither neighbour: 3F82 \(1.015625\) or 3F83 \(1.0234375\) \(p up = 1\/128\)/);
  });
});
