import { describe, expect, it } from 'vitest';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { checkBitPruningConfig } from '../../../src/bitpruning/bitPruningConfig.js';

const base = (patch: Record<string, unknown> = {}, bp: Record<string, unknown> = {}) => ({
  model: { type: 'mlp', hidden: [16] },
  dataset: { name: 'synthetic', trainSize: 100, testSize: 50 },
  optimizer: { type: 'adam', lr: 1e-3 },
  epochs: 3,
  batchSize: 20,
  seed: 1,
  bitPruning: { target: 'memory', lambda: 0.5, schedule: { learnEpochs: 2, finetuneEpochs: 1 }, ...bp },
  ...patch,
});

describe('bitPruning section of the train config', () => {
  it('fills in the defaults', () => {
    const c = validateTrainConfig(base());
    expect(c.bitPruning).toEqual({
      granularity: 'tensor', initBits: 8, minBits: 2, maxBits: 16, target: 'memory', lambda: 0.5, energyModel: 'qtools',
      normalize: true, bitLr: 0.05, bitOptimizer: 'adam', schedule: { learnEpochs: 2, round: 'up', finetuneEpochs: 1 },
    });
  });

  it('rejects an unknown key, naming its path', () => {
    expect(() => validateTrainConfig(base({}, { lamda: 1 }))).toThrow(/^config\.bitPruning\.lamda: unknown key; allowed: granularity, initBits, minBits, maxBits, target, lambda, /);
    expect(() => validateTrainConfig(base({}, { schedule: { learnEpochs: 2, finetuneEpochs: 1, roundup: true } }))).toThrow(
      /^config\.bitPruning\.schedule\.roundup: unknown key; allowed: .*round/);
  });

  it('rejects bad values, naming the path', () => {
    expect(() => validateTrainConfig(base({}, { target: 'latency' }))).toThrow(/^config\.bitPruning\.target: .*"bits"\|"ops"\|"memory"\|"energy"/);
    expect(() => validateTrainConfig(base({}, { lambda: -1 }))).toThrow(/^config\.bitPruning\.lambda: Too small/);
    expect(() => validateTrainConfig(base({}, { granularity: 'row' }))).toThrow(/^config\.bitPruning\.granularity: /);
    expect(() => validateTrainConfig(base({}, { schedule: { learnEpochs: 2, finetuneEpochs: 1, round: 'nearest' } }))).toThrow(/^config\.bitPruning\.schedule\.round: /);
    expect(() => validateTrainConfig(base({}, { energyModel: 'tpu' }))).toThrow(/^config\.bitPruning\.energyModel: .*horowitz45nm/);
    expect(() => validateTrainConfig(base({}, { schedule: { learnEpochs: 2 } }))).toThrow(/^config\.bitPruning\.schedule\.finetuneEpochs: /);
  });

  it('rejects combinations trainBitPruning does not run', () => {
    const bad: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
      [{ epochs: 4 }, {}, 'config.epochs: must equal bitPruning.schedule.learnEpochs + finetuneEpochs = 2 + 1 = 3; got 4'],
      [{ optimizer: { type: 'sgd', lr: 0.1 } }, {}, 'config.optimizer.type: bitPruning trains the weights with Adam; got "sgd"'],
      [{ optimizer: { type: 'adam', lr: 0.1, beta1: 0.8 } }, {}, 'config.optimizer.beta1: not used with bitPruning (Adam with default betas, lr only); got 0.8'],
      [{ optimizer: { type: 'adam', lr: 0.1, lrDecay: 0.9 } }, {}, 'config.optimizer.lrDecay: not used with bitPruning; got 0.9'],
      [{ policy: { default: { weight: { format: 'int8' } } } }, {}, 'config.policy: must be empty with bitPruning: the weight and activation bitlengths are learned'],
      [{ model: { type: 'mlp', hidden: [4], activation: 'tanh' } }, {}, 'config.model.activation: must be relu or linear with bitPruning; got "tanh"'],
      [{ model: { type: 'mlp', hidden: [4], batchNorm: true } }, {}, 'config.model.batchNorm: not supported with bitPruning'],
      [{ model: { type: 'cnn', conv: [{ filters: 2, kernelSize: 3, type: 'sal' }] } }, {}, 'config.model.conv[0].type: must be conv with bitPruning; got "sal"'],
      [{ earlyStopping: { patience: 2 } }, {}, 'config.earlyStopping: not supported with bitPruning'],
      [{}, { minBits: 4, maxBits: 4 }, 'config.bitPruning.minBits: must be below maxBits (4); got 4'],
      [{}, { initBits: 20 }, 'config.bitPruning.initBits: must be in [minBits, maxBits] = [2, 16]; got 20'],
    ];
    for (const [patch, bp, msg] of bad) expect(() => validateTrainConfig(base(patch, bp))).toThrow(new RangeError(msg));
  });

  it('checkBitPruningConfig uses the root it is given', () => {
    const c = validateTrainConfig(base());
    expect(() => checkBitPruningConfig({ ...c, bitPruning: c.bitPruning!, epochs: 9 }, 'study.base')).toThrow(/^study\.base\.epochs: must equal/);
  });
});
