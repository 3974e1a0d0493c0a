import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FixedSpec } from '../../../simulators/formats/formatSpec.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize } from '../../../simulators/quantize.js';
import { roundFixed } from '../../../simulators/formats/fixedPoint.js';

describe('fixed point: known values', () => {
  it('int8 saturates to [-128, 127]; uint8 to [0, 255]; ties per mode', () => {
    const i8 = parseFormat('int8');
    expect([quantize(i8, 300), quantize(i8, -300), quantize(i8, 2.5), quantize(i8, -2.5)]).toEqual([127, -128, 2, -2]);
    expect(quantize(i8, -2.5, { rounding: 'rhu' })).toBe(-2);
    expect(quantize(i8, -2.5, { rounding: 'rna' })).toBe(-3);
    expect(quantize(parseFormat('uint8'), -3)).toBe(0);
    expect(quantize(parseFormat('uint8'), 255.4)).toBe(255);
  });
  it('negative and large fraction lengths', () => {
    expect(quantize(parseFormat('fixed(w=6,f=-2)'), 10)).toBe(8); // grid of 4: 10 → tie → 8 (even code 2)
    expect(quantize(parseFormat('fixed(w=4,f=6)'), 0.05)).toBe(3 / 64);
  });
  it('wrap reduces huge inputs exactly modulo 2^w (no double overflow)', () => {
    const s = parseFormat('fixed(w=8,f=4,overflow=wrap)') as FixedSpec;
    // 2^1020·16 mod 256 = 0; (2^60 + 2^8 + 3)·16: code ≡ 3·16 = 48 (mod 256), an exact integer input
    expect(roundFixed(s, 2 ** 1020, 'rne')).toEqual({ code: 0, value: 0, flags: 4 });
    expect(roundFixed(s, 1e308, 'rne').flags).toBe(4);
    expect(roundFixed(s, 2 ** 60 + 2 ** 9, 'rne').code).toBe(0);
    expect(roundFixed(s, -(2 ** 53) - 2, 'rne').code).toBe(-32);
  });
  it('fraction lengths beyond 1023 (2^f overflowed a double: isValue/encode failed, x was flagged on exact overflow)', () => {
    const s = parseFormat('fixed(w=8,f=1074)') as FixedSpec;
    const h = handlerFor(s);
    // values are code·2^-1074 (subnormal doubles): every one is a value and encodes to its code
    expect(h.isValue(s, 3 * 2 ** -1074)).toBe(true);
    expect(h.encode(s, -(2 ** -1074))).toBe(0xffn);
    expect(h.decode(s, 0x7fn)).toBe(127 * 2 ** -1074);
    // 1 is exactly 2^1074 codes: out of range, on the grid, so o alone (it was ox)
    expect(roundFixed(s, 1, 'rne')).toEqual({ code: 127, value: 127 * 2 ** -1074, flags: 4 });
    expect(roundFixed({ ...s, overflow: 'wrap' }, 1, 'rne')).toEqual({ code: 0, value: 0, flags: 4 });
    expect(roundFixed({ ...s, overflow: 'wrap' }, 2 ** -1070 + 3 * 2 ** -1074, 'rne')).toEqual({ code: 19, value: 19 * 2 ** -1074, flags: 0 });
    const big = parseFormat('ufixed(w=53,f=-971)') as FixedSpec;
    expect(handlerFor(big).isValue(big, Number.MAX_VALUE)).toBe(true);
    expect(handlerFor(big).encode(big, Number.MAX_VALUE)).toBe(2n ** 53n - 1n);
  });
  it('NaN gives code 0 with the invalid flag; ±inf clamp with overflow', () => {
    const s = parseFormat('fixed(w=8,f=4,overflow=wrap)') as FixedSpec;
    expect(roundFixed(s, NaN, 'rne')).toEqual({ code: 0, value: 0, flags: 16 });
    expect(roundFixed(s, Infinity, 'rne')).toEqual({ code: 127, value: 127 / 16, flags: 4 });
  });
});

describe.each(['int4', 'int8', 'int16', 'uint8', 'fixed(w=12,f=14)'])('exhaustive sweep of %s', (id) => {
  const spec = parseFormat(id) as FixedSpec;
  const h = handlerFor(spec);
  it('every code round-trips through decode/encode and code order matches value order', () => {
    let bad = 0;
    let prev = -Infinity;
    const n = 2 ** spec.w;
    // iterate codes in value order: for signed formats the negative half (top bit set) comes first
    const order = spec.signed ? [...Array(n).keys()].map((i) => (i + n / 2) % n) : [...Array(n).keys()];
    for (const c of order) {
      const v = h.decode(spec, BigInt(c));
      if (h.encode(spec, v) !== BigInt(c)) bad++;
      if (!(v > prev)) bad++;
      if (quantize(spec, v) !== v) bad++;
      prev = v;
    }
    expect(bad).toBe(0);
  });
});
