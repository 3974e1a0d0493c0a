import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/training/buildModel.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import type { QDense } from '../../../src/layers/qDense.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (model: unknown) => validateTrainConfig({ model, dataset: { name: 'synthetic' }, optimizer: { type: 'sgd', lr: 1 }, epochs: 1, seed: 1 }).model;
const names = (m: tf.LayersModel) => m.layers.map((l) => `${l.name}:${l.getClassName()}`);

describe('buildModel', () => {
  it('MLP with dropout, batch norm and maxout: fixed names, units·pieces, no bias before BN', () => {
    const m = buildModel(spec({ type: 'mlp', hidden: [6, 4], maxoutPieces: 3, batchNorm: true, dropout: { input: 0.2, hidden: 0.5 } }), {
      inputShape: [28, 28, 1],
      numClasses: 10,
      policy: {},
      seed: 1,
    });
    expect(names(m)).toEqual([
      'dropout_in:SeededDropout', 'dense_1:QDense', 'bn_1:BatchNorm', 'maxout_1:Maxout', 'dropout_1:SeededDropout',
      'dense_2:QDense', 'bn_2:BatchNorm', 'maxout_2:Maxout', 'dropout_2:SeededDropout', 'output:QDense',
    ]);
    expect(m.inputs[0]!.shape).toEqual([null, 784]);
    expect((m.getLayer('dense_1') as QDense).units).toBe(18);
    expect((m.getLayer('dense_1') as QDense).useBias).toBe(false);
    expect(m.outputs[0]!.shape).toEqual([null, 10]);
  });

  it('CNN: conv, pool, flatten, dense, output', () => {
    const m = buildModel(spec({ type: 'cnn', conv: [{ filters: 4, kernelSize: 3, pool: 2 }, { filters: 8, kernelSize: 3 }], hidden: [16] }), {
      inputShape: [28, 28, 1],
      numClasses: 10,
      policy: {},
      seed: 1,
    });
    expect(names(m)).toEqual(['conv_1:QConv2D', 'pool_1:MaxPooling2D', 'conv_2:QConv2D', 'flatten:Flatten', 'dense_1:QDense', 'output:QDense']);
    expect(m.layers[3]!.outputShape).toEqual([null, 14 * 14 * 8]);
  });

  it('gives each layer the roles its policy rules select, and seeds that differ per layer', () => {
    const m = buildModel(spec({ type: 'mlp', hidden: [4, 4] }), {
      inputShape: [20],
      numClasses: 3,
      policy: { default: { weight: { format: 'int8' } }, rules: [{ match: { name: 'output' }, roles: { weight: null, activation: { format: 'float16' } } }] },
      seed: 1,
    });
    const cfg = (n: string) => (m.getLayer(n) as QDense).quant.toConfig();
    expect(cfg('dense_1').precision).toEqual({ weight: { format: 'fixed(w=8,f=0)' } });
    expect(cfg('output').precision).toEqual({ activation: { format: 'float(e=5,m=10)' } });
    expect(cfg('dense_1').seed).not.toBe(cfg('dense_2').seed);
  });
});
