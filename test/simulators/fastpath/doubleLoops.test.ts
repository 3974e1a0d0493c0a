import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FixedSpec, FloatSpec, FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { quantizeArray, type QuantizeCounts } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { ALL_MODES, compareWithScalar, scalarQuantize } from './_oracle.js';
import { randomFloat32Bits, randomFloat64, structuredFloat32ForFixed, structuredFloat32ForFloat } from './_inputs.js';

// The allocation-free double loops (Float64Array inputs, and formats the float32 bit kernels do not take)
// against the scalar path, plus the options plumbing (u, rng, out in place, counts that accumulate).
const structured = (spec: FormatSpec): Float32Array =>
  spec.kind === 'float' ? structuredFloat32ForFloat(spec as FloatSpec) : structuredFloat32ForFixed(spec as FixedSpec);

const FLOAT64_CASES = [
  'float64', 'float32', 'bfloat16', 'float8_e4m3fn', 'float8_e5m2fnuz', 'float4_e2m1fn', 'float(e=3,m=2,subnormals=off)',
  'float(e=4,m=3,subnormals=ftz)', 'float(e=11,m=30)', 'float(e=1,m=0)', 'float(e=2,m=5,subnormals=off)',
  'fixed(w=8,f=4)', 'fixed(w=8,f=4,overflow=wrap)', 'ufixed(w=8,f=8)', 'fixed(w=53,f=0)', 'fixed(w=53,f=1074)',
  'fixed(w=1,f=0)', 'ufixed(w=1,f=-3)', 'fixed(w=20,f=1000)', 'fixed(w=32,f=-990)',
];
// float32 inputs into formats outside the bit kernels' reach (the double loops store through Math.fround)
const FLOAT32_OTHER = ['float(e=9,m=5)', 'float(e=8,m=30)', 'float(e=1,m=0)', 'fixed(w=40,f=20)', 'ufixed(w=30,f=130)', 'fixed(w=8,f=127)'];

describe('quantizeArray fast path equals the scalar path (double loops)', () => {
  for (const [i, id] of FLOAT64_CASES.entries()) {
    it(`Float64Array into ${id}, all modes`, () => {
      const spec = parseFormat(id);
      // The scalar wrap path cannot take |x|·2^f = Infinity (it throws converting Infinity to BigInt; reported),
      // so wrapping formats get those inputs removed.
      const finiteCode = (x: number): boolean => !(spec.kind === 'fixed' && spec.overflow === 'wrap' && Math.abs(x) * 2 ** spec.f === Infinity);
      const inputs = [Float64Array.from(structured(spec)), randomFloat64(2 ** 14, 300 + i).filter(finiteCode)];
      for (const [j, mode] of ALL_MODES.entries()) {
        for (const xs of inputs) expect(compareWithScalar(spec, xs, mode, 3 + j)).toBe('');
      }
    });
  }
  for (const [i, id] of FLOAT32_OTHER.entries()) {
    it(`Float32Array into ${id}, all modes`, () => {
      const spec = parseFormat(id);
      const inputs = [structured(spec), randomFloat32Bits(2 ** 14, 600 + i)];
      for (const [j, mode] of ALL_MODES.entries()) {
        for (const xs of inputs) expect(compareWithScalar(spec, xs, mode, 5 + j)).toBe('');
      }
    });
  }
});

describe('quantizeArray options on the fast path', () => {
  const xs = randomFloat32Bits(1000, 42);
  const zero = (): QuantizeCounts => ({ count: 0, overflow: 0, underflow: 0, inexact: 0 });

  it('a shared rng advances by exactly one draw per element under sr, and by none otherwise', () => {
    for (const id of ['float8_e4m3fn', 'fixed(w=8,f=4)', 'float(e=11,m=30)']) {
      const spec = parseFormat(id);
      const rng = new Rng(5);
      const ref = new Rng(5);
      quantizeArray(spec, xs, { rounding: 'sr', rng });
      for (let i = 0; i < xs.length; i++) ref.uniform();
      expect(rng.uniform()).toBe(ref.uniform());
      quantizeArray(spec, xs, { rounding: 'rne', rng });
      expect(rng.uniform()).toBe(ref.uniform());
    }
  });

  it('options.u gives the same result as the scalar rounding with that draw', () => {
    for (const id of ['float8_e5m2', 'fixed(w=8,f=4)', 'bfloat16']) {
      const spec = parseFormat(id);
      for (const u of [0, 0.25, 0.5, 1 - 2 ** -53]) {
        const got = quantizeArray(spec, xs, { rounding: 'sr', u });
        const want = xs.map((x) => quantizeArray(spec, new Float32Array([x]), { rounding: 'sr', u })[0]!);
        expect(new Uint32Array(got.buffer)).toEqual(new Uint32Array(want.buffer));
      }
    }
  });

  it('rounds in place when out is xs, and adds to counts that are not zero', () => {
    for (const id of ['float8_e4m3fn', 'fixed(w=8,f=4)', 'float(e=9,m=5)']) {
      const spec = parseFormat(id);
      const ref = scalarQuantize(spec, xs, 'rne', 0);
      const copy = xs.slice();
      const counts = { count: 10, overflow: 1, underflow: 2, inexact: 3 };
      const got = quantizeArray(spec, copy, { out: copy, counts });
      expect(got).toBe(copy);
      expect(new Uint32Array(copy.buffer)).toEqual(new Uint32Array(ref.out.buffer));
      const c = ref.counts;
      expect(counts).toEqual({ count: c.count + 10, overflow: c.overflow + 1, underflow: c.underflow + 2, inexact: c.inexact + 3 });
    }
  });

  it('rounds a subarray view (nonzero byteOffset) into another view', () => {
    const spec = parseFormat('float8_e4m3fn');
    const buf = new Float32Array(xs.length + 8);
    buf.set(xs, 3);
    const view = buf.subarray(3, 3 + xs.length);
    const outBuf = new Float32Array(xs.length + 8).fill(7);
    const out = outBuf.subarray(5, 5 + xs.length);
    quantizeArray(spec, view, { out, counts: zero() });
    expect(new Uint32Array(out.slice().buffer)).toEqual(new Uint32Array(scalarQuantize(spec, xs, 'rne', 0).out.buffer));
    expect([...outBuf.subarray(0, 5), ...outBuf.subarray(5 + xs.length)]).toEqual([7, 7, 7, 7, 7, 7, 7, 7]);
  });

  it('keeps the boundary checks of quantizeArray', () => {
    const spec = parseFormat('float16');
    expect(() => quantizeArray(spec, new Float32Array(3), { out: new Float32Array(2) })).toThrow(/options.out has length 2; expected 3/);
    expect(() => quantizeArray(spec, new Float32Array(3), { rounding: 'sr' })).toThrow(/needs options.seed/);
    expect(() => quantizeArray(spec, new Float32Array(3), { rounding: 'log' })).toThrow(/rounding 'log' is not available/);
  });
});
