import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FixedSpec, FloatSpec, FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { quantizeRneWasm, quantizeFixedRneCounting } from '../../../simulators/fastpath/wasmRne.js';
import { wasmRoundingAvailable } from '../../../simulators/fastpath/wasm/roundKernels.js';
import { DynamicFixedState } from '../../../simulators/formats/dynamicFixed.js';
import { scalarQuantize } from './_oracle.js';
import { aroundDfixed8Thresholds, randomFloat32Bits, structuredFloat32ForFixed, structuredFloat32ForFloat } from './_inputs.js';
import { f64ToHex, hexToF64 } from '../../../simulators/_internal/bits.js';
import { fixedSpecString, floatSpecString, readJson, readJsonl, type FixedFormatParams, type FloatFormatParams } from '../_vectors.js';

// quantizeArray without flag counts in rne runs the WebAssembly SIMD kernels where they apply: they must equal
// the scalar oracle bit for bit (−0 and NaN included) on structured inputs around every boundary and random bits.
const ELIGIBLE = [
  'float32', 'tf32', 'bfloat16', 'float16', 'float8_e5m2', 'float8_e4m3fn', 'float8_e4m3fnuz', 'float8_e5m2fnuz',
  'float6_e3m2fn', 'float4_e2m1fn', 'float(e=3,m=2,subnormals=off)', 'float(e=5,m=2,overflow=saturate)',
  'float(e=4,m=3,specials=fn,overflow=nan)',
  'fixed(w=8,f=4)', 'ufixed(w=8,f=8)', 'fixed(w=16,f=15)', 'fixed(w=6,f=-2)', 'ufixed(w=24,f=30)', 'fixed(w=25,f=0)',
  'fixed(w=10,f=126)', 'fixed(w=2,f=-125)',
];
// formats the kernels leave to the JS path (quantizeRneWasm returns false)
const NOT_ELIGIBLE = ['float(e=4,m=3,subnormals=ftz)', 'float(e=4,m=0)', 'float64', 'fixed(w=8,f=4,overflow=wrap)', 'fixed(w=26,f=0)', 'fixed(w=8,f=127)', 'fixed(w=8,f=-127)', 'fixed(w=30,f=-100)', 'fixed(w=4,f=-126)', 'binary'];

function firstDiff(spec: FormatSpec, xs: Float32Array): string {
  const ref = scalarQuantize(spec, xs, 'rne', 1).out;
  const got = quantizeArray(spec, xs, { rounding: 'rne' });
  const a = new Uint32Array(got.buffer);
  const b = new Uint32Array(ref.buffer);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `x=${xs[i]} wasm ${got[i]} (0x${a[i]!.toString(16)}) scalar ${ref[i]} (0x${b[i]!.toString(16)})`;
  return '';
}

