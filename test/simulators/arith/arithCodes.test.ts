import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';
import { arithCodes } from '../../../simulators/arith/arithCodes.js';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { encode, isSignalingNaNCode, resultCode } from '../../../simulators/codec.js';
import { FLAG_U, FLAG_V, FLAG_X } from '../../../simulators/_internal/flags.js';
import { pow2 } from '../../../simulators/_internal/bits.js';

const OPS = Object.keys(ARITH_ARITY) as ArithOp[];
/** Every ieee float format with signalling NaNs (m ≥ 2) that a spec string can name, plus the presets. */
const SNAN_FORMATS = ['float16', 'bfloat16', 'float32', 'float64', 'float8_e5m2', 'float(e=3,m=2)', 'float(e=11,m=2)', 'float(e=2,m=52)', 'float(e=5,m=2,overflow=saturate)', 'float(e=4,m=3,subnormals=off)'];

/** The sNaN codes of an ieee format: exponent all ones, quiet bit clear, rest of the mantissa nonzero, either sign. */
function sNaNCode(spec: FloatSpec, payload: bigint, neg: boolean): bigint {
  const m = BigInt(spec.m);
  const exp = ((1n << BigInt(spec.e)) - 1n) << m;
  return (neg ? 1n << BigInt(spec.e + spec.m) : 0n) | exp | (1n + (payload % ((1n << (m - 1n)) - 1n)));
}

describe('signalling NaNs at the code level (IEEE 754-2008 §6.2.1: quiet bit = top mantissa bit)', () => {
  it.each(SNAN_FORMATS)('%s: any op with an sNaN operand raises v and returns the canonical quiet NaN', (id) => {
    const spec = parseFormat(id) as FloatSpec;
    const qNaN = encode(spec, NaN);
    const one = encode(spec, 1);
    fc.assert(
      fc.property(fc.constantFrom(...OPS), fc.bigInt({ min: 0n, max: 1n << 60n }), fc.boolean(), fc.nat(2), fc.constantFrom('rne', 'rtz', 'rup', 'rdn', 'rna', 'rto') as fc.Arbitrary<'rne'>, (op, payload, neg, at, mode) => {
        // Arrange: the sNaN at any operand position, the other operands 1
        const codes = Array.from({ length: ARITH_ARITY[op] }, () => one);
        codes[at % codes.length] = sNaNCode(spec, payload, neg);
        expect(isSignalingNaNCode(spec, codes[at % codes.length]!)).toBe(true);
        // Act
        const r = arithCodes(op, spec, codes, { rounding: mode });
        // Assert
        expect(r).toEqual({ code: qNaN, value: NaN, flags: FLAG_V });
      }),
      { numRuns: 200 },
    );
  });
  it('a quiet NaN operand propagates silently; fma(0, inf, qNaN) and fma(0, inf, sNaN) are invalid', () => {
    const h = parseFormat('float16');
    expect(arithCodes('add', h, [0x7e01n, 0x3c00n])).toEqual({ code: 0x7e00n, value: NaN, flags: 0 });
    expect(arithCodes('mul', h, [0xfe00n, 0x3c00n])).toEqual({ code: 0x7e00n, value: NaN, flags: 0 });
    expect(arithCodes('fma', h, [0x0000n, 0x7c00n, 0x7e00n]).flags).toBe(FLAG_V);
    expect(arithCodes('fma', h, [0x0000n, 0x7c00n, 0x7c01n]).flags).toBe(FLAG_V);
    expect(arithCodes('sqrt', h, [0x7d00n]).flags).toBe(FLAG_V);
  });
  it('formats without signalling NaNs: m = 1, fn, fnuz and none have none (their NaN codes are quiet)', () => {
    expect(isSignalingNaNCode(parseFormat('float(e=5,m=1)'), 0x7dn)).toBe(false); // the m = 1 NaN: quiet bit set
    expect(isSignalingNaNCode(parseFormat('float8_e4m3fn'), 0x7fn)).toBe(false);
    expect(isSignalingNaNCode(parseFormat('float8_e4m3fnuz'), 0x80n)).toBe(false);
    expect(isSignalingNaNCode(parseFormat('float6_e3m2fn'), 0x1fn)).toBe(false);
    expect(arithCodes('add', parseFormat('float8_e4m3fn'), [0x7fn, 0x38n])).toEqual({ code: 0x7fn, value: NaN, flags: 0 });
  });
  it('sNaN operands as float64 bits ({kind:code}) into another format also raise v', () => {
    const f64 = parseFormat('float64');
    const h = parseFormat('float16');
    expect(arith('add', h, [{ kind: 'code', format: f64, code: 0x7ff0000000000001n }, 1])).toEqual({ value: NaN, flags: FLAG_V });
    // the same NaN as a JS number is quiet: a number cannot be trusted to carry sNaN-ness
    expect(arith('add', h, [NaN, 1])).toEqual({ value: NaN, flags: 0 });
  });
  it('resultCode gives the canonical quiet NaN, or undefined in a format without NaN codes', () => {
    expect(resultCode(parseFormat('float32'), NaN)).toBe(0x7fc00000n);
    expect(resultCode(parseFormat('float8_e4m3fnuz'), NaN)).toBe(0x80n);
    expect(resultCode(parseFormat('float4_e2m1fn'), NaN)).toBeUndefined();
    expect(arithCodes('div', parseFormat('float4_e2m1fn'), [0n, 0n])).toEqual({ code: undefined, value: NaN, flags: FLAG_V });
  });
  it('rejects bad input, naming the argument', () => {
    const h = parseFormat('float16');
    expect(() => arithCodes('add', h, [1n])).toThrow(/add takes 2 operand/);
    expect(() => arithCodes('add', h, [1n, 2 as unknown as bigint])).toThrow(/arithCodes: codes\[1\] must be a bigint; got number/);
    expect(() => arithCodes('add', h, [1n, 0x10000n])).toThrow(/code must be an integer in 0..2\^16-1; got 65536/);
  });
});

