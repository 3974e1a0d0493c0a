import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { quantize, quantizeArray, quantizeWithFlags } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import { doubleToDyadic } from '../../../simulators/_internal/bits.js';
import { DETERMINISTIC_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';

/** Exact x − y as a BigInt dyadic scaled to 2^-1100 (an independent oracle: no double arithmetic). */
function exactDiff(x: number, y: number): bigint {
  const s = (v: number) => {
    const d = doubleToDyadic(v);
    return (d.neg ? -d.mant : d.mant) << BigInt(d.exp + 1100);
  };
  return s(x) - s(y);
}

const SPECS = ['float8_e4m3fn', 'float8_e5m2', 'float16', 'bfloat16', 'float(e=3,m=2,subnormals=off)', 'float4_e2m1fn', 'fixed(w=8,f=4)', 'ufixed(w=8,f=8)', 'fixed(w=6,f=-2)'];

/** The largest finite magnitude of a format (so in-range inputs can be drawn). */
function maxOf(spec: FormatSpec): number {
  return quantize(spec, 1e300, { rounding: 'rtz' });
}

/** Doubles in [−max, max], with many tiny and boundary values (bitcast-style coverage). */
const inRange = (spec: FormatSpec) => {
  const max = maxOf(spec);
  return fc
    .oneof(fc.double({ min: -max, max, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), fc.integer({ min: -4096, max: 4096 }).map((k) => k / 64))
    .filter((x) => x <= max && x >= quantize(spec, -1e300, { rounding: 'rtz' }));
};

const mode = fc.constantFrom<RoundingMode>(...DETERMINISTIC_MODES);

/** The next representable value above v, found by walking codes (skipping codes that are not values). */
function nextUp(spec: FormatSpec, v: number): number {
  const h = handlerFor(spec);
  if (spec.kind === 'fixed') return v + 2 ** -spec.f;
  let c = v <= 0 ? h.encode(spec, v === 0 ? 0 : v) : h.encode(spec, v);
  const negative = v < 0;
  for (;;) {
    if (negative) {
      c -= 1n;
      const bits = BigInt(h.bits(spec) - 1);
      if (c < 1n << bits) return c === (1n << bits) - 1n ? 0 : h.decode(spec, 0n); // crossed −0
    } else c += 1n;
    const next = h.decode(spec, c);
    if (h.isValue(spec, next) && next > v) return next;
  }
}

describe.each(SPECS)('rounding properties of %s', (text) => {
  const spec = parseFormat(text);
  it('the result is one of the two neighbouring values, and nothing lies between them', () => {
    fc.assert(
      fc.property(inRange(spec), mode, (x, m) => {
        // Arrange
        const dn = quantize(spec, x, { rounding: 'rdn' });
        const up = quantize(spec, x, { rounding: 'rup' });
        // Act
        const r = quantize(spec, x, { rounding: m });
        // Assert
        expect(dn <= x && x <= up).toBe(true);
        expect(r === dn || r === up).toBe(true);
        if (dn !== up) expect(nextUp(spec, dn)).toBe(up);
      }),
    );
  });
  it('rne error is at most half an ulp (exact arithmetic)', () => {
    fc.assert(
      fc.property(inRange(spec), (x) => {
        const r = quantize(spec, x);
        const dn = quantize(spec, x, { rounding: 'rdn' });
        const up = quantize(spec, x, { rounding: 'rup' });
        const err = exactDiff(r, x);
        expect(2n * (err < 0n ? -err : err) <= exactDiff(up, dn)).toBe(true);
      }),
    );
  });
  it('rounding is monotone and idempotent', () => {
    fc.assert(
      fc.property(inRange(spec), inRange(spec), mode, (a, b, m) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        const qx = quantize(spec, x, { rounding: m });
        expect(qx <= quantize(spec, y, { rounding: m })).toBe(true);
        expect(quantize(spec, qx, { rounding: m })).toBe(qx);
      }),
    );
  });
});

describe('stochastic rounding', () => {
  it.each([
    ['float8_e4m3fn', 0.3],
    ['float16', 1 / 3],
    ['fixed(w=8,f=4)', -1.03],
    ['bfloat16', 1e-3],
  ])('%s: sr of %d is unbiased (mean within 4σ over 1e5 seeded draws)', (text, x) => {
    const spec = parseFormat(text);
    const n = 100_000;
    const xs = new Float64Array(n).fill(x);
    const q = quantizeArray(spec, xs, { rounding: 'sr', seed: 7 });
    const lo = quantize(spec, x, { rounding: 'rdn' });
    const hi = quantize(spec, x, { rounding: 'rup' });
    const p = (x - lo) / (hi - lo);
    const mean = q.reduce((s, v) => s + v, 0) / n;
    const sigma = Math.sqrt(p * (1 - p) / n) * (hi - lo);
    expect(Math.abs(mean - x)).toBeLessThanOrEqual(4 * sigma);
    expect(new Set(q).size).toBe(2);
  });
  it('the same seed gives the same bits; a different seed gives different bits', () => {
    const spec = parseFormat('float8_e4m3fn');
    const xs = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10);
    const a = quantizeArray(spec, xs, { rounding: 'sr', seed: 1 });
    expect(quantizeArray(spec, xs, { rounding: 'sr', seed: 1 })).toEqual(a);
    expect(quantizeArray(spec, xs, { rounding: 'sr', seed: 2 })).not.toEqual(a);
    expect(new Rng(5).uniform()).toBe(new Rng(5).uniform());
  });
});

