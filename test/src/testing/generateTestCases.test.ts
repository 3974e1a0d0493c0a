import { describe, expect, it } from 'vitest';
import { generateTestCases, type TestCase } from '../../../src/testing/generateTestCases.js';
import { testOp } from '../../../src/testing/testOp.js';
import { expectedResult } from '../../../src/testing/oracle.js';
import { formatCaseLine } from '../../../src/testing/caseLine.js';
import { codeValue, isSignalingNaNCode } from '../../../src/testing/codes.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';

const lines = (cs: Iterable<TestCase>, t = testOp('sqrt', 'float16')) => [...cs].map((c) => formatCaseLine(t, c));

describe('generateTestCases: determinism and size', () => {
  it('the same seed gives the same cases; another seed other random ones', () => {
    const t = testOp('sqrt', 'float16');
    const a = lines(generateTestCases(t, { seed: 7, count: 3000 }), t);
    const b = lines(generateTestCases(t, { seed: 7, count: 3000 }), t);
    const c = lines(generateTestCases(t, { seed: 8, count: 3000 }), t);
    expect(a).toEqual(b);
    expect(a).toHaveLength(3000);
    expect(c).not.toEqual(a);
    // the specials come first and do not depend on the seed
    expect(c.slice(0, 100)).toEqual(a.slice(0, 100));
  });
  it('count caps the cases (0 gives none)', () => {
    const t = testOp('add', 'float32');
    expect([...generateTestCases(t, { count: 17 })]).toHaveLength(17);
    expect([...generateTestCases(t, { count: 0 })]).toHaveLength(0);
  });
  it('level 2 on an 8-bit format is every operand pair: 65,536 for add, each once', () => {
    const t = testOp('add', 'float8_e4m3fn');
    const keys = new Set([...generateTestCases(t, { level: 2 })].map((c) => `${c.operands[0]},${c.operands[1]}`));
    expect(keys.size).toBe(65536);
  });
  it('level 2 without subnormals sweeps every code that is a value (226 of 256 for e=3,m=4)', () => {
    const t = testOp('mul', 'float(e=3,m=4,subnormals=off)');
    expect([...generateTestCases(t, { level: 2 })]).toHaveLength(226 * 226);
    const s = testOp('sqrt', 'float8_e5m2');
    expect([...generateTestCases(s, { level: 2 })]).toHaveLength(256);
  });
  it('rejects bad options naming them', () => {
    const t = testOp('add', 'float16');
    expect(() => generateTestCases(t, { level: 3 as 1 })).toThrow(/level must be 1 or 2; got 3/);
    expect(() => generateTestCases(t, { count: -1 })).toThrow(/count must be a non-negative integer; got -1/);
    expect(() => generateTestCases(t, { seed: 0.5 })).toThrow(/seed must be a safe integer; got 0.5/);
    expect(() => generateTestCases(t, { rounding: 'log' })).toThrow(/rounding: 'log' is not available for float formats/);
  });
});

describe('generateTestCases: level 1 holds what TestFloat level 1 holds', () => {
  const t = testOp('add', 'float16');
  const spec = t.spec as FloatSpec;
  const cases = [...generateTestCases(t)];
  const L = floatLayout(spec);
  const values = new Set(cases.flatMap((c) => c.operands.map((x) => codeValue(spec, x))).map((x) => (Object.is(x, -0) ? '-0' : String(x))));

  it('special operands: ±0, subnormal ends, min normal, 1 and neighbours, max, ±inf, quiet and signalling NaN', () => {
    for (const x of [0, -0, L.minSubnormal, L.minNormal - L.minSubnormal, L.minNormal, 1, 1 - 2 ** -11, 1 + 2 ** -10, L.maxFinite, -L.maxFinite, Infinity, -Infinity, NaN]) {
      expect(values.has(Object.is(x, -0) ? '-0' : String(x)), String(x)).toBe(true);
    }
    expect(cases.some((c) => c.operands.some((x) => isSignalingNaNCode(spec, x)))).toBe(true);
  });
  it('every flag is raised somewhere, and results land on both sides of the overflow and underflow thresholds', () => {
    // sums are exact in the subnormal range, so add never underflows: products do
    for (const bit of [0x10, 0x04, 0x01]) expect(cases.some((c) => c.result.flags & bit), `flag ${bit}`).toBe(true);
    expect(cases.some((c) => c.result.flags & 0x02)).toBe(false);
    const m = testOp('mul', 'float16');
    expect([...generateTestCases(m, { count: 40000 })].some((c) => c.result.flags & 0x02)).toBe(true);
    const near = (lo: number, hi: number) => cases.filter((c) => Math.abs(c.result.value) >= lo && Math.abs(c.result.value) <= hi).length;
    expect(near(L.maxFinite * (1 - 2 ** -9), L.maxFinite)).toBeGreaterThan(200);
    expect(cases.filter((c) => c.result.flags & 0x04 && c.result.value === Infinity).length).toBeGreaterThan(100);
    expect(near(L.minNormal * (1 - 2 ** -8), L.minNormal * (1 + 2 ** -8))).toBeGreaterThan(100);
  });
  it('exact ties after rounding are frequent (rne and rna disagree only on ties)', () => {
    const ties = cases.filter((c) => expectedResult(t, c.operands, 'rna').code !== c.result.code).length;
    expect(ties).toBeGreaterThan(1500);
    const m = testOp('mul', 'float16');
    const mulTies = [...generateTestCases(m, { count: 30000 })].filter((c) => expectedResult(m, c.operands, 'rna').code !== c.result.code).length;
    expect(mulTies).toBeGreaterThan(800);
  });
  it('level 1 sizes: two-operand ops about 40k lines, sqrt and convert about 12k', () => {
    expect(cases.length).toBeGreaterThan(35000);
    expect(cases.length).toBeLessThan(50000);
  });
});
