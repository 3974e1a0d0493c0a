import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runTraining } from '../../../src/training/runTraining.js';
import { buildModel } from '../../../src/training/buildModel.js';
import { learnedWidths } from '../../../src/bitpruning/learnedWidths.js';
import type { TrainingEvent } from '../../../src/training/trainingEvents.js';
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

  it('a larger λ gives fewer bits than a smaller one (same seed)', async () => {
    const bits = async (lambda: number) => {
      const { record, model } = await runTraining(config({ lambda }), { data: blobs(200, 100, 5) });
      model!.dispose();
      return record.bitPruning!.summary.meanBits;
    };
    expect(await bits(4)).toBeLessThan(await bits(0.01));
  });

  it('is deterministic for a seed', async () => {
    const run = () => runTraining(config(), { data: blobs(200, 100, 5) });
    const [a, b] = [await run(), await run()];
    expect(b.record.bitPruning!.trajectory).toEqual(a.record.bitPruning!.trajectory);
    expect(b.record.epochs.map((e) => e.trainLoss)).toEqual(a.record.epochs.map((e) => e.trainLoss));
    a.model!.dispose();
    b.model!.dispose();
  });

  it('emits typed events of both phases: learn epochs with the penalty, then fine-tune epochs', async () => {
    const events: TrainingEvent[] = [];
    const { model } = await runTraining(config(), { data: blobs(200, 100, 5), onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'phaseStart').map((e) => e.phase)).toEqual(['learn', 'finetune']);
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
    expect(epochs.map((e) => `${e.phase}:${e.record.epoch}`)).toEqual(['learn:1', 'learn:2', 'finetune:1']);
    expect(epochs[0]!.record.penalty).toBeGreaterThan(0);
    expect(epochs[2]!.record.penalty).toBeUndefined();
    model!.dispose();
  });

  it('regression: BitPruning kept training on a NaN loss; the one loop stops it at once and records why', async () => {
    const events: TrainingEvent[] = [];
    const cfg = validateTrainConfig({ ...JSON.parse(JSON.stringify(config())), optimizer: { type: 'adam', lr: 1e30 } });
    const { record, model } = await runTraining(cfg, { data: blobs(200, 100, 5), onEvent: (e) => events.push(e) });
    expect(record.status).toBe('diverged');
    expect(record.message).toMatch(/^training diverged: .* at epoch 1, batch \d+\/8$/);
    expect(record.divergence!.epoch).toBe(1);
    // nothing ran after the divergence: no further step, no fine-tune phase
    const after = events.slice(events.findIndex((e) => e.type === 'diverged') + 1);
    expect(after).toEqual([]);
    expect(events.some((e) => e.phase === 'finetune')).toBe(false);
    model!.dispose();
  });

  it('leaves no tensors behind once the model is disposed', async () => {
    const before = tf.memory().numTensors;
    const cfg = config({ target: 'energy', granularity: 'channel', schedule: { learnEpochs: 1, finetuneEpochs: 1 } }, 2);
    const { record, model } = await runTraining(cfg, { data: blobs(60, 30, 2) });
    expect(record.status).toBe('ok');
    expect(Array.isArray(record.bitPruning!.finalBits['dense_1/weight'])).toBe(true);
    model!.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('learned widths in buildModel', () => {
  it('the shorthand gives the conv and dense layers learned widths; the logits stay float', () => {
    const cfg = validateTrainConfig({
      model: { type: 'cnn', conv: [{ filters: 3, kernelSize: 3, pool: 2 }], hidden: [5] }, dataset: { name: 'synthetic' }, optimizer: { type: 'adam', lr: 1e-3 },
      epochs: 2, seed: 1, bitPruning: { target: 'bits', lambda: 1, initBits: 6, maxBits: 12, schedule: { learnEpochs: 1, finetuneEpochs: 1 } },
    });
    const m = buildModel(cfg.model, { inputShape: [8, 8, 1], numClasses: 4, seed: 1, policy: cfg.policy });
    expect(m.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual(['conv_1:QConv2D', 'pool_1:MaxPooling2D', 'flatten:Flatten', 'dense_1:QDense', 'output:QDense']);
    expect(learnedWidths(m).map((w) => `${w.group}=${w.quantizer.values()}`)).toEqual(['conv_1/weight=6', 'conv_1/activation=6', 'dense_1/weight=6', 'dense_1/activation=6', 'output/weight=6']);
    m.dispose();
  });
});
