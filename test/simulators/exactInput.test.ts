import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeInput } from '../../simulators/exactInput.js';
import { arith } from '../../simulators/arith/arith.js';
import { FLAG_V, FLAG_X } from '../../simulators/_internal/flags.js';

const f64 = parseFormat('float64');
const sat = parseFormat('float(e=5,m=2,overflow=saturate)');

describe('quantizeInput: the conversion of lowbit quantize, one path for numbers, rationals and codes', () => {
  it('±inf into a saturating format saturates (only arithmetic operands keep an inf that the format encodes)', () => {
    expect(quantizeInput(sat, Infinity)).toEqual({ value: 57344, flags: 0 });
    expect(quantizeInput(sat, { kind: 'code', format: f64, code: 0xfff0000000000000n })).toEqual({ value: -57344, flags: 0 });
    expect(arith('add', sat, [Infinity, 1])).toEqual({ value: Infinity, flags: 0 });
  });
  it('a rational is rounded exactly, never replaced by the double its text reads as', () => {
    // 0.1 as a double is above 1/10, so rdn of the rational gives the double below it, inexact
    const tenth = { kind: 'rational', num: 1n, den: 10n, readsAs: 0.1 } as const;
    expect(quantizeInput(f64, tenth, { rounding: 'rdn' })).toEqual({ value: 0.09999999999999999, flags: FLAG_X });
    expect(quantizeInput(f64, tenth, { rounding: 'rup' })).toEqual({ value: 0.1, flags: FLAG_X });
    // as an arithmetic operand, readsAs (a value of the format) denotes that value
    expect(arith('add', f64, [tenth, 0], { rounding: 'rdn' })).toEqual({ value: 0.1, flags: 0 });
    expect(quantizeInput(f64, { kind: 'rational', num: -3n, den: -6n })).toEqual({ value: 0.5, flags: 0 });
    expect(Object.is(quantizeInput(f64, { kind: 'rational', num: 0n, den: -6n }).value, 0)).toBe(true);
  });
  it('a signalling NaN code raises v; a NaN number is quiet', () => {
    expect(quantizeInput(parseFormat('float16'), { kind: 'code', format: f64, code: 0x7ff0000000000001n })).toEqual({ value: NaN, flags: FLAG_V });
    expect(quantizeInput(parseFormat('float16'), NaN)).toEqual({ value: NaN, flags: 0 });
  });
  it('rejects bad input naming the argument', () => {
    expect(() => quantizeInput(f64, 'x' as unknown as number)).toThrow(/quantizeInput: x must be a number, \{kind:'rational',num,den\} or \{kind:'code',format,code\}; got string/);
    expect(() => quantizeInput(f64, { kind: 'rational', num: 1n, den: 0n })).toThrow(/quantizeInput: x.den must be nonzero; got 1\/0/);
    expect(() => quantizeInput(f64, { kind: 'rational', num: 1, den: 2n } as never)).toThrow(/x.num and .den must be bigints/);
    expect(() => quantizeInput(f64, { kind: 'code', format: f64, code: 1 } as never)).toThrow(/x.code must be a bigint; got number/);
    expect(() => quantizeInput(f64, { kind: 'code', format: parseFormat('float16'), code: 1n << 16n })).toThrow(/code must be an integer in 0..2\^16-1/);
    expect(() => quantizeInput(f64, { kind: 'exact' } as never)).toThrow(/x.kind must be 'rational' or 'code'; got "exact"/);
  });
});