describe('float64 tininess after rounding (pow2(-1075) underflowed to 0 in roundMagnitude)', () => {
  it('0x000fffffffffffff × 0x3ff0000000000001 under rne rounds up to 2^-1022 and raises x only, no u', () => {
    const f64 = parseFormat('float64');
    expect(arithCodes('mul', f64, [0x000fffffffffffffn, 0x3ff0000000000001n])).toEqual({ code: 0x0010000000000000n, value: 2 ** -1022, flags: FLAG_X });
    expect(arithCodes('mul', f64, [0x000fffffffffffffn, 0x3ff0000000000001n], { rounding: 'rtz' }).flags).toBe(FLAG_U | FLAG_X);
  });
  it.each([2, 3, 5, 8, 10, 11])('every ieee float(e=%i, m ≥ 2): largest subnormal × (1 + 2^-m) is tiny only when it does not round to 2^emin', (e) => {
    for (let m = 2; m <= 52; m++) {
      const spec = parseFormat(`float(e=${e},m=${m})`) as FloatSpec;
      const emin = 2 - 2 ** (e - 1);
      const a = pow2(emin) - pow2(emin - m); // largest subnormal
      const b = 1 + pow2(-m);
      // exact product 2^emin − 2^(emin−2m): within half a p-bit ulp below 2^emin, so rounding to nearest reaches it
      expect(arith('mul', spec, [a, b])).toEqual({ value: pow2(emin), flags: FLAG_X });
      expect(arith('mul', spec, [a, b], { rounding: 'rtz' })).toEqual({ value: a, flags: FLAG_U | FLAG_X });
    }
  });
});

describe('own-property lookups of ops (--op toString was accepted)', () => {
  it("arith rejects 'toString', 'constructor' and '__proto__' as ops", () => {
    const h = parseFormat('float16');
    for (const op of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => arith(op as ArithOp, h, [1, 2])).toThrow(/arith: op must be one of add, sub, mul, div, sqrt, fma; got/);
    }
  });
});
