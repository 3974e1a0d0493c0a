import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { BinarySpec } from '../../../simulators/formats/formatSpec.js';
import { formatBits } from '../../../simulators/formats/formatBits.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize, quantizeArray, quantizeRational, quantizeWithFlags } from '../../../simulators/quantize.js';
import { decodeBinary, encodeBinary, roundBinary } from '../../../simulators/formats/binary.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../../../simulators/_internal/flags.js';
import { DETERMINISTIC_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';

const B = (text: string) => parseFormat(text) as BinarySpec;
const UNIT = B('binary');
const HALF = B('binary(scale=0.5)');

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

/** BinaryConnect's stochastic rule with exact arithmetic: +S iff u < clip((x/S + 1)/2, 0, 1). */
function srOracle(x: [bigint, bigint], S: number, u: number): number {
  const [sn, sd] = ratOf(S);
  const [un, ud] = ratOf(u);
  // u < (x + S)/(2S) ⇔ u·2S < x + S; both sides times ud·sd·xd (> 0)
  const lhs = un * 2n * sn * x[1];
  const rhs = (x[0] * sd + sn * x[1]) * ud;
  return lhs < rhs ? S : -S;
}

const uDraw = fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map((k) => Number(k) / 2 ** 53);
const scales = fc.oneof(fc.constantFrom(1, 0.5, 0.1, 3), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));

describe('binary: known values', () => {
  it('every deterministic mode is sign(x), with sign(±0) = +S', () => {
    const xs = [-2, -1, -0.3, -1e-300, -0, 0, 1e-300, 0.3, 1, 2, Infinity, -Infinity];
    const want = [-1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, -1];
    for (const m of DETERMINISTIC_MODES) expect(xs.map((x) => quantize(UNIT, x, { rounding: m })), m).toEqual(want);
    expect(quantize(HALF, -0.01)).toBe(-0.5);
  });
  it('flags: x when changed, o when |x| > S, v for NaN (which gives +S)', () => {
    expect(quantizeWithFlags(UNIT, 1)).toEqual({ value: 1, flags: 0 });
    expect(quantizeWithFlags(UNIT, -0.5)).toEqual({ value: -1, flags: FLAG_X });
    expect(quantizeWithFlags(UNIT, -3)).toEqual({ value: -1, flags: FLAG_O | FLAG_X });
    expect(quantizeWithFlags(UNIT, NaN)).toEqual({ value: 1, flags: FLAG_V });
    expect(quantizeRational(HALF, -1n, 2n)).toEqual({ value: -0.5, flags: 0 });
    expect(quantizeRational(HALF, 2n, 3n)).toEqual({ value: 0.5, flags: FLAG_O | FLAG_X });
  });
  it('sr: P(+S) = clip((x/S+1)/2, 0, 1), so |x| ≥ S is deterministic', () => {
    expect(quantize(UNIT, 1, { rounding: 'sr', u: 1 - 2 ** -53 })).toBe(1);
    expect(quantize(UNIT, -1, { rounding: 'sr', u: 0 })).toBe(-1);
    expect(quantize(HALF, 7, { rounding: 'sr', u: 0.999 })).toBe(0.5);
    // x = 0 → p = 1/2 exactly
    expect(quantize(UNIT, 0, { rounding: 'sr', u: 0.5 - 2 ** -54 })).toBe(1);
    expect(quantize(UNIT, 0, { rounding: 'sr', u: 0.5 })).toBe(-1);
    // x = 0.5, S = 1 → p = 3/4; x = −0.25, S = 0.5 → p = 1/4
    expect(quantize(UNIT, 0.5, { rounding: 'sr', u: 0.75 - 2 ** -53 })).toBe(1);
    expect(quantize(UNIT, 0.5, { rounding: 'sr', u: 0.75 })).toBe(-1);
    expect(quantize(HALF, -0.25, { rounding: 'sr', u: 0.25 - 2 ** -55 })).toBe(0.5);
    expect(quantize(HALF, -0.25, { rounding: 'sr', u: 0.25 })).toBe(-0.5);
  });
});

describe('binary: codes', () => {
  it('1 bit: 0 → −S, 1 → +S (code order = value order), round-trips, matches formatBits', () => {
    for (const spec of [UNIT, HALF, B('binary(scale=3)')]) {
      const h = handlerFor(spec);
      expect(h.bits(spec)).toBe(1);
      expect(formatBits(spec)).toBe(1);
      expect([0n, 1n].map((c) => h.decode(spec, c))).toEqual([-spec.scale, spec.scale]);
      for (const c of [0n, 1n]) expect(h.encode(spec, h.decode(spec, c))).toBe(c);
      expect(h.isValue(spec, 0)).toBe(false);
    }
  });
});

describe('binary: stochastic rounding', () => {
  it('matches the exact hard-sigmoid rule, from doubles and from rationals', () => {
    fc.assert(
      fc.property(scales, fc.double({ min: -4, max: 4, noNaN: true }), uDraw, (S, t, u) => {
        // Arrange: x spread around [−S, S]
        const spec: BinarySpec = { kind: 'binary', scale: S };
        const x = t * S;
        fc.pre(Number.isFinite(x));
        const want = srOracle(ratOf(x), S, u);
        // Act / Assert
        expect(roundBinary(spec, x, 'sr', u).value).toBe(want);
        const [n, d] = ratOf(x);
        if (n !== 0n) expect(quantizeRational(spec, n, d, { rounding: 'sr', u }).value).toBe(want);
      }),
    );
  });
  it('matches the exact rule for u within 1e-12 of p (the exact path)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -3, max: 3 }), (x, k) => {
        const p = (x + 1) / 2;
        const u = Math.min(Math.max(p + k * 2 ** -53, 0), 1 - 2 ** -53);
        expect(roundBinary(UNIT, x, 'sr', u).value).toBe(srOracle(ratOf(x), 1, u));
      }),
    );
  });
  it('is unbiased: the mean of 10^5 seeded draws is within 4σ of x for |x| ≤ S', () => {
    const N = 100_000;
    for (const [spec, x] of [[UNIT, 0.3], [UNIT, -0.9], [HALF, 0.01], [HALF, -0.25]] as const) {
      const q = quantizeArray(spec, new Float64Array(N).fill(x), { rounding: 'sr', seed: 11 });
      const mean = q.reduce((s, v) => s + v, 0) / N;
      const p = (x / spec.scale + 1) / 2;
      const sigma = (2 * spec.scale * Math.sqrt(p * (1 - p))) / Math.sqrt(N);
      expect(Math.abs(mean - x), `x = ${x}`).toBeLessThanOrEqual(4 * sigma);
    }
  });
});

describe('binary: bad input', () => {
  it('encode and decode reject what is not ±S / a 1-bit code', () => {
    expect(() => encodeBinary(UNIT, 0)).toThrow(/encode: 0 is not a value of binary\(scale=1\) \(±1\); quantize it first/);
    expect(() => encodeBinary(HALF, 1)).toThrow(/not a value of binary\(scale=0.5\)/);
    expect(() => decodeBinary(UNIT, 2n)).toThrow(/decode: code must be 0n or 1n for binary formats; got 2/);
  });
  it('quantize rejects the log mode', () => {
    expect(() => quantize(UNIT, 1, { rounding: 'log' as RoundingMode })).toThrow(/rounding 'log' is not available for binary formats/);
  });
});
