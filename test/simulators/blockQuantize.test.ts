import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeBlocked, quantizeBlocks, lineIndex } from '../../simulators/blockQuantize.js';
import { quantizeArray } from '../../simulators/quantize.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { f64 } from './formats/_mxVectors.js';

const SPECS = [
  'mxfp8_e4m3', 'mxfp8_e5m2', 'mxfp6_e3m2', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8', 'mx(elem=float4_e2m1fn,block=3)', 'nvfp4', 'nvfp4(block=4)',
  'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=5)', 'scaled(elem=float8_e4m3fn,scale=e8m0,block=4)',
  'scaled(elem=float4_e2m1fn,scale=float8_e4m3fn,block=16)', 'scaled(elem=uint8,scale=float32,block=tensor,zeroPoint=on)',
  'scaled(elem=int8,scale=bfloat16,block=8,amax=percentile(90))', 'scaled(elem=pow2(min=-8,max=0),scale=float16,block=4)',
];
const MODES: RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'sr'];

/** Doubles with the corner cases block scaling meets: zeros of both signs, specials, tiny and huge values, ties. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -64, max: 64 }).map((k) => k / 8) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, -2.5e-310, 1e300, 3.4e38, 2 ** -149) },
  { weight: 1, arbitrary: fc.integer().map((b) => new Float32Array(new Int32Array([b]).buffer)[0]!) },
);

describe('block quantization: the doubles fast path equals the exact path', () => {
  it('every block family, random shapes and axes, every mode (sr: same seed, same draws)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SPECS),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 1, -1),
        fc.constantFrom(...MODES),
        fc.array(value, { minLength: 240, maxLength: 240 }),
        (id, r, c, axis, mode, pool) => {
          // Arrange
          const spec = parseFormat(id);
          const xs = Float64Array.from({ length: r * c }, (_, i) => pool[i % pool.length]!);
          const opts = { axis, rounding: mode, seed: 7 };
          // Act: counts force the exact path
          const fast = quantizeBlocked(spec, xs, [r, c], opts);
          const exact = quantizeBlocked(spec, xs, [r, c], { ...opts, counts: { count: 0, overflow: 0, underflow: 0, inexact: 0 } });
          // Assert
          expect(Array.from(fast).map(f64)).toEqual(Array.from(exact).map(f64));
        },
      ),
      { numRuns: 600 },
    );
  });
  it('regression (zeros took the exact path): ±0 elements under a non-power-of-two scale keep their sign on the fast path', () => {
    // Arrange: ReLU-like data, most elements ±0, scales float32 / UE4M3 (not powers of two)
    const xs = Float64Array.from({ length: 96 }, (_, i) => (i % 3 === 0 ? (i % 2 ? 0.37 * i : -0.11 * i) : i % 2 ? 0 : -0));
    for (const id of ['scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=5)', 'nvfp4', 'scaled(elem=float8_e4m3fn,scale=float32,block=7)']) {
      for (const rounding of ['rne', 'rtz', 'rup', 'rdn'] as RoundingMode[]) {
        // Act
        const fast = quantizeBlocked(parseFormat(id), xs, [8, 12], { axis: -1, rounding });
        const exact = quantizeBlocked(parseFormat(id), xs, [8, 12], { axis: -1, rounding, counts: { count: 0, overflow: 0, underflow: 0, inexact: 0 } });
        // Assert
        expect(Array.from(fast).map(f64), `${id} ${rounding}`).toEqual(Array.from(exact).map(f64));
      }
    }
  });
  it('quantizeArray of a block format is one vector, and Float32Array inputs give the same values as Float64Array', () => {
    const xs = Float32Array.from({ length: 100 }, (_, i) => Math.fround(Math.sin(i) * 3));
    for (const id of SPECS) {
      const spec = parseFormat(id);
      const a = quantizeArray(spec, xs);
      expect(Array.from(a)).toEqual(quantizeBlocks(spec, xs).values.map(Math.fround));
      // a line is one block for channel/tensor layouts: as a tensor, that is one channel of 100 elements
      const shape = id.includes('block=channel') ? [1, 100] : [100];
      expect(Array.from(quantizeBlocked(spec, xs, shape, { axis: 0 }))).toEqual(Array.from(a));
    }
  });
});

describe('block quantization: tensor layouts', () => {
  it('lineIndex: fibers along an axis, channels, the whole tensor', () => {
    expect(lineIndex([2, 3], 1, 2).map((l) => Array.from(l))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(lineIndex([2, 3], 0, 2).map((l) => Array.from(l))).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(lineIndex([2, 3], 1, 'channel').map((l) => Array.from(l))).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(lineIndex([2, 3], 0, 'channel').map((l) => Array.from(l))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(lineIndex([2, 3], 0, 'tensor').map((l) => Array.from(l))).toEqual([[0, 1, 2, 3, 4, 5]]);
  });
  it('rejects bad input naming the argument, the value and what is allowed', () => {
    const s = parseFormat('mxfp4_e2m1');
    const xs = new Float32Array(6);
    expect(() => quantizeBlocked(s, xs, [2, 2])).toThrow(/quantizeBlocked: shape \[2,2\] has 4 elements; xs has 6/);
    expect(() => quantizeBlocked(s, xs, [2, 3], { axis: 2 })).toThrow(/quantizeBlocked: axis must be an integer in -2\.\.1; got 2/);
    expect(() => quantizeBlocked(s, xs, [2, -3])).toThrow(/shape must be a list of non-negative integers/);
    expect(() => quantizeBlocked(parseFormat('int8'), xs, [6])).toThrow(/format fixed\(w=8,f=0\) is not block-scaled/);
    expect(() => quantizeBlocks(s, [1, { kind: 'rational', num: 1n, den: 0n }])).toThrow(/quantizeBlocks: xs\[1\]\.den must be nonzero/);
    expect(() => quantizeBlocks(s, [1], { rounding: 'sr' })).toThrow(/needs options\.seed/);
    expect(() => quantizeBlocks(s, [1], { rounding: 'log' })).toThrow(/rounding 'log' is not available for mx formats/);
  });
});
