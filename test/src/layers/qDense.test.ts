import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { QDense } from '../../../src/layers/qDense.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const q = (fmt: string, t: tf.Tensor) => tf.tensor(quantizeArray(parseFormat(fmt), t.dataSync() as Float32Array), t.shape);
const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

describe('QDense', () => {
  const precision = {
    weight: { format: 'fixed(w=8,f=5)' },
    bias: { format: 'float8_e4m3fn' },
    activation: { format: 'float16' },
    error: { format: 'fixed(w=10,f=3)' },
  };

  it('forward: Q_act(relu(x·Q_w(W) + Q_b(b))) exactly as the simulator rounds each role', () => {
    const layer = new QDense({ units: 4, activation: 'relu', inputShape: [3], precision, seed: 1 });
    const x = tf.tensor2d([[0.3, -1.2, 2.5], [1, 0.5, -0.25]]);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const [W] = layer.getWeights(); // the variables themselves: not to be disposed
    layer.setWeights([W!, tf.tensor1d([0.11, -0.3, 0.7, 0.01])]);
    const y2 = layer.apply(x) as tf.Tensor;
    const [W2, b2] = layer.getWeights();
    const ref = q('float16', tf.relu(tf.add(tf.matMul(x, q('fixed(w=8,f=5)', W2!)), q('float8_e4m3fn', b2!))));
    expect(bits(y2)).toEqual(bits(ref));
    expect(y.shape).toEqual([2, 4]);
  });

  it('backward: dL/dx = (Q_err(dL/dy) ⊙ relu′)·Q_w(W)ᵀ; dL/dW uses the quantized error too', () => {
    const layer = new QDense({ units: 3, activation: 'relu', inputShape: [2], precision, seed: 2 });
    layer.build([null, 2]);
    layer.setWeights([tf.tensor2d([[0.5, -0.25, 1], [0.75, 0.125, -0.5]]), tf.tensor1d([0.1, 0.2, 0.3])]);
    const x = tf.tensor2d([[1.5, -0.5]]);
    const c = tf.tensor2d([[0.33, -0.71, 0.2]]); // upstream dL/dy
    const [W] = layer.getWeights();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, c)) as tf.Scalar);
    const gx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, c)))(x);
    const z = tf.add(tf.matMul(x, q('fixed(w=8,f=5)', W!)), q('float8_e4m3fn', layer.getWeights()[1]!));
    const gz = tf.mul(q('fixed(w=10,f=3)', c), tf.cast(tf.greater(z, 0), 'float32'));
    expect(Array.from(gx.dataSync())).toEqual(Array.from(tf.matMul(gz, q('fixed(w=8,f=5)', W!), false, true).dataSync()));
    const kernelGrad = Object.entries(grads).find(([k]) => k.endsWith('kernel'))![1];
    expect(Array.from(kernelGrad.dataSync())).toEqual(Array.from(tf.matMul(x, gz, true, false).dataSync()));
    tf.dispose([value, gx]);
    tf.dispose(grads);
  });

  it('is the plain float32 dense layer without a policy', () => {
    const layer = new QDense({ units: 2, inputShape: [3], seed: 5 });
    const x = tf.tensor2d([[1, 2, 3]]);
    const y = layer.apply(x) as tf.Tensor;
    const [W, b] = layer.getWeights();
    expect(bits(y)).toEqual(bits(tf.add(tf.matMul(x, W!), b!)));
  });

  it('seeded init: the same seed gives the same kernel, another seed another', () => {
    const k = (seed: number) => {
      const l = new QDense({ units: 3, inputShape: [4], seed });
      l.build([null, 4]);
      return Array.from(l.getWeights()[0]!.dataSync());
    };
    expect(k(1)).toEqual(k(1));
    expect(k(1)).not.toEqual(k(2));
  });

  it('round-trips its config (formats in canonical form) and lists its parameters', () => {
    const layer = new QDense({ units: 2, inputShape: [3], precision, seed: 4, name: 'd' });
    layer.apply(tf.zeros([1, 3]));
    const cfg = layer.getConfig();
    expect(cfg.precision).toMatchObject({ bias: { format: 'float(e=4,m=3,specials=fn,overflow=nan)' } }); // float8_e4m3fn overflows to NaN
    expect(JSON.stringify(cfg)).not.toContain('_');
    const copy = new QDense(cfg as never);
    expect(copy.quant.toConfig()).toEqual(layer.quant.toConfig());
    expect(layer.quantizedParams().map((p) => [p.name, p.clip])).toEqual([['kernel', true], ['bias', false]]);
  });

  it('leaks no tensor over forward and backward passes', () => {
    const layer = new QDense({ units: 3, inputShape: [2], precision, seed: 1 });
    const x = tf.randomNormal([4, 2]);
    layer.apply(x);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
      tf.dispose(layer.apply(x) as tf.Tensor);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad config with messages naming the field', () => {
    expect(() => new QDense({ units: 0 })).toThrow('QDense: units must be an integer ≥ 1; got 0');
    expect(() => new QDense({ units: 2, activation: 'gelu' as never })).toThrow('QDense: activation must be one of linear, relu, tanh, sigmoid, hardTanh; got "gelu"');
    expect(() => new QDense({ units: 2, precision: { weight: { format: 'float64' } } }).quant.quantizer('weight')).toThrow(/cannot be held exactly in float32/);
  });
});
