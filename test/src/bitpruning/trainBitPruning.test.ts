import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BitDense } from '../../../src/bitpruning/bitLayers.js';
import { BitlengthBank } from '../../../src/bitpruning/bitlengthBank.js';
import { trainBitPruning, type TensorSplit, type TrainBitPruningOptions } from '../../../src/bitpruning/trainBitPruning.js';
import { seeded } from '../backend/_compare.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A linearly separable 3-class problem on 8 features. */
function data(n: number, seed: number): TensorSplit {
  const x = seeded(n * 8, seed);
  const w = seeded(8 * 3, 99);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = [0, 1, 2].map((c) => Array.from({ length: 8 }, (_, j) => x[i * 8 + j]! * w[j * 3 + c]!).reduce((a, b) => a + b, 0));
    y[i] = s.indexOf(Math.max(...s));
  }
  return { x: tf.tensor2d(x, [n, 8]), y: tf.tensor1d(y, 'int32') };
}

function mlp(bank: BitlengthBank): tf.Sequential {
  const m = tf.sequential();
  m.add(new BitDense({ name: 'h', units: 16, activation: 'relu', bank, inputShape: [8], seed: 1 }));
  m.add(new BitDense({ name: 'o', units: 3, bank, seed: 2, quantizeOutput: false }));
  return m;
}

const OPTS: TrainBitPruningOptions = { learnEpochs: 3, finetuneEpochs: 2, batchSize: 50, lr: 0.01, bitLr: 0.2, seed: 5 };

describe('trainBitPruning', () => {
  it('learns lower bitlengths under λ, rounds them up, and fine-tunes at those integers', async () => {
    const train = data(300, 1);
    const test = data(200, 2);
    const bank = new BitlengthBank({ initBits: 8 });
    const model = mlp(bank);
    const kernelAt = () => Array.from(model.getWeights()[0]!.dataSync());
    let afterRound: Record<string, number | number[]> | undefined;
    let kernelAtRound: number[] = [];
    const report = await trainBitPruning(model, bank, train, test, {
      ...OPTS, regularizer: { target: 'bits', lambda: 1 },
      onEpoch: (row) => {
        if (row.epoch === 3) kernelAtRound = kernelAt();
        if (row.epoch === 4) afterRound = bank.values();
      },
    });
    // bitlengths fell from 8, and the rounded values are integers that fine-tuning kept
    const learned = report.trajectory.points.filter((p) => p.epoch === 3 && p.phase === 'learn');
    const rounded = report.trajectory.points.filter((p) => p.phase === 'rounded');
    expect(learned.map((p) => p.group)).toEqual(['h/weight', 'h/activation', 'o/weight']);
    expect(learned.every((p) => p.mean < 8)).toBe(true);
    expect(rounded.map((p) => p.mean)).toEqual(learned.map((p) => Math.ceil(p.mean)));
    expect(Object.values(bank.values()).every((v) => Number.isInteger(v))).toBe(true);
    expect(bank.values()).toEqual(afterRound);
    expect(kernelAt()).not.toEqual(kernelAtRound);
    // one trajectory record per group: start, 3 learn epochs, the rounding, 2 fine-tune epochs
    expect(report.trajectory.points).toHaveLength(3 * 7);
    expect(report.history.map((r) => r.phase)).toEqual(['learn', 'learn', 'learn', 'finetune', 'finetune']);
    expect(report.summary.meanBits).toBeLessThan(8);
    expect(report.accuracyFinal).toBeGreaterThan(0.6);
    tf.dispose([train.x, train.y, test.x, test.y]);
    bank.dispose();
  });

  it('a larger λ gives fewer bits than a smaller one (same seed)', async () => {
    const train = data(200, 3);
    const test = data(100, 4);
    const run = async (lambda: number) => {
      const bank = new BitlengthBank({ initBits: 8 });
      const r = await trainBitPruning(mlp(bank), bank, train, test, { ...OPTS, finetuneEpochs: 0, regularizer: { target: 'bits', lambda } });
      bank.dispose();
      return r.summary.meanBits;
    };
    expect(await run(2)).toBeLessThan(await run(0.01));
    tf.dispose([train.x, train.y, test.x, test.y]);
  });

  it('leaks no tensor over a run', async () => {
    const train = data(60, 5);
    const test = data(20, 6);
    const bank = new BitlengthBank();
    const model = mlp(bank);
    const before = tf.memory().numTensors;
    await trainBitPruning(model, bank, train, test, { ...OPTS, learnEpochs: 1, finetuneEpochs: 1, regularizer: { target: 'energy', lambda: 0.1 } });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([train.x, train.y, test.x, test.y]);
    bank.dispose();
  });

  it('rejects bad input', async () => {
    const s = data(10, 7);
    const bank = new BitlengthBank();
    const model = mlp(bank);
    await expect(trainBitPruning(model, bank, s, s, { ...OPTS, learnEpochs: -1 })).rejects.toThrow(
      new RangeError('trainBitPruning: learnEpochs must be an integer ≥ 0; got -1'));
    await expect(trainBitPruning(model, bank, s, s, { ...OPTS, batchSize: 0 })).rejects.toThrow(
      new RangeError('trainBitPruning: batchSize must be an integer ≥ 1; got 0'));
    await expect(trainBitPruning(model, bank, s, s, { ...OPTS, bitLr: 0 })).rejects.toThrow(
      new RangeError('trainBitPruning: bitLr must be a positive finite number; got 0'));
    await expect(trainBitPruning(model, bank, s, s, { ...OPTS, finetuneLr: -1 })).rejects.toThrow(
      new RangeError('trainBitPruning: finetuneLr must be a positive finite number; got -1'));
    await expect(trainBitPruning(model, bank, s, s, { ...OPTS, bitOptimizer: 'rmsprop' as 'sgd' })).rejects.toThrow(
      new RangeError('trainBitPruning: bitOptimizer must be \'adam\' or \'sgd\'; got "rmsprop"'));
    tf.dispose([s.x, s.y]);
    bank.dispose();
  });
});
