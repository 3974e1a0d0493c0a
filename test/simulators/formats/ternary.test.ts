import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { TernarySpec } from '../../../simulators/formats/formatSpec.js';
import { formatBits } from '../../../simulators/formats/formatBits.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize, quantizeArray, quantizeRational, quantizeWithFlags } from '../../../simulators/quantize.js';
import { decodeTernary, encodeTernary, roundTernary } from '../../../simulators/formats/ternary.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../../../simulators/_internal/flags.js';
import { DETERMINISTIC_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';

const T = (text: string) => parseFormat(text) as TernarySpec;
const HALF = T('ternary(threshold=0.5)'); // {−1, 0, 1}, |x| > 0.5 → ±1
const SCALED = T('ternary(threshold=0.05,scale=0.25)');

/** A finite double as an exact rational [num, den], read from its bits (independent of simulators/). */
function ratOf(x: number): [bigint, bigint] {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x));
  const bits = dv.getBigUint64(0);
  const be = Number(bits >> 52n);
  const mant = be === 0 ? bits & ((1n << 52n) - 1n) : (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const exp = (be === 0 ? 1 : be) - 1075;
  const n = x < 0 ? -mant : mant;
  return exp >= 0 ? [n << BigInt(exp), 1n] : [n, 1n << BigInt(-exp)];
}

/** Lin et al.'s ternary connect with exact arithmetic: sign(x)·S iff u < |x|/S (clipped at 1), else 0. */
function srOracle(x: [bigint, bigint], S: number, u: number): number {
  const [sn, sd] = ratOf(S);
  const [un, ud] = ratOf(u);
  const a = x[0] < 0n ? -x[0] : x[0];
  // u < (a/x1)/(sn/sd) ⇔ un·sn·x1 < a·sd·ud
  const hit = un * sn * x[1] < a * sd * ud;
  return hit ? (x[0] < 0n ? -S : S) : 0;
}

const uDraw = fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map((k) => Number(k) / 2 ** 53);

describe('ternary: known values', () => {
  it('every deterministic mode is the threshold rule |x| > T → ±S (strict), else 0', () => {
    const xs = [-2, -0.51, -0.5, -0.2, -0, 0, 0.49, 0.5, 0.5000001, 1, 3, -Infinity];
    const want = [-1, -1, 0, 0, 0, 0, 0, 0, 1, 1, 1, -1];
    for (const m of DETERMINISTIC_MODES) expect(xs.map((x) => quantize(HALF, x, { rounding: m })), m).toEqual(want);
    expect([-0.3, -0.06, -0.05, 0.05, 0.051, 0.1].map((x) => quantize(SCALED, x))).toEqual([-0.25, -0.25, 0, 0, 0.25, 0.25]);
    expect(Object.is(quantize(HALF, -0.1), 0)).toBe(true);
  });
  it('threshold = 0 maps every nonzero x to ±S and keeps 0', () => {
    const spec = T('ternary(threshold=0,scale=2)');
    expect([-1e-300, 0, 1e-300, 5].map((x) => quantize(spec, x))).toEqual([-2, 0, 2, 2]);
  });
  it('flags: x when changed, o when |x| > S, v for NaN (which gives 0); rationals compare exactly', () => {
    expect(quantizeWithFlags(HALF, -1)).toEqual({ value: -1, flags: 0 });
    expect(quantizeWithFlags(HALF, 0.7)).toEqual({ value: 1, flags: FLAG_X });
    expect(quantizeWithFlags(HALF, 3)).toEqual({ value: 1, flags: FLAG_O | FLAG_X });
    expect(quantizeWithFlags(HALF, NaN)).toEqual({ value: 0, flags: FLAG_V });
    expect(quantizeRational(HALF, 1n, 2n)).toEqual({ value: 0, flags: FLAG_X }); // |x| = T exactly → 0
    expect(quantizeRational(HALF, -5n, 9n)).toEqual({ value: -1, flags: FLAG_X });
    expect(quantizeRational(SCALED, 1n, 4n)).toEqual({ value: 0.25, flags: 0 });
  });
  it('sr: P(±S) = clip(|x|/S, 0, 1), ignoring the threshold', () => {
    expect(quantize(HALF, 0.75, { rounding: 'sr', u: 0.75 - 2 ** -53 })).toBe(1);
    expect(quantize(HALF, 0.75, { rounding: 'sr', u: 0.75 })).toBe(0);
    expect(quantize(SCALED, -0.0625, { rounding: 'sr', u: 0.25 - 2 ** -54 })).toBe(-0.25); // p = 1/4
    expect(quantize(SCALED, -0.0625, { rounding: 'sr', u: 0.25 })).toBe(0);
    expect(quantize(HALF, 0.1, { rounding: 'sr', u: 0.05 })).toBe(1); // below T, still ±S with p = 0.1
    expect(quantize(HALF, -4, { rounding: 'sr', u: 1 - 2 ** -53 })).toBe(-1);
    expect(quantize(HALF, 0, { rounding: 'sr', u: 0 })).toBe(0);
  });
});

