import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCliCode, parseCliNumber } from '../../../../src/cli/io/parseNumber.js';
import { decimalToRational } from '../../../../src/cli/io/parseDecimal.js';
import { parseFormat } from '../../../../simulators/formats/parseFormat.js';
import { quantizeInput, type RationalInput } from '../../../../simulators/exactInput.js';
import { quantizeRational } from '../../../../simulators/quantize.js';
import { FLAG_X } from '../../../../simulators/_internal/flags.js';
import type { RoundingMode } from '../../../../simulators/rounding/roundingMode.js';

/** The exact rational of a decimal string, computed independently of the parser (no cuts at all). */
function exactRational(text: string): { num: bigint; den: bigint } {
  const m = /^(-?)(\d*)\.?(\d*)(?:e([+-]?\d+))?$/.exec(text)!;
  const e = Number(m[4] ?? 0) - m[3]!.length;
  const digits = BigInt((m[2]! + m[3]!) || '0') * (m[1] === '-' ? -1n : 1n);
  return e >= 0 ? { num: digits * 10n ** BigInt(e), den: 1n } : { num: digits, den: 10n ** BigInt(-e) };
}

const f32 = parseFormat('float32');

describe('exact decimals of any length (the exponent clamp in parseNumber made long decimals wrong)', () => {
  it("'0.1' followed by 5,400 zeros is 1/10 (it quantized to 1 in float32)", () => {
    const x = parseCliNumber('0.1' + '0'.repeat(5400));
    expect(quantizeInput(f32, x)).toEqual({ value: Math.fround(0.1), flags: FLAG_X });
    expect(quantizeInput(f32, parseCliNumber('1' + '0'.repeat(6000) + 'e-6001'))).toEqual({ value: Math.fround(0.1), flags: FLAG_X });
  });
  it('0.333… with 10^6 digits rounds as the exact rational (10^(10^6) − 1)/(3·10^(10^6)) in every mode', () => {
    const text = '0.' + '3'.repeat(1_000_000);
    const x = parseCliNumber(text) as RationalInput;
    // the reduced rational stays small whatever the length: rounding work does not grow with the digits
    expect(x.den <= 10n ** 2151n).toBe(true);
    const den = 10n ** 1_000_000n;
    const num = (den - 1n) / 3n;
    for (const id of ['float32', 'float64', 'float16', 'fixed(w=16,f=15)', 'fixed(w=8,f=1074,overflow=wrap)']) {
      const spec = parseFormat(id);
      for (const rounding of ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as RoundingMode[]) {
        expect(quantizeInput(spec, x, { rounding })).toEqual(quantizeRational(spec, num, den, { rounding }));
      }
    }
    expect(quantizeInput(f32, x).value).toBe(Math.fround(1 / 3));
  });
  it('huge and tiny exponents keep overflow, wrap residues and sticky bits (10^±400000)', () => {
    const wrap = parseFormat('fixed(w=8,f=-4,overflow=wrap)');
    expect(quantizeInput(wrap, parseCliNumber('3e400000'))).toMatchObject({ value: 0, flags: 4 }); // ≡ 0 mod 2^12, on the grid
    expect(quantizeInput(wrap, parseCliNumber('1' + '0'.repeat(400000) + '48'))).toEqual(quantizeRational(wrap, 10n ** 400002n + 48n, 1n));
    expect(quantizeInput(f32, parseCliNumber('1e-400000'), { rounding: 'rup' }).value).toBe(2 ** -149);
    expect(quantizeInput(f32, parseCliNumber('-1e400000'), { rounding: 'rtz' }).value).toBe(-3.4028234663852886e38);
    expect(Object.is(parseCliNumber('-0.000e-999999999'), -0)).toBe(true);
  });
  it('property: random long decimals round exactly as their unreduced rationals, every format and mode, sr included', () => {
    const specs = ['float64', 'float16', 'bfloat16', 'float8_e4m3fn', 'float(e=3,m=2,subnormals=off)', 'fixed(w=8,f=1074,overflow=wrap)', 'fixed(w=32,f=16,overflow=wrap)', 'ufixed(w=53,f=-971)', 'fixed(w=12,f=-1000,overflow=wrap)', 'pow2(min=-1074,max=1023)'].map(parseFormat);
    const modes: RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'sr'];
    // digits near a boundary: a dyadic k·2^-t written exactly, then perturbed far below (or not at all)
    const nearDyadic = fc.tuple(fc.bigInt({ min: 1n, max: (1n << 60n) - 1n }), fc.integer({ min: -1100, max: 1200 }), fc.constantFrom('', '0'.repeat(2200) + '1', '9'.repeat(3000), '0'.repeat(3000) + '7'), fc.boolean()).map(([k, t, tail, neg]) => {
      const { num, den } = t >= 0 ? { num: k * 5n ** BigInt(t), den: 10n ** BigInt(t) } : { num: k << BigInt(-t), den: 1n };
      const s = num.toString().padStart(den.toString().length, '0');
      const point = s.length - (den.toString().length - 1);
      let text = (point > 0 ? s.slice(0, point) : '0') + '.' + s.slice(Math.max(0, point)) + tail;
      if (tail.startsWith('9')) text = text.replace(/\.?9+$/, '').replace(/\.$/, '') || '0';
      return (neg ? '-' : '') + text;
    });
    const randomDigits = fc.tuple(fc.stringMatching(/^[0-9]{1,40}$/), fc.stringMatching(/^[0-9]{0,3000}$/), fc.integer({ min: -3000, max: 1500 }), fc.boolean()).map(([a, b, e, neg]) => `${neg ? '-' : ''}${a}.${b}e${e}`);
    fc.assert(
      fc.property(fc.oneof(nearDyadic, randomDigits), fc.constantFrom(...specs), fc.constantFrom(...modes), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (text, spec, rounding, u) => {
        if (spec.kind === 'pow2' && rounding === 'rto') return;
        const x = parseCliNumber(text);
        const { num, den } = exactRational(text);
        const opts = rounding === 'sr' ? { rounding, u } : { rounding };
        const want = num === 0n ? quantizeInput(spec, 0, opts) : quantizeRational(spec, num, den, opts);
        expect(quantizeInput(spec, x, opts)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });
  it('property: stochastic decisions at the finest thresholds (lo + u·2^-1074, u down to 2^-1074) survive the cut', () => {
    // D = (k + u)·2^-1074 + δ·10^-L exactly, u = j·2^-s: the sr verdict "u < (D − lo)/ulp" flips with δ's sign
    const specs = [parseFormat('float64'), parseFormat('fixed(w=53,f=1074)')];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.integer({ min: 1, max: 1074 }), fc.bigInt({ min: 1n, max: (1n << 52n) - 1n }), fc.constantFrom(-1n, 0n, 1n), fc.integer({ min: 0, max: 40 }), fc.constantFrom(...specs), (k, s, j0, delta, extra, spec) => {
        const j = (j0 % (1n << BigInt(Math.min(s, 52)))) | 1n; // odd, below 2^s: u = j·2^-s ∈ (0, 1)
        const u = Number(j) * 2 ** -s;
        const t = 1074 + s;
        const L = t + extra;
        const num = ((k << BigInt(s)) + j) * 5n ** BigInt(t) * 10n ** BigInt(extra) + delta;
        const digits = num.toString().padStart(L + 1, '0');
        const text = `${digits.slice(0, -L)}.${digits.slice(-L)}`;
        const want = quantizeRational(spec, num, 10n ** BigInt(L), { rounding: 'sr', u });
        expect(quantizeInput(spec, parseCliNumber(text), { rounding: 'sr', u })).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
  it('decimalToRational keeps short decimals as the plain rational digits·10^e', () => {
    expect(decimalToRational(false, '1', '5', 0)).toEqual({ kind: 'rational', num: 15n, den: 10n });
    expect(decimalToRational(true, '', '25', 3)).toEqual({ kind: 'rational', num: -250n, den: 1n });
    expect(decimalToRational(false, '000', '000', 5)).toBeUndefined();
  });
});

describe('parseCliNumber / parseCliCode syntax', () => {
  it('0x + 16 hex digits is a float64 code (an sNaN stays one); decimals carry readsAs', () => {
    expect(parseCliNumber('0x7FF0000000000001')).toMatchObject({ kind: 'code', code: 0x7ff0000000000001n });
    expect(parseCliNumber('1.5')).toEqual({ kind: 'rational', num: 15n, den: 10n, readsAs: 1.5 });
    expect(parseCliNumber('-inf')).toBe(-Infinity);
    expect(parseCliNumber('6/-4')).toEqual({ kind: 'rational', num: 6n, den: -4n });
  });
  it('parses codes with or without 0x, in any case, up to the format width', () => {
    const h = parseFormat('float16');
    expect(parseCliCode('3C00', h).code).toBe(0x3c00n);
    expect(parseCliCode('0x7e00', h).code).toBe(0x7e00n);
    expect(() => parseCliCode('13C00', h, 'line 3:')).toThrow(/line 3: "13C00": not a code of this 16-bit format; expected up to 4 hex digits/);
    expect(() => parseCliCode('1ff', parseFormat('float8_e4m3fn'))).toThrow(/not a code of this 8-bit format/);
  });
  it('rejects bad numbers in linear time, also a 10^6-digit line with a bad last character', () => {
    expect(() => parseCliNumber('1'.repeat(1_000_000) + 'x', 'line 1:')).toThrow(/line 1: .*not a number/);
    expect(() => parseCliNumber('.', 'line 1:')).toThrow(/not a number/);
    expect(() => parseCliNumber('e5')).toThrow(/not a number/);
  });
});
