import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/backend/initBackend.js';
import { ownedData } from '../../../src/quantizers/_internal/ownedData.js';
import { quantizeTensor } from '../../../src/quantizers/quantizeTensor.js';

describe('ownedData / in-place rounding never touches the input tensor', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(backend, async () => {
      await initBackend(backend);
      const values = [0.3, -1.7, 2.25, 1e-3];
      const x = tf.tensor1d(values);
      const d = ownedData(x);
      d.fill(9);
      expect(Array.from(x.dataSync())).toEqual(values.map(Math.fround));
      const g = tf.grad((t: tf.Tensor) => tf.sum(quantizeTensor(t, 'int4', { error: { format: 'int4' } })))(x);
      const q = quantizeTensor(x, 'int4');
      expect(Array.from(q.dataSync())).toEqual([0, -2, 2, 0]);
      expect(Array.from(g.dataSync())).toEqual([1, 1, 1, 1]);
      expect(Array.from(x.dataSync())).toEqual(values.map(Math.fround));
      tf.dispose([x, g, q]);
    });
  }
});
