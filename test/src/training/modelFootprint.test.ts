import { describe, expect, it } from 'vitest';
import { modelFootprint } from '../../../src/training/modelFootprint.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';

const spec = (model: unknown) => validateTrainConfig({ model, dataset: { name: 'synthetic' }, optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, seed: 1 }).model;

describe('modelFootprint', () => {
  it('counts the parameters and layer outputs of an MLP by hand', () => {
    const f = modelFootprint(spec({ type: 'mlp', hidden: [100, 50] }), { inputShape: [28, 28, 1], numClasses: 10, batchSize: 10 });
    expect(f.params).toBe(784 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10);
    expect(f.activationsPerExample).toBe(784 + 100 + 50 + 10);
    expect(f.bytes).toBe(4 * (6 * f.params + 3 * 10 * f.activationsPerExample));
  });

  it('counts what buildModel builds, for convs, shift layers, SALs, batch norm and maxout', () => {
    for (const model of [
      { type: 'cnn', conv: [{ filters: 4, kernelSize: 3, pool: 2 }, { filters: 6, kernelSize: 5, padding: 'valid', strides: 2 }], hidden: [7] },
      { type: 'cnn', conv: [{ filters: 4, kernelSize: 3, type: 'shift', pool: 2 }, { filters: 6, kernelSize: 3, type: 'sal' }, { filters: 5, kernelSize: 3, type: 'salShared' }] },
      { type: 'mlp', hidden: [12, 9], batchNorm: true, maxoutPieces: 3 },
    ]) {
      const s = spec(model);
      const m = buildModel(s, { inputShape: [28, 28, 1], numClasses: 10, policy: {}, seed: 1 });
      expect(modelFootprint(s, { inputShape: [28, 28, 1], numClasses: 10, batchSize: 1 }).params, JSON.stringify(model)).toBe(m.countParams() - nonTrainable(m));
      m.dispose();
    }
  });
});

/** Weights that are not parameters (moving statistics, SAL step and shift index). */
function nonTrainable(m: { nonTrainableWeights: Array<{ shape: Array<number | null> }> }): number {
  return m.nonTrainableWeights.reduce((s, w) => s + w.shape.reduce<number>((p, d) => p * (d ?? 1), 1), 0);
}
