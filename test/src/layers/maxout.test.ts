import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Maxout } from '../../../src/layers/maxout.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Maxout', () => {
  it('takes the max over runs of k consecutive channels (Goodfellow et al. 2013)', () => {
    const layer = new Maxout({ pieces: 3 });
    const x = tf.tensor2d([[1, 5, 2, -1, -3, -2], [0, 0, 7, 4, 9, 1]]);
    expect((layer.apply(x) as tf.Tensor).arraySync()).toEqual([[5, -1], [7, 9]]);
    expect(layer.computeOutputShape([null, 6])).toEqual([null, 2]);
    const x4 = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 1, 4]);
    expect((new Maxout({ pieces: 2 }).apply(x4) as tf.Tensor).arraySync()).toEqual([[[[2, 4]], [[6, 8]]]]);
  });

  it('gradient flows to the maximal piece only; the error role quantizes dL/dy', () => {
    const layer = new Maxout({ pieces: 2, precision: { activation: { format: 'int8' }, error: { format: 'fixed(w=8,f=1)' } } });
    const x = tf.tensor2d([[0.3, 2.6, -1, -4]]);
    expect(Array.from((layer.apply(x) as tf.Tensor).dataSync())).toEqual([3, -1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, tf.tensor2d([[0.7, 0.2]]))))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0.5, 0, 0]);
  });

  it('leaks nothing and rejects bad pieces and shapes', () => {
    const layer = new Maxout({ pieces: 2 });
    const x = tf.ones([2, 4]);
    const before = tf.memory().numTensors;
    tf.dispose(layer.apply(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new Maxout({ pieces: 0 })).toThrow('Maxout: pieces must be an integer ≥ 1; got 0');
    expect(() => new Maxout({ pieces: 3, name: 'm' }).computeOutputShape([null, 4])).toThrow('Maxout(m): last axis 4 is not a multiple of pieces = 3');
  });
});
