import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { shift2d, tapOffset, type ShiftOffset } from '../../../src/shift/shift2d.js';
import { seeded } from '../backend/_compare.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Independent oracle: a plain loop over NHWC indices. */
function shiftLoop(x: Float32Array, [n, h, w, c]: number[], offsets: readonly ShiftOffset[]): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n!; b++) for (let i = 0; i < h!; i++) for (let j = 0; j < w!; j++) for (let ch = 0; ch < c!; ch++) {
    const [dy, dx] = offsets[ch]!;
    const si = i + dy;
    const sj = j + dx;
    if (si >= 0 && si < h! && sj >= 0 && sj < w!) out[((b * h! + i) * w! + j) * c! + ch] = x[((b * h! + si) * w! + sj) * c! + ch]!;
  }
  return out;
}

/** The same shift as a depthwise 'same' convolution whose k×k kernel is one-hot at (r + dy, r + dx). */
function oneHotDepthwise(x: tf.Tensor4D, offsets: readonly ShiftOffset[], k: number): tf.Tensor4D {
  const r = (k - 1) / 2;
  const c = offsets.length;
  const kernel = new Float32Array(k * k * c);
  offsets.forEach(([dy, dx], ch) => {
    kernel[((r + dy) * k + (r + dx)) * c + ch] = 1;
  });
  return tf.tidy(() => tf.depthwiseConv2d(x, tf.tensor4d(kernel, [k, k, c, 1]), 1, 'same'));
}

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }),
  c: fc.integer({ min: 1, max: 5 }), seed: fc.integer({ min: 0, max: 1e6 }),
}).chain((s) => fc.record({
  s: fc.constant(s),
  offsets: fc.array(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 })), { minLength: s.c, maxLength: s.c }),
}));

describe('shift2d', () => {
  it('matches a loop oracle and a one-hot depthwise convolution', () => {
    fc.assert(fc.property(caseArb, ({ s, offsets }) => {
      // Arrange
      const shape = [s.n, s.h, s.w, s.c];
      const values = seeded(s.n * s.h * s.w * s.c, s.seed);
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      // Act
      const y = shift2d(x, offsets);
      const conv = oneHotDepthwise(x, offsets, 5);
      // Assert
      expect(y.shape).toEqual(shape);
      expect(Array.from(y.dataSync())).toEqual(Array.from(shiftLoop(values, shape, offsets)));
      expect(Array.from(conv.dataSync())).toEqual(Array.from(y.dataSync()));
      tf.dispose([x, y, conv]);
    }), { numRuns: 60 });
  });

  it('offsets larger than the image give zeros', () => {
    const x = tf.ones([1, 2, 3, 2]);
    const y = shift2d(x, [[5, 0], [0, -7]]);
    expect(Array.from(y.dataSync())).toEqual(new Array(12).fill(0));
    tf.dispose([x, y]);
  });

  it('its gradient is the reverse shift of dy (as the depthwise convolution gradient)', () => {
    const offsets: ShiftOffset[] = [[1, 0], [0, -1], [-1, 1]];
    const x = tf.tensor4d(seeded(2 * 4 * 5 * 3, 7), [2, 4, 5, 3]);
    const g = tf.tensor4d(seeded(2 * 4 * 5 * 3, 8), [2, 4, 5, 3]);
    const dShift = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(shift2d(t, offsets), g)))(x);
    const dConv = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(oneHotDepthwise(t as tf.Tensor4D, offsets, 3), g)))(x);
    const reverse = shift2d(g, offsets.map(([dy, dx]) => [-dy, -dx] as const));
    expect(Array.from(dShift.dataSync())).toEqual(Array.from(reverse.dataSync()));
    expect(Array.from(dConv.dataSync())).toEqual(Array.from(dShift.dataSync()));
    tf.dispose([x, g, dShift, dConv, reverse]);
  });

  it('leaks no tensor (forward and gradient)', () => {
    const x = tf.tensor4d(seeded(1 * 3 * 3 * 4, 1), [1, 3, 3, 4]);
    const before = tf.memory().numTensors;
    const y = shift2d(x, [[0, 1], [0, 1], [1, 1], [0, 0]]);
    const d = tf.grad((t: tf.Tensor) => tf.sum(shift2d(t, [[0, 1], [0, 1], [1, 1], [0, 0]])))(x);
    tf.dispose([y, d]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects bad input', () => {
    const x = tf.zeros([1, 2, 2, 2]);
    expect(() => shift2d(tf.zeros([2, 2]), [])).toThrow(new TypeError('shift2d: x must be a rank-4 NHWC tensor; got rank 2'));
    expect(() => shift2d(x, [[0, 0]])).toThrow(new RangeError('shift2d: offsets must have one [dy, dx] per channel (2); got 1'));
    expect(() => shift2d(x, [[0, 0], [0.5, 0]])).toThrow(new RangeError('shift2d: offsets[1] must be two integers [dy, dx]; got [0.5,0]'));
    x.dispose();
  });
});

describe('tapOffset', () => {
  it('maps row-major taps to offsets around the centre', () => {
    expect(Array.from({ length: 9 }, (_, i) => tapOffset(3, i))).toEqual([
      [-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 0], [0, 1], [1, -1], [1, 0], [1, 1],
    ]);
    expect(tapOffset(5, 0)).toEqual([-2, -2]);
  });

  it('rejects bad input', () => {
    expect(() => tapOffset(4, 0)).toThrow(new RangeError('tapOffset: k must be an odd integer ≥ 1; got 4'));
    expect(() => tapOffset(3, 9)).toThrow(new RangeError('tapOffset: index must be an integer in [0, 9); got 9'));
  });
});
