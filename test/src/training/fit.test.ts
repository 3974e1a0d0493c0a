import type { ValueQuantizer } from '../../../src/quantizers/valueQuantizer.js';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fit, type FitOptions } from '../../../src/training/fit.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { createOptimizer, type OptimizerSpec } from '../../../src/optimizers/createOptimizer.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import type { QDense } from '../../../src/layers/qDense.js';
import { blobs } from './_blobs.js';
import type { TrainingEvent } from '../../../src/training/trainingEvents.js';
import { progressListener } from '../../../src/training/progress.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = blobs();
const DFX: PolicySpec = {
  default: Object.fromEntries(['weight', 'bias', 'activation', 'error', 'gradient', 'momentum'].map((r) => [r, { format: 'dfixed(w=10)' }]).concat([['update', { format: 'dfixed(w=12)' }]])),
};

/** The test MLP and its optimizer, untrained. */
function mk(policy: PolicySpec = {}, opt: OptimizerSpec = { type: 'sgd', lr: 0.2, momentum: 0.9 }) {
  const model = buildModel({ type: 'mlp', hidden: [16], activation: 'relu', batchNorm: false, dropout: { hidden: 0.1 } }, {
    inputShape: [20],
    numClasses: 10,
    policy,
    seed: 3,
    dfixed: { updateEvery: 2, maxOverflowRate: 1e-4 },
  });
  return { model, optimizer: createOptimizer(opt) };
}

function run(policy: PolicySpec = {}, opt: OptimizerSpec = { type: 'sgd', lr: 0.2, momentum: 0.9 }, extra: Partial<FitOptions> = {}) {
  const { model, optimizer } = mk(policy, opt);
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
    const f = ((model.getLayer('dense_1') as QDense).quant.quantizer('weight') as ValueQuantizer).dynamic!.f;
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
    await expect(report).rejects.toThrow('fit: earlyStopping.validationSize must be an integer in [1, 299]; got 300');
  });
});

