import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { arith, add, div, fma, mul, sqrt, sub } from '../../../simulators/arith/arith.js';
import { encode, decode } from '../../../simulators/codec.js';
import { FLAG_V, FLAG_X, FLAG_Z } from '../../../simulators/_internal/flags.js';

const h = parseFormat('float16');
const e4 = parseFormat('float8_e4m3fn');
const fx = parseFormat('fixed(w=8,f=4)');

describe('correctly rounded arithmetic beyond the oracle files', () => {
  it('exact zero sums are +0 except under rdn', () => {
    expect(Object.is(add(h, 1, -1), 0)).toBe(true);
    expect(Object.is(add(h, 1, -1, { rounding: 'rdn' }), -0)).toBe(true);
    expect(Object.is(add(h, -0, -0), -0)).toBe(true);
    expect(Object.is(sub(h, 0, 0, { rounding: 'rdn' }), -0)).toBe(true);
  });
  it('fma rounds once where mul-then-add rounds twice', () => {
    // (1+2^-10)(1-2^-10) = 1 - 2^-20: fma(a, b, -1) keeps -2^-20; mul rounds the product to 1 first
    const a = 1 + 2 ** -10;
    const b = 1 - 2 ** -10;
    expect(fma(h, a, b, -1)).toBe(-(2 ** -20));
    expect(add(h, mul(h, a, b), -1)).toBe(0);
  });
  it('sqrt is correctly rounded in every mode and exact on squares', () => {
    expect(sqrt(h, 4)).toBe(2);
    expect(sqrt(h, 2, { rounding: 'rdn' })).toBe(1.4140625);
    expect(sqrt(h, 2, { rounding: 'rup' })).toBe(1.4150390625);
    expect(arith('sqrt', h, [-1])).toEqual({ value: NaN, flags: FLAG_V });
    expect(Object.is(sqrt(h, -0), -0)).toBe(true);
    expect(sqrt(fx, 2)).toBe(1.4375); // sqrt(2) = 1.41421… on the 1/16 grid
  });
  it('IEEE special cases', () => {
    expect(arith('div', h, [1, 0])).toEqual({ value: Infinity, flags: FLAG_Z });
    expect(arith('div', e4, [1, 0])).toEqual({ value: NaN, flags: FLAG_Z }); // no inf in E4M3FN
    expect(arith('mul', h, [0, Infinity]).flags).toBe(FLAG_V);
    expect(arith('fma', h, [0, Infinity, NaN]).flags).toBe(FLAG_V);
    expect(arith('add', h, [Infinity, -Infinity]).flags).toBe(FLAG_V);
    expect(arith('div', h, [1, 3]).flags).toBe(FLAG_X);
  });
  it('operands outside the format are quantized first with the same mode', () => {
    expect(add(e4, 0.3, 0)).toBe(0.3125);
    expect(mul(fx, 0.3, 1)).toBe(0.3125);
    expect(div(fx, 1, 3, { rounding: 'rtz' })).toBe(0.3125);
  });
  it('codes round-trip through encode/decode, 64-bit included', () => {
    const f64 = parseFormat('float64');
    expect(encode(f64, 1)).toBe(0x3ff0000000000000n);
    expect(decode(f64, 0xbff0000000000000n)).toBe(-1);
    expect(encode(fx, -1)).toBe(0xf0n);
    expect(decode(fx, 0xf0)).toBe(-1);
  });
  it('rejects bad input', () => {
    expect(() => arith('pow' as 'add', h, [1, 2])).toThrow(/arith: op must be one of add, sub, mul, div, sqrt, fma; got "pow"/);
    expect(() => arith('add', h, [1])).toThrow(/arith: add takes 2 operand\(s\); got 1/);
    expect(() => arith('add', parseFormat('binary'), [1, 1])).toThrow(/format kind must be float or fixed; got binary/);
    expect(() => arith('add', h, [1, 'x' as unknown as number])).toThrow(/operand 1 must be a number/);
    expect(() => encode(e4, 0.3)).toThrow(/0.3 is not a value of the format; quantize it first/);
    expect(() => decode(e4, 256n)).toThrow(/code must be an integer in 0..2\^8-1; got 256/);
    expect(() => decode(e4, -1)).toThrow(RangeError);
  });
});
