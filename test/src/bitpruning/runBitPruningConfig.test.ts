import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildBitPruningModel, runBitPruningConfig } from '../../../src/bitpruning/runBitPruningConfig.js';
import { BitlengthBank } from '../../../src/bitpruning/bitlengthBank.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { blobs } from '../training/_blobs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (bp: Record<string, unknown> = {}, epochs = 3) =>
  validateTrainConfig({
    model: { type: 'mlp', hidden: [12] },
    dataset: { name: 'synthetic', trainSize: 200, testSize: 100 },
    optimizer: { type: 'adam', lr: 1e-2 },
    epochs,
    batchSize: 25,
    seed: 5,
    backend: 'cpu',
    bitPruning: { target: 'bits', lambda: 2, bitLr: 0.2, initBits: 8, schedule: { learnEpochs: 2, finetuneEpochs: 1 }, ...bp },
  });

describe('lowbit train with a bitPruning section', () => {
  it('learns, rounds up, fine-tunes at integer bitlengths, and records every group\'s trajectory', async () => {
    // Act
    const { record, model } = await runTraining(config(), { data: blobs(200, 100, 5) });
    // Assert
    expect(record.status).toBe('ok');
    const bp = record.bitPruning!;
    expect(record.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(record.final.testError).toBeCloseTo(1 - bp.accuracyFinal, 12);
    expect(bp.history.map((h) => h.phase)).toEqual(['learn', 'learn', 'finetune']);
    const groups = ['dense_1/weight', 'dense_1/activation', 'output/weight'];
    expect(Object.keys(bp.finalBits)).toEqual(groups);
    for (const g of groups) {
      const pts = bp.trajectory.filter((p) => p.group === g);
      expect(pts.map((p) => `${p.epoch}:${p.phase}`)).toEqual(['0:learn', '1:learn', '2:learn', '2:rounded', '3:finetune']);
      expect(pts[0]!.mean).toBe(8);
      const learned = pts[2]!.mean;
      const rounded = pts[3]!.mean;
      // round up: the next integer at or above the learned value, kept through fine-tuning
      expect(Number.isInteger(rounded)).toBe(true);
      expect(rounded).toBe(Math.ceil(learned));
      expect(pts[4]!.mean).toBe(rounded);
      expect(bp.finalBits[g]).toBe(rounded);
    }
    // λ = 2 on mean bits pulls every group far below its start
    expect(bp.summary.meanBits).toBeLessThan(7);
    expect(bp.summary.layers.every((l) => Number.isInteger(l.bits))).toBe(true);
    // run.json holds the whole section and survives JSON
    expect(JSON.parse(JSON.stringify(record)).config.bitPruning.target).toBe('bits');
    model!.dispose();
  });

  it('is deterministic for a seed', async () => {
    const a = await runBitPruningConfig({ ...config(), bitPruning: config().bitPruning! }, blobs(200, 100, 5));
    const b = await runBitPruningConfig({ ...config(), bitPruning: config().bitPruning! }, blobs(200, 100, 5));
    expect(b.record.trajectory).toEqual(a.record.trajectory);
    expect(b.epochs.map((e) => e.trainLoss)).toEqual(a.epochs.map((e) => e.trainLoss));
    for (const r of [a, b]) {
      r.model.dispose();
      r.bank.dispose();
    }
  });

  it('leaves no tensors behind once the model and bank are disposed', async () => {
    const before = tf.memory().numTensors;
    const cfg = config({ target: 'energy', granularity: 'channel', schedule: { learnEpochs: 1, finetuneEpochs: 1 } }, 2);
    const r = await runBitPruningConfig({ ...cfg, bitPruning: cfg.bitPruning! }, blobs(60, 30, 2));
    expect(Array.isArray(r.record.finalBits['dense_1/weight'])).toBe(true);
    r.model.dispose();
    r.bank.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('buildBitPruningModel', () => {
  it('names layers as buildModel does; conv and dense layers learn bitlengths, the logits stay float', () => {
    const bank = new BitlengthBank({ initBits: 6, minBits: 2, maxBits: 12 });
    const spec = { type: 'cnn' as const, conv: [{ filters: 3, kernelSize: 3, strides: 1, padding: 'same' as const, pool: 2, type: 'conv' as const }], hidden: [5], activation: 'relu', batchNorm: false };
    const m = buildBitPruningModel(spec, { inputShape: [8, 8, 1], numClasses: 4, seed: 1, bank, granularity: 'layer' });
    expect(m.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual(['conv_1:BitConv2D', 'pool_1:MaxPooling2D', 'flatten:Flatten', 'dense_1:BitDense', 'output:BitDense']);
    expect(bank.names()).toEqual(['conv_1', 'dense_1', 'output']);
    m.dispose();
    bank.dispose();
  });

  it('rejects what its layers cannot do', () => {
    const bank = new BitlengthBank();
    const o = { inputShape: [20], numClasses: 3, seed: 1, bank, granularity: 'tensor' as const };
    expect(() => buildBitPruningModel({ type: 'mlp', hidden: [], activation: 'tanh', batchNorm: false }, o)).toThrow(
      new RangeError('buildBitPruningModel: activation must be relu or linear; got "tanh"'));
    const sal = { type: 'cnn' as const, conv: [{ filters: 3, kernelSize: 3, strides: 1, padding: 'same' as const, type: 'sal' as const }], hidden: [], activation: 'relu', batchNorm: false };
    expect(() => buildBitPruningModel(sal, { ...o, inputShape: [8, 8, 1] })).toThrow(new RangeError('buildBitPruningModel: model.conv[0].type must be conv; got "sal"'));
    bank.dispose();
  });
});
