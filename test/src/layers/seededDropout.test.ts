import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from '../../../src/layers/seededDropout.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SeededDropout', () => {
  it('is the identity at inference', () => {
    const x = tf.ones([2, 5]);
    expect(Array.from((new SeededDropout({ rate: 0.5 }).apply(x) as tf.Tensor).dataSync())).toEqual(Array(10).fill(1));
  });

  it('masks differ between calls, are reproducible from the seed, and keep the mean (inverted scaling)', () => {
    const x = tf.ones([1, 2000]);
    const masks = (seed: number) => {
      const l = new SeededDropout({ rate: 0.25, seed });
      return [0, 1].map(() => Array.from((l.apply(x, { training: true }) as tf.Tensor).dataSync()));
    };
    const [a1, a2] = masks(1);
    const [b1] = masks(1);
    expect(a1).toEqual(b1);
    expect(a1).not.toEqual(a2);
    expect(new Set(a1)).toEqual(new Set([0, 1 / 0.75].map(Math.fround)));
    const mean = a1!.reduce((s, v) => s + v, 0) / a1!.length;
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt((0.25 / 0.75) / 2000));
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => new SeededDropout({ rate: 1 })).toThrow('SeededDropout: rate must be in [0, 1); got 1');
  });
});
