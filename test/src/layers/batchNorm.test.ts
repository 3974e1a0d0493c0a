import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BatchNorm } from '../../../src/layers/batchNorm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) =>
  Array.from(a).forEach((v, i) => expect(Math.abs(v - b[i]!), `index ${i}: ${v} vs ${b[i]}`).toBeLessThan(tol));

describe('BatchNorm', () => {
  it('training: batch statistics, then γ·x̂ + β; updates the moving averages with α = 1 − momentum', () => {
    const layer = new BatchNorm({ momentum: 0.9, epsilon: 1e-4 });
    const x = tf.tensor2d([[1, 10], [3, 20], [5, 60]]);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    // column 0: mean 3, var 8/3; column 1: mean 30, var 1400/3
    const ref = [[1, 10], [3, 20], [5, 60]].flat().map((v, i) => (i % 2 === 0 ? (v - 3) / Math.sqrt(8 / 3 + 1e-4) : (v - 30) / Math.sqrt(1400 / 3 + 1e-4)));
    close(y.dataSync(), ref);
    const [, , mm, mv] = layer.getWeights();
    close(mm!.dataSync(), [0.3, 3]);
    close(mv!.dataSync(), [0.9 + 0.1 * (8 / 3), 0.9 + 0.1 * (1400 / 3)], 1e-4);
  });

  it('inference uses the moving statistics; weight/bias roles quantize γ and β', () => {
    const layer = new BatchNorm({ activation: 'relu', precision: { weight: { format: 'int8' }, bias: { format: 'fixed(w=8,f=1)' } } });
    layer.build([null, 2]);
    layer.setWeights([tf.tensor1d([1.4, 2.6]), tf.tensor1d([0.3, -0.8]), tf.tensor1d([1, 2]), tf.tensor1d([4, 1])]);
    const y = layer.apply(tf.tensor2d([[3, 2]])) as tf.Tensor;
    // γ → [1, 3], β → [0.5, −1]: relu(1·(3−1)/√(4+ε) + 0.5) = 1.5; relu(3·0/… − 1) = 0
    close(y.dataSync(), [1 * 2 / Math.sqrt(4 + 1e-4) + 0.5, 0]);
    expect(layer.quantizedParams().map((p) => p.name)).toEqual(['gamma', 'beta']);
  });

  it('leaks nothing over training calls, and rejects bad options', () => {
    const layer = new BatchNorm();
    const x = tf.randomNormal([8, 3]);
    layer.apply(x, { training: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new BatchNorm({ momentum: 1 })).toThrow('BatchNorm: momentum must be in [0, 1); got 1');
    expect(() => new BatchNorm({ epsilon: 0 })).toThrow('BatchNorm: epsilon must be > 0; got 0');
  });
});