describe('ternary: codes', () => {
  it('2-bit two\'s complement: 00 → 0, 01 → +S, 11 → −S, 10 unused; signed code order = value order', () => {
    for (const spec of [HALF, SCALED]) {
      const h = handlerFor(spec);
      expect(h.bits(spec)).toBe(2);
      expect(formatBits(spec)).toBe(2);
      const signed = [3n, 0n, 1n]; // −1, 0, +1 as 2-bit two's complement
      expect(signed.map((c) => h.decode(spec, c))).toEqual([-spec.scale, 0, spec.scale]);
      for (const c of signed) expect(h.encode(spec, h.decode(spec, c))).toBe(c);
      expect(() => h.decode(spec, 2n)).toThrow(/got 2/);
    }
  });
});

describe('ternary: stochastic rounding', () => {
  it('matches the exact rule of Lin et al., from doubles and from rationals', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(1, 0.25, 0.1), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), fc.double({ min: -3, max: 3, noNaN: true }), uDraw, (S, t, u) => {
        // Arrange
        const spec: TernarySpec = { kind: 'ternary', threshold: S / 2, scale: S };
        const x = t * S;
        const want = srOracle(ratOf(x), S, u);
        // Act / Assert
        expect(roundTernary(spec, x, 'sr', u).value).toBe(want);
        const [n, d] = ratOf(x);
        if (n !== 0n) expect(quantizeRational(spec, n, d, { rounding: 'sr', u }).value).toBe(want);
      }),
    );
  });
  it('matches the exact rule for u within a few ulps of p (the exact path)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -3, max: 3 }), (x, k) => {
        const u = Math.min(Math.max(Math.abs(x) + k * 2 ** -53, 0), 1 - 2 ** -53);
        expect(roundTernary(HALF, x, 'sr', u).value).toBe(srOracle(ratOf(x), 1, u));
      }),
    );
  });
  it('is unbiased: the mean of 10^5 seeded draws is within 4σ of x for |x| ≤ S', () => {
    const N = 100_000;
    for (const [spec, x] of [[HALF, 0.3], [HALF, -0.9], [SCALED, 0.01], [SCALED, -0.2]] as const) {
      const q = quantizeArray(spec, new Float64Array(N).fill(x), { rounding: 'sr', seed: 5 });
      const mean = q.reduce((s, v) => s + v, 0) / N;
      const p = Math.abs(x) / spec.scale;
      const sigma = (spec.scale * Math.sqrt(p * (1 - p))) / Math.sqrt(N);
      expect(Math.abs(mean - x), `x = ${x}`).toBeLessThanOrEqual(4 * sigma);
    }
  });
});

describe('ternary: bad input', () => {
  it('encode and decode reject what is not −S, 0, +S / a valid 2-bit code', () => {
    expect(() => encodeTernary(HALF, 0.5)).toThrow(/encode: 0.5 is not a value of ternary\(threshold=0.5,scale=1\) \(−S, 0, \+S\); quantize it first/);
    expect(() => decodeTernary(HALF, 2n)).toThrow(/decode: code must be 0n \(0\), 1n \(\+S\) or 3n \(−S\) for ternary formats; got 2/);
    expect(() => decodeTernary(HALF, 4n)).toThrow(/got 4/);
  });
  it('quantize rejects the log mode', () => {
    expect(() => quantize(HALF, 1, { rounding: 'log' as RoundingMode })).toThrow(/rounding 'log' is not available for ternary formats/);
  });
});
