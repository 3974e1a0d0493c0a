import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelCost, optimizerState, trainingSetup } from '../../../src/profiler/modelCost.js';
import { readModelFile } from '../../../src/profiler/readModelFile.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { saveModel } from '../../../src/io/saveLoad.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import { blobs } from '../training/_blobs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = {
  model: { type: 'mlp', hidden: [12] },
  dataset: { name: 'synthetic', trainSize: 100, testSize: 50 },
  optimizer: { type: 'adam', lr: 1e-2 },
  epochs: 2,
  batchSize: 25,
  seed: 3,
  backend: 'cpu',
};

/** Trains a config on blobs, saves the model as `lowbit train` does, and reads the model.json back. */
async function trained(json: Record<string, unknown>): Promise<{ file: unknown; policy: PolicySpec; record: Awaited<ReturnType<typeof runTraining>>['record'] }> {
  const config = validateTrainConfig({ ...base, ...json });
  const { record, model } = await runTraining(config, { data: blobs(100, 50, 3) });
  expect(record.status).toBe('ok');
  const dir = join(mkdtempSync(join(tmpdir(), 'lowbit-cost-')), 'model');
  await saveModel(model!, dir, { policy: config.policy, extra: { config } });
  model!.dispose();
  return { file: readModelFile(join(dir, 'model.json')), policy: config.policy, record };
}

const totals = (file: unknown, o: Parameters<typeof modelCost>[1] = {}) => modelCost(file, o).totals;

describe('modelCost: the cost report prices what the trained model holds (issue 12)', () => {
  it('with its own training policy as a what-if, every kind of trained model gives the same totals: float, dfixed, binary method, learned widths', async () => {
    const dfx = { default: { weight: { format: 'dfixed(w=10)' }, bias: { format: 'dfixed(w=10)' }, activation: { format: 'dfixed(w=10)' }, gradient: { format: 'dfixed(w=10)' }, update: { format: 'dfixed(w=12)' } } };
    const runs = [
      await trained({ policy: { default: { weight: { format: 'float32' } } } }),
      await trained({ policy: dfx, dfixed: { updateEvery: 2 } }),
      await trained({ policy: methodPolicy('binaryNet'), model: { type: 'mlp', hidden: [12], batchNorm: true, activation: 'linear' }, method: { inputBits: 8, shiftBatchNorm: true, outputBatchNorm: true } }),
      await trained({ epochs: 2, bitPruning: { target: 'energy', lambda: 1, bitLr: 0.3, schedule: { learnEpochs: 1, finetuneEpochs: 1 } } }),
    ];
    for (const { file, policy } of runs) {
      for (const phase of ['inference', 'training'] as const) {
        const own = modelCost(file, { phase });
        const whatIf = modelCost(file, { phase, policy });
        expect([own.formats, whatIf.formats]).toEqual(['model', 'what-if policy']);
        expect(whatIf.totals).toEqual(own.totals);
      }
    }
    // the binary run reads bytes and multiplies binary weights: far cheaper than float32, and not priced as float32
    const [f32, , bin] = runs.map((r) => totals(r.file).energyPj);
    expect(bin!).toBeLessThan(f32! / 4);
  });

  it('a BitPruning run saves a model that lowbit cost prices at its learned widths: the totals equal those of the widths in run.json', async () => {
    const { file, record } = await trained({ epochs: 2, bitPruning: { target: 'bits', lambda: 3, bitLr: 0.5, schedule: { learnEpochs: 1, finetuneEpochs: 1 } } });
    const bits = record.bitPruning!.finalBits;
    expect(Object.keys(bits)).toEqual(['dense_1/weight', 'dense_1/activation', 'output/weight']);
    expect(Object.values(bits).every((b) => Number.isInteger(b) && (b as number) < 8)).toBe(true);
    // Arrange: the independent price: the same topology with fixed-point formats of those widths
    const fx = (g: string) => ({ format: `fixed(w=${bits[g]},f=0)` });
    const atWidths: PolicySpec = { rules: [
      { match: { name: 'dense_1' }, roles: { weight: fx('dense_1/weight'), activation: fx('dense_1/activation') } },
      { match: { name: 'output' }, roles: { weight: fx('output/weight') } },
    ] };
    for (const phase of ['inference', 'training'] as const) {
      // Act / Assert
      expect(totals(file, { phase })).toEqual(totals(file, { phase, policy: atWidths }));
    }
    expect(totals(file).weightBits).toBeLessThan(totals(file, { policy: { default: { weight: { format: 'float32' } } } }).weightBits);
  });

  it('regression: the model input that training never quantized is priced at its real width, not at a policy default (8.38 against 8.92 µJ)', async () => {
    const { file } = await trained({ policy: { default: { weight: { format: 'int8' }, activation: { format: 'int8' } } } });
    const t = modelCost(file, { policy: { default: { activation: { format: 'int8' } } } });
    const input = t.layers.find((l) => l.className === 'InputLayer')!;
    expect(input.activationBits).toBe(20 * 32);
    // a rule that names the input is an explicit what-if and applies
    const named = modelCost(file, { policy: { rules: [{ match: { type: 'InputLayer' }, roles: { activation: { format: 'int8' } } }] } });
    expect(named.layers.find((l) => l.className === 'InputLayer')!.activationBits).toBe(20 * 8);
  });

  it('takes the training batch size and optimizer state from the saved model, unless given', async () => {
    const { file } = await trained({});
    expect(trainingSetup(file)).toEqual({ batchSize: 25, optimizer: 'adam' });
    expect(totals(file, { phase: 'training' })).toEqual(totals(file, { phase: 'training', batchSize: 25, optimizer: 'adam' }));
    expect(totals(file, { phase: 'training', optimizer: 'sgd' }).energyPj).toBeLessThan(totals(file, { phase: 'training' }).energyPj);
    expect([optimizerState({ type: 'sgd' }), optimizerState({ type: 'sgd', momentum: 0.9 }), optimizerState({ type: 'shiftAdamax' })]).toEqual(['sgd', 'momentum', 'adam']);
    expect(trainingSetup({ modelTopology: {} })).toEqual({});
  });
});
