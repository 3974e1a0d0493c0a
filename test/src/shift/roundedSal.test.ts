import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { roundedSalForward } from '../../../src/shift/roundedSal.js';
import { seeded, relError } from '../backend/_compare.js';
import { oneHotConv } from './_oracles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


const caseArb = fc.record({
  h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }),
  cin: fc.integer({ min: 1, max: 4 }), cout: fc.integer({ min: 1, max: 4 }),
  k: fc.constantFrom(3, 5), stride: fc.constantFrom(1, 2), shared: fc.boolean(), seed: fc.integer({ min: 0, max: 1e6 }),
}).chain((s) => fc.record({
  s: fc.constant(s),
  taps: fc.array(fc.array(fc.integer({ min: 0, max: s.k * s.k - 1 }), { minLength: s.shared ? 1 : s.cout, maxLength: s.shared ? 1 : s.cout }),
    { minLength: s.cin, maxLength: s.cin }),
}));

describe('roundedSalForward', () => {
  it('shifts + 1×1 convolutions equal a direct convolution with one-hot kernels', () => {
    fc.assert(fc.property(caseArb, ({ s, taps }) => {
      // Arrange
      const x = tf.tensor4d(seeded(2 * s.h * s.w * s.cin, s.seed), [2, s.h, s.w, s.cin]);
      const w = tf.tensor4d(seeded(s.k * s.k * s.cin * s.cout, s.seed + 1), [s.k, s.k, s.cin, s.cout]);
      const strides: [number, number] = [s.stride, s.stride];
      // Act
      const got = roundedSalForward(x, w, taps, strides);
      const want = oneHotConv(x, w, taps, strides);
      // Assert
      expect(got.shape).toEqual(want.shape);
      expect(relError(want.dataSync(), got.dataSync())).toBeLessThan(1e-6);
      tf.dispose([x, w, got, want]);
    }), { numRuns: 60 });
  });

  it('leaks no tensor, forward or backward', () => {
    const x = tf.tensor4d(seeded(1 * 4 * 4 * 2, 2), [1, 4, 4, 2]);
    const w = tf.tensor4d(seeded(9 * 2 * 3, 3), [3, 3, 2, 3]);
    const taps = [[0, 4, 8], [2, 2, 6]];
    const before = tf.memory().numTensors;
    roundedSalForward(x, w, taps, [1, 1]).dispose();
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(roundedSalForward(a as tf.Tensor4D, b as tf.Tensor4D, taps, [1, 1])))([x, w]);
    tf.dispose(g);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });

  it('rejects bad input', () => {
    const x = tf.zeros([1, 3, 3, 2]) as tf.Tensor4D;
    const w = tf.zeros([3, 3, 2, 4]) as tf.Tensor4D;
    expect(() => roundedSalForward(x, w, [[0, 0]], [1, 1])).toThrow(
      new RangeError('roundedSalForward: taps must be [2][1 or 4] for a kernel of shape [3, 3, 2, 4]; got [1][2]'));
    expect(() => roundedSalForward(x, w, [[0], [9]], [1, 1])).toThrow(
      new RangeError('roundedSalForward: every tap must be an integer in [0, 9); got 9'));
    tf.dispose([x, w]);
  });
});
