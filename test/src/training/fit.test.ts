import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fit, type FitOptions } from '../../../src/training/fit.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { createOptimizer, type OptimizerSpec } from '../../../src/optimizers/createOptimizer.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import type { QDense } from '../../../src/layers/qDense.js';
import { blobs } from './_blobs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = blobs();
const DFX: PolicySpec = {
  default: Object.fromEntries(['weight', 'bias', 'activation', 'error', 'gradient', 'momentum'].map((r) => [r, { format: 'dfixed(w=10)' }]).concat([['update', { format: 'dfixed(w=12)' }]])),
};

function run(policy: PolicySpec = {}, opt: OptimizerSpec = { type: 'sgd', lr: 0.2, momentum: 0.9 }, extra: Partial<FitOptions> = {}) {
  const model = buildModel({ type: 'mlp', hidden: [16], activation: 'relu', batchNorm: false, dropout: { hidden: 0.1 } }, {
    inputShape: [20],
    numClasses: 10,
    policy,
    seed: 3,
    dfixed: { updateEvery: 2, maxOverflowRate: 1e-4 },
  });
  const optimizer = createOptimizer(opt);
  return { model, optimizer, report: fit(model, data, { epochs: 4, batchSize: 30, seed: 5, optimizer, ...extra }) };
}

describe('fit', () => {
  it('learns a separable task, float32 and with every role in dynamic fixed point', async () => {
    for (const policy of [{}, DFX]) {
      const { report, model } = run(policy);
      const r = await report;
      expect(r.status).toBe('ok');
      expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      expect(r.epochs[3]!.trainLoss).toBeLessThan(r.epochs[0]!.trainLoss);
      expect(r.epochs[3]!.testError).toBeLessThan(0.1);
      model.dispose();
    }
  });

  it('is deterministic: the same seed gives the same losses, errors and weights', async () => {
    const a = run(DFX);
    const b = run(DFX);
    const [ra, rb] = [await a.report, await b.report];
    const strip = (r: typeof ra) => r.epochs.map(({ seconds: _s, ...e }) => e);
    expect(strip(ra)).toEqual(strip(rb));
    expect(a.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(b.model.getWeights().map((w) => Array.from(w.dataSync())));
  });

  it('updates DFXP ranges from every batch (endBatch) and applies lrDecay per epoch', async () => {
    const { model, optimizer, report } = run(DFX, { type: 'sgd', lr: 0.2, momentum: 0.9, lrDecay: 0.5 }, { lrDecay: 0.5 });
    await report;
    const f = (model.getLayer('dense_1') as QDense).quant.quantizer('weight')!.dynamic!.f;
    expect(f).not.toBe(4); // dfixed(w=10) starts at f = 4 (five integer bits); glorot weights need fewer
    expect(optimizer.lr).toBeCloseTo(0.2 / 16, 12);
  });

  it('records a divergence: a NaN/Inf loss stops the run with a message', async () => {
    const { report } = run({}, { type: 'sgd', lr: 1e30 });
    const r = await report;
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/^training diverged: loss is (NaN|Infinity) at epoch \d+, batch \d+\/10$/);
  });

  it('stops early after `patience` epochs without improvement of the validation error', async () => {
    const { report } = run({}, { type: 'sgd', lr: 1e-12 }, { earlyStopping: { patience: 1, validationSize: 50 } });
    const r = await report;
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs.length).toBe(2);
    expect(r.epochs[0]!.valError).toBeGreaterThan(0.5);
  });

  it('leaks no tensor over an epoch (tf.memory().numTensors stable)', async () => {
    const { model, optimizer } = run(DFX);
    const opts = { epochs: 1, batchSize: 30, seed: 5, optimizer };
    await fit(model, data, opts); // first epoch builds the layers
    const before = tf.memory().numTensors;
    await fit(model, data, opts);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a validation set as large as the training set', async () => {
    const { report } = run({}, undefined, { earlyStopping: { patience: 1, validationSize: 300 } });
    await expect(report).rejects.toThrow('fit: earlyStopping.validationSize must be < 300; got 300');
  });
});
