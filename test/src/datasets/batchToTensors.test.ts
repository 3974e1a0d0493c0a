import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { batchToTensors } from '../../../src/datasets/batchToTensors.js';
import { loadDataset } from '../../../src/datasets/loadDataset.js';

describe('batchToTensors', () => {
  const ds = loadDataset({ name: 'synthetic', trainSize: 20, testSize: 5, seed: 1 });

  it('copies the chosen examples in order, image layout, one-hot labels', async () => {
    await tf.setBackend('cpu');
    const { xs, ys } = batchToTensors(ds.train, [7, 2, 7]);
    expect(xs.shape).toEqual([3, 28, 28, 1]);
    expect(ys.shape).toEqual([3, 10]);
    const xv = await xs.data();
    expect(xv.subarray(784, 2 * 784)).toEqual(ds.train.x.subarray(2 * 784, 3 * 784));
    expect(xv.subarray(2 * 784)).toEqual(ds.train.x.subarray(7 * 784, 8 * 784));
    const labels = Array.from(await ys.argMax(1).data());
    expect(labels).toEqual([ds.train.y[7], ds.train.y[2], ds.train.y[7]]);
    expect(Array.from(await ys.sum().data())).toEqual([3]);
    tf.dispose([xs, ys]);
  });

  it("'flat' layout gives [b, 784] (the permutation-invariant view)", () => {
    const { xs, ys } = batchToTensors(ds.test, Int32Array.from([0, 4]), 'flat');
    expect(xs.shape).toEqual([2, 784]);
    tf.dispose([xs, ys]);
  });

  it('creates exactly the two tensors it returns', () => {
    const before = tf.memory().numTensors;
    const { xs, ys } = batchToTensors(ds.train, [0, 1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an index out of range and an unknown layout, naming them', () => {
    expect(() => batchToTensors(ds.test, [0, 5])).toThrow('batchToTensors: indices[1] must be an integer in [0, 4]; got 5');
    expect(() => batchToTensors(ds.test, [0], 'nhwc' as 'flat'))
      .toThrow(`batchToTensors: layout must be 'image' or 'flat'; got "nhwc"`);
  });
});