describe('WebAssembly rne kernels', () => {
  it('compile and run on this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmRoundingAvailable()).toBe(true);
  });

  for (const [i, id] of ELIGIBLE.entries()) {
    it(`${id}: quantizeArray (no counts, rne) equals the scalar oracle`, () => {
      // Arrange
      const spec = parseFormat(id);
      const structured = spec.kind === 'float' ? structuredFloat32ForFloat(spec as FloatSpec) : structuredFloat32ForFixed(spec as FixedSpec);
      const random = randomFloat32Bits(2 ** 16 + 3, 500 + i); // a length that is not a multiple of 4
      // Act / Assert
      expect(quantizeRneWasm(spec, new Float32Array(4), new Float32Array(4))).toBe(true);
      expect(firstDiff(spec, structured), 'structured').toBe('');
      expect(firstDiff(spec, random), 'random').toBe('');
    });
  }

  it('leave other formats to the JS kernels, untouched', () => {
    for (const id of NOT_ELIGIBLE) {
      const out = new Float32Array([7]);
      expect(quantizeRneWasm(parseFormat(id), new Float32Array([0.3]), out), id).toBe(false);
      expect(out[0]).toBe(7);
    }
  });

  it('round in place and across pieces larger than the kernel memory', () => {
    // Arrange: 200,001 values (four pieces of 65,536 or fewer)
    const spec = parseFormat('bfloat16');
    const xs = randomFloat32Bits(200_001, 3);
    const ref = scalarQuantize(spec, xs, 'rne', 1).out;
    // Act
    quantizeArray(spec, xs, { rounding: 'rne', out: xs });
    // Assert
    expect(new Uint32Array(xs.buffer)).toEqual(new Uint32Array(ref.buffer));
  });

  it('count |x| ≥ t0 and |x| ≥ t1 as DynamicFixedState.observe does, in the rounding pass', () => {
    // Arrange
    const xs = aroundDfixed8Thresholds();
    const a = new DynamicFixedState({ w: 8, f: 3, updateEvery: 1 });
    const b = new DynamicFixedState({ w: 8, f: 3, updateEvery: 1 });
    const outA = new Float32Array(xs.length);
    // Act
    const fused = a.observeRoundingRne(xs, a.spec(), outA);
    b.observe(xs);
    const outB = quantizeArray(b.spec(), xs, { rounding: 'rne', counts: { count: 0, overflow: 0, underflow: 0, inexact: 0 } });
    // Assert: same bits, same counters (the checkpoint holds them)
    expect(fused).toBe(true);
    expect(new Uint32Array(outA.buffer)).toEqual(new Uint32Array(outB.buffer));
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.toJSON().count0).toBeGreaterThan(0);
    expect(a.endBatch()).toEqual(b.endBatch());
  });

  it('decline thresholds that are not float32 numbers and shifted overlaps', () => {
    const spec = parseFormat('fixed(w=8,f=3)') as FixedSpec;
    expect(quantizeFixedRneCounting(spec, new Float32Array(4), new Float32Array(4), 0.1, 0.05)).toBeNull();
    const s = new DynamicFixedState({ w: 8, f: 3 });
    const buf = new Float32Array(8);
    expect(s.observeRoundingRne(buf.subarray(0, 4), s.spec(), buf.subarray(1, 5))).toBe(false);
    expect(s.observeRoundingRne(buf, parseFormat('fixed(w=8,f=3,overflow=wrap)') as FixedSpec, buf)).toBe(false);
    expect(s.toJSON().total).toBe(0);
  });
});

describe('WebAssembly rne kernels on the oracle vectors', () => {
  // every convert/quantize line whose input is a float32 number, through quantizeArray without counts (the kernel)
  const FLOAT_FORMATS = readJson<Record<string, FloatFormatParams>>('formats.json');
  for (const [name, params] of Object.entries(FLOAT_FORMATS)) {
    it(`float ${name}: rne of float32 inputs equals the vectors`, () => {
      const spec = parseFormat(floatSpecString(params));
      const rows = readJsonl<{ kind: string; in?: string; r: Record<string, [string, string, string]> }>(`${name}.convert.jsonl`)
        .filter((r) => r.in !== undefined && Object.is(Math.fround(hexToF64(r.in)), hexToF64(r.in)));
      const xs = Float32Array.from(rows, (r) => hexToF64(r.in!));
      const got = quantizeArray(spec, xs, { rounding: 'rne' });
      const bad = rows.flatMap((r, i) => {
        const want = hexToF64(r.r.rne![1]);
        return Object.is(got[i], want) || (Number.isNaN(want) && Number.isNaN(got[i])) ? [] : [`${r.in} want ${r.r.rne![1]} got ${got[i]}`];
      });
      expect(rows.length).toBeGreaterThan(100);
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }
  const FIXED_FORMATS = readJson<Record<string, FixedFormatParams>>('fixed/formats.json');
  for (const [name, params] of Object.entries(FIXED_FORMATS)) {
    it(`fixed ${name}: rne of float32 inputs equals the vectors`, () => {
      const spec = parseFormat(fixedSpecString(params));
      const rows = readJsonl<{ kind: string; in?: string; r: Record<string, string[]> }>(`fixed/${name}.jsonl`)
        .filter((r) => r.kind === 'fx_quantize' && Object.is(Math.fround(hexToF64(r.in!)), hexToF64(r.in!)));
      const xs = Float32Array.from(rows, (r) => hexToF64(r.in!));
      const got = quantizeArray(spec, xs, { rounding: 'rne' });
      const bad = rows.flatMap((r, i) => (f64ToHex(got[i]!) === r.r.rne![2] ? [] : [`${r.in} want ${r.r.rne![2]} got ${f64ToHex(got[i]!)}`]));
      expect(rows.length).toBeGreaterThan(10);
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }
});
