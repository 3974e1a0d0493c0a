import { afterEach, describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import type { FixedSpec, FloatSpec } from '../../simulators/formats/formatSpec.js';
import { quantizeArray } from '../../simulators/quantize.js';
import { wasmFloat32Array } from '../../simulators/wasmArray.js';
import { MAX_WASM_FLOAT32, roundsInPlace, setWasmRounding } from '../../simulators/fastpath/wasm/roundKernels.js';
import { DynamicFixedState } from '../../simulators/formats/dynamicFixed.js';
import { scalarQuantize } from './fastpath/_oracle.js';
import { aroundDfixed8Thresholds, randomFloat32Bits, structuredFloat32ForFixed, structuredFloat32ForFloat } from './fastpath/_inputs.js';

// An array allocated in WebAssembly memory is rounded where it lies (no copies through the kernel's scratch
// memory). It must give the scalar oracle's bits, like every other path, and touch nothing outside its elements.
const FORMATS = ['float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float16', 'bfloat16', 'float(e=4,m=3)', 'fixed(w=8,f=4)', 'ufixed(w=8,f=8)', 'fixed(w=16,f=15)'];
const bitsOf = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

afterEach(() => {
  setWasmRounding(true);
});

/** The input in an array allocated in WebAssembly memory. */
function resident(xs: Float32Array): Float32Array {
  const a = wasmFloat32Array(xs.length);
  a.set(xs);
  return a;
}

describe('wasmFloat32Array', () => {
  it('gives n zeros that the rne kernels round in place', () => {
    const a = wasmFloat32Array(1000);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(1000);
    expect(a.every((x) => Object.is(x, 0))).toBe(true);
    expect(roundsInPlace(a)).toBe(true);
    expect(roundsInPlace(new Float32Array(1000))).toBe(false);
    expect(wasmFloat32Array(0).length).toBe(0);
  });

  for (const id of FORMATS) {
    it(`${id}: rounding in place equals the scalar oracle on structured and random inputs of awkward lengths`, () => {
      const spec = parseFormat(id);
      const structured = spec.kind === 'float' ? structuredFloat32ForFloat(spec as FloatSpec) : structuredFloat32ForFixed(spec as FixedSpec);
      for (const xs of [structured, randomFloat32Bits(100_003, 7), randomFloat32Bits(7, 8), randomFloat32Bits(9, 9), randomFloat32Bits(1, 10)]) {
        const ref = scalarQuantize(spec, xs, 'rne', 1).out;
        const a = resident(xs);
        const got = quantizeArray(spec, a, { rounding: 'rne', out: a });
        expect(got).toBe(a);
        expect(bitsOf(a)).toEqual(bitsOf(ref));
      }
    });
  }

  it('an ordinary input into a resident output: the same bits, the input untouched', () => {
    const spec = parseFormat('float8_e4m3fn');
    const xs = randomFloat32Bits(50_001, 11);
    const before = xs.slice();
    const out = wasmFloat32Array(xs.length);
    quantizeArray(spec, xs, { out });
    expect(bitsOf(out)).toEqual(bitsOf(scalarQuantize(spec, xs, 'rne', 1).out));
    expect(bitsOf(xs)).toEqual(bitsOf(before));
  });

  it('a subarray is rounded alone: the elements around it keep their values', () => {
    const spec = parseFormat('bfloat16');
    const xs = randomFloat32Bits(4096, 12);
    const a = resident(xs);
    const part = a.subarray(3, 3 + 1013); // odd offset, a length that is not a multiple of 8
    expect(roundsInPlace(part)).toBe(true);
    quantizeArray(spec, part, { out: part });
    expect(bitsOf(part)).toEqual(bitsOf(scalarQuantize(spec, xs.subarray(3, 1016), 'rne', 1).out));
    expect(bitsOf(a.subarray(0, 3))).toEqual(bitsOf(xs.subarray(0, 3)));
    expect(bitsOf(a.subarray(1016))).toEqual(bitsOf(xs.subarray(1016)));
  });

  it('a view over the bytes below the array (where a tail is padded) takes the copying path, correctly', () => {
    const spec = parseFormat('float16');
    const a = wasmFloat32Array(64);
    const low = new Float32Array(a.buffer, 0, 21); // overlaps the tail region and the first 5 elements
    const xs = randomFloat32Bits(21, 13);
    low.set(xs);
    expect(roundsInPlace(low)).toBe(false);
    quantizeArray(spec, low, { out: low });
    expect(bitsOf(low)).toEqual(bitsOf(scalarQuantize(spec, xs, 'rne', 1).out));
  });

  it('with the kernels switched off, the JS kernels round it to the same bits', () => {
    const spec = parseFormat('float(e=4,m=3)');
    const xs = randomFloat32Bits(10_001, 14);
    const a = resident(xs);
    setWasmRounding(false);
    quantizeArray(spec, a, { out: a });
    expect(bitsOf(a)).toEqual(bitsOf(scalarQuantize(spec, xs, 'rne', 1).out));
  });

  it('dynamic fixed point counts its overflows in the same in-place pass, as observe does', () => {
    const xs = aroundDfixed8Thresholds();
    const a = new DynamicFixedState({ w: 8, f: 3, updateEvery: 1 });
    const b = new DynamicFixedState({ w: 8, f: 3, updateEvery: 1 });
    const r = resident(xs);
    expect(a.observeRoundingRne(r, a.spec(), r)).toBe(true);
    b.observe(xs);
    expect(bitsOf(r)).toEqual(bitsOf(scalarQuantize(b.spec(), xs, 'rne', 1).out));
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.toJSON().count0).toBeGreaterThan(0);
  });

  it('other modes and flag counts take their usual paths on it, to the oracle bits', () => {
    const spec = parseFormat('float8_e5m2');
    const xs = randomFloat32Bits(3001, 15);
    for (const mode of ['rtz', 'sr'] as const) {
      const a = resident(xs);
      quantizeArray(spec, a, { rounding: mode, seed: 5, out: a });
      expect(bitsOf(a)).toEqual(bitsOf(scalarQuantize(spec, xs, mode, 5).out));
    }
    const a = resident(xs);
    const counts = { count: 0, overflow: 0, underflow: 0, inexact: 0 };
    quantizeArray(spec, a, { out: a, counts });
    const ref = scalarQuantize(spec, xs, 'rne', 1);
    expect(bitsOf(a)).toEqual(bitsOf(ref.out));
    expect(counts).toEqual(ref.counts);
  });

  it('views stay attached while more arrays are allocated', () => {
    const a = wasmFloat32Array(10);
    a.fill(1.5);
    const more = Array.from({ length: 20 }, () => wasmFloat32Array(100_000));
    expect(a.length).toBe(10);
    expect([...a]).toEqual(new Array(10).fill(1.5));
    expect(more.every((m) => m.length === 100_000)).toBe(true);
  });

  it('rejects a bad n, naming it, the value and what is allowed', () => {
    for (const n of [-1, 1.5, NaN, Infinity, MAX_WASM_FLOAT32 + 1]) {
      expect(() => wasmFloat32Array(n)).toThrow(`wasmFloat32Array: n must be an integer from 0 to ${MAX_WASM_FLOAT32}; got ${n}`);
    }
    expect(() => wasmFloat32Array('8' as unknown as number)).toThrow('wasmFloat32Array: n must be an integer from 0 to 1073741808; got string');
  });
});