describe('fixed point wrap', () => {
  it('wrap is the rounded code modulo 2^W (two\'s complement)', () => {
    const wrap = parseFormat('fixed(w=8,f=4,overflow=wrap)');
    const wide = parseFormat('fixed(w=53,f=4)');
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), mode, (x, m) => {
        const full = BigInt(quantize(wide, x, { rounding: m }) * 16);
        let c = ((full % 256n) + 256n) % 256n;
        if (c >= 128n) c -= 256n;
        expect(quantize(wrap, x, { rounding: m }) * 16).toBe(Number(c));
      }),
    );
  });
  it('saturate clamps and raises overflow', () => {
    const sat = parseFormat('fixed(w=8,f=4)');
    expect(quantizeWithFlags(sat, 100)).toMatchObject({ value: 127 / 16, flags: 4 });
    expect(quantizeWithFlags(sat, 100.01)).toMatchObject({ value: 127 / 16, flags: 4 + 1 });
    expect(quantizeWithFlags(sat, -8)).toMatchObject({ value: -8, flags: 0 });
    expect(quantizeWithFlags(sat, -8.0625)).toMatchObject({ value: -8, flags: 4 });
  });
});

describe('bad input', () => {
  const f = parseFormat('float16');
  it('rejects unknown modes, missing seeds and bad draws', () => {
    expect(() => quantize(f, 1, { rounding: 'up' as RoundingMode })).toThrow(/quantize: options.rounding must be one of .*; got "up"/);
    expect(() => quantize(f, 1, { rounding: 'sr' })).toThrow(/rounding 'sr' needs options.seed/);
    expect(() => quantize(f, 1, { rounding: 'sr', u: 1 })).toThrow(/options.u must be in \[0, 1\); got 1/);
    expect(() => quantize(f, '1' as unknown as number)).toThrow(/quantize: x must be a number; got string/);
    expect(() => quantize(f, 1, { rounding: 'log' })).toThrow(/'log' is not available for float formats/);
    expect(() => quantizeArray(f, [1, 2] as unknown as Float64Array)).toThrow(/xs must be a Float32Array or Float64Array/);
    expect(() => quantizeArray(f, new Float64Array(2), { out: new Float64Array(3) })).toThrow(/options.out has length 3; expected 2/);
    expect(() => new Rng(1.5)).toThrow(/Rng: seed must be a safe integer; got 1.5/);
  });
});
