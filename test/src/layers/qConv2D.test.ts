import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { QConv2D } from '../../../src/layers/qConv2D.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('QConv2D', () => {
  it('equals tf.conv2d on the quantized kernel, then bias, activation and activation role', () => {
    const layer = new QConv2D({
      filters: 2,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      inputShape: [5, 5, 1],
      seed: 3,
      precision: { weight: { format: 'fixed(w=6,f=4)' }, activation: { format: 'bfloat16' } },
    });
    const x = tf.randomUniform([2, 5, 5, 1], 0, 1, 'float32', 1);
    const y = layer.apply(x) as tf.Tensor;
    const [W, b] = layer.getWeights();
    const Wq = tf.tensor4d(quantizeArray(parseFormat('fixed(w=6,f=4)'), W!.dataSync() as Float32Array), W!.shape as [number, number, number, number]);
    const z = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, Wq, 1, 'same'), b!));
    const ref = quantizeArray(parseFormat('bfloat16'), z.dataSync() as Float32Array);
    expect(Array.from(y.dataSync())).toEqual(Array.from(ref));
    expect(y.shape).toEqual([2, 5, 5, 2]);
  });

  it('output shapes for same/valid padding and strides', () => {
    expect(new QConv2D({ filters: 4, kernelSize: 3 }).computeOutputShape([null, 28, 28, 1])).toEqual([null, 26, 26, 4]);
    expect(new QConv2D({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).computeOutputShape([null, 28, 28, 1])).toEqual([null, 14, 14, 4]);
  });

  it('trains (gradients reach kernel and bias) without leaking', () => {
    const layer = new QConv2D({ filters: 2, kernelSize: 2, inputShape: [4, 4, 1], precision: { weight: { format: 'int8' }, error: { format: 'float16' } } });
    const x = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 2);
    layer.apply(x);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    expect(Object.keys(grads).length).toBe(2);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad config', () => {
    expect(() => new QConv2D({ filters: 0, kernelSize: 3 })).toThrow('QConv2D: filters must be an integer ≥ 1; got 0');
    expect(() => new QConv2D({ filters: 1, kernelSize: 0 })).toThrow('QConv2D: kernelSize and strides must be integers ≥ 1');
    expect(() => new QConv2D({ filters: 1, kernelSize: 3, padding: 'causal' as never })).toThrow('QConv2D: padding must be same or valid; got "causal"');
  });
});