describe('fit: divergence (issue 11)', () => {
  it('regression: saturating weight formats with a huge learning rate no longer end ok with a loss of 1e30 and ±Inf stored weights', async () => {
    // Arrange: the forward pass sees saturated (finite) kernels, so the loss stays finite while the stored ones blow up
    const sat = { default: { weight: { format: 'fixed(w=8,f=4)' } } };
    // Act: stored kernels overflow float32 (lr 1e40), or stay finite while the unrounded biases make the loss huge (lr 1e30)
    const inf = await (run(sat, { type: 'sgd', lr: 1e40 }).report);
    const huge = await (run(sat, { type: 'sgd', lr: 1e30 }).report);
    // Assert: both stop at once in epoch 1, with the reason
    // (variable names get a suffix when several models live in one process)
    expect(inf.divergence).toMatchObject({ reason: 'non-finite parameter', epoch: 1, batch: 1, tensor: expect.stringMatching(/^dense_1\/kernel/) });
    expect(inf.message).toMatch(/^training diverged: non-finite parameter in dense_1\/kernel\S* at epoch 1, batch 1\/10$/);
    expect(huge.divergence).toMatchObject({ reason: 'loss bound', epoch: 1 });
    expect(huge.message).toMatch(/^training diverged: loss \S+ exceeds 1000000 × the first batch's loss \(\S+\) at epoch 1, batch \d+\/10$/);
    expect([inf.epochs.length, huge.epochs.length]).toEqual([0, 0]);
  });

  it('stops when a gradient is non-finite, before applying the step', async () => {
    const { model, optimizer } = mk();
    const v = new tf.LayerVariable(tf.zeros([2]), 'float32', 'probe', true);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    // √(v − v) is 0 but its derivative is ∞ · 0 = NaN
    const ext = { penalty: () => tf.sum(tf.sqrt(tf.sub(v.read(), v.read()))) as tf.Scalar, groups: [{ name: 'probe', bindings: [{ name: (v.read() as tf.Variable).name, variable: v, clip: false }], optimizer: createOptimizer({ type: 'sgd', lr: 1 }) }] };
    const r = await fit(model, data, { epochs: 1, batchSize: 30, seed: 5, optimizer, extensions: [ext] });
    expect(r.divergence).toMatchObject({ reason: 'non-finite gradient', epoch: 1, batch: 1, tensor: (v.read() as tf.Variable).name });
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    v.dispose();
    model.dispose();
  });

  it('stops when an optimizer state becomes non-finite (Adam v = g² overflows float32)', async () => {
    const { model } = mk();
    const k = model.getLayer('dense_1').trainableWeights[0]!;
    // a gradient of 1e21 per element is finite; its square overflows float32 in Adam's second moment
    const ext = { penalty: () => tf.mul(tf.sum(k.read()), 1e21) as tf.Scalar };
    const r = await fit(model, data, { epochs: 1, batchSize: 30, seed: 5, optimizer: createOptimizer({ type: 'adam', lr: 1e-3 }), extensions: [ext], maxLossRatio: 1e300 });
    expect(r.divergence).toMatchObject({ reason: 'non-finite optimizer state', tensor: `${(k.read() as tf.Variable).name}:v` });
    model.dispose();
  });

  it('stops when the loss exceeds the bound: maxLossRatio × the first epoch\'s loss', async () => {
    const { model, optimizer } = mk();
    let calls = 0;
    // the penalty jumps from 0 to 1e3 in epoch 2 (the first epoch's mean loss is about 2)
    const ext = { penalty: () => tf.scalar(calls++ >= 10 ? 1e3 : 0), afterStep: () => {} };
    const r = await fit(model, data, { epochs: 3, batchSize: 30, seed: 5, optimizer, extensions: [ext], maxLossRatio: 100 });
    expect(r.divergence).toMatchObject({ reason: 'loss bound', epoch: 2, batch: 1 });
    expect(r.divergence!.bound).toBeCloseTo(100 * r.epochs[0]!.trainLoss, 9);
    expect(r.message).toMatch(/^training diverged: loss \S+ exceeds 100 × the first epoch's loss \(\S+\) at epoch 2, batch 1\/10$/);
    model.dispose();
  });
});

describe('fit: typed events and honest model selection (issue 12)', () => {
  it('emits phaseStart, a step per batch and an epoch event per epoch; a progress bar consumes them', async () => {
    const events: TrainingEvent[] = [];
    const shown: string[] = [];
    const bar = progressListener({ start: (n, label) => shown.push(`start ${n} ${label}`), update: (d) => shown.push(`${d}`), stop: () => shown.push('stop') });
    const { report } = run({}, undefined, { epochs: 2, onEvent: (e) => { events.push(e); bar(e); } } as Partial<FitOptions>);
    const r = await report;
    expect(events.map((e) => e.type)).toEqual(['phaseStart', ...Array(10).fill('step'), 'epoch', ...Array(10).fill('step'), 'epoch']);
    expect(events[0]).toEqual({ type: 'phaseStart', phase: 'train', epochs: 2, batches: 10 });
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { record: unknown }).record)).toEqual(r.epochs);
    expect(shown.slice(0, 3)).toEqual(['start 10 epoch 1/2', '1', '2']);
    expect(shown.filter((s) => s === 'stop')).toHaveLength(2);
  });

  it('early stopping holds out a validation split of the training data (10 % by default); the test set never decides', async () => {
    const stop = { epochs: 4, batchSize: 30, seed: 5, earlyStopping: { patience: 1 } };
    const a = mk({}, { type: 'sgd', lr: 1e-12 });
    const ra = await fit(a.model, data, { ...stop, optimizer: a.optimizer });
    expect(ra.stoppedEarly).toBe(true);
    expect(ra.epochs[0]!.valError).toBeDefined();
    // the same run with another test set stops at the same epoch, having seen the same validation errors
    const b = mk({}, { type: 'sgd', lr: 1e-12 });
    const rb = await fit(b.model, { ...data, test: blobs(100, 37, 99).test }, { ...stop, optimizer: b.optimizer });
    expect(rb.epochs.map((e) => [e.epoch, e.valError])).toEqual(ra.epochs.map((e) => [e.epoch, e.valError]));
    expect(rb.epochs.map((e) => e.testError)).not.toEqual(ra.epochs.map((e) => e.testError));
    a.model.dispose();
    b.model.dispose();
  });
});
