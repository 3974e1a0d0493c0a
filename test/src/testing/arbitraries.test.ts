import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCode, formatValue, operands } from '../../../src/testing/arbitraries.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { decode, isValue } from '../../../simulators/codec.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';

const sample = <T>(a: fc.Arbitrary<T>, n = 4000): T[] => fc.sample(a, { numRuns: n, seed: 3 });

describe('formatCode / formatValue / operands', () => {
  it('every code is a value of the format, in range (floats, fixed, no-subnormal formats)', () => {
    for (const s of ['float16', 'float64', 'float(e=3,m=4,subnormals=off)', 'fixed(w=12,f=4)', 'ufixed(w=8,f=8)', 'fixed(w=53,f=0)']) {
      const spec = parseFormat(s);
      const bits = BigInt(spec.kind === 'float' ? 1 + spec.e + spec.m : (spec as { w: number }).w);
      for (const c of sample(formatCode(s), 1000)) {
        expect(c >= 0n && c >> bits === 0n, `${s} ${c}`).toBe(true);
        expect(isValue(spec, decode(spec, c)), `${s} ${c}`).toBe(true);
      }
    }
  });
  it('is biased toward the special operands: each shows up often', () => {
    const spec = parseFormat('float32') as FloatSpec;
    const L = floatLayout(spec);
    const xs = sample(formatValue(spec));
    const count = (f: (x: number) => boolean) => xs.filter(f).length;
    // 4000 draws: uniform codes would give ±0, ±inf, max, min normal each with probability about 2^-31
    // (seed 3: 35, 15, 333, 18, 26, 51, 9 and 440 of them)
    expect(count((x) => x === 0)).toBeGreaterThan(10);
    expect(count((x) => Math.abs(x) === Infinity)).toBeGreaterThan(5);
    expect(count(Number.isNaN)).toBeGreaterThan(100);
    expect(count((x) => Math.abs(x) === L.maxFinite)).toBeGreaterThan(5);
    expect(count((x) => Math.abs(x) === L.minNormal)).toBeGreaterThan(5);
    expect(count((x) => Math.abs(x) === L.minSubnormal)).toBeGreaterThan(5);
    expect(count((x) => x === 1)).toBeGreaterThan(3);
    expect(count((x) => x !== 0 && Math.abs(x) < L.minNormal)).toBeGreaterThan(100);
  });
  it('specials: false gives finite values only (−0 kept)', () => {
    const xs = sample(formatValue('float8_e5m2', { specials: false }));
    expect(xs.every(Number.isFinite)).toBe(true);
    expect(xs.some((x) => Object.is(x, -0))).toBe(true);
  });
  it('operands: the arity of the op, some of them exact ties of the result format', () => {
    expect(sample(operands('float16', 'fma'), 200).every((o) => o.length === 3)).toBe(true);
    expect(sample(operands('float16', 'convert', { from: 'float64' }), 200).every((o) => o.length === 1)).toBe(true);
    // a tie of float16 addition: rne and rna disagree (the exact sum is halfway)
    const spec = parseFormat('float16');
    const ties = sample(operands(spec, 'add'), 2000).filter(([a, b]) => {
      const s = decode(spec, a!) + decode(spec, b!); // exact: float16 sums fit a double
      const q = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(s))), -14) - 10);
      return Number.isFinite(s) && s !== 0 && Math.abs(s / q - Math.trunc(s / q)) === 0.5;
    });
    expect(ties.length).toBeGreaterThan(100);
  });
  it('shrinks toward +0 and simple codes', () => {
    const r = fc.check(fc.property(formatCode('float16'), (c) => c < 0x3c00n), { seed: 5 });
    expect(r.failed).toBe(true);
    expect(r.counterexample![0]).toBe(0x3c00n);
  });
  it('rejects bad arguments naming them', () => {
    expect(() => formatCode('float99')).toThrow(/formatCode: spec: format "float99"/);
    expect(() => formatValue('binary')).toThrow(/formatValue: spec: a unit can be tested in a float or fixed format; got a binary format/);
    expect(() => operands('float16', 'pow')).toThrow(/op must be one of add, sub, mul, div, sqrt, fma, convert; got "pow"/);
    expect(() => operands('float16', 'convert')).toThrow(/from: convert needs the operand format/);
  });
});
