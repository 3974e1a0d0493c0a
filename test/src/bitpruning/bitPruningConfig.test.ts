import { describe, expect, it } from 'vitest';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { bitPruningPolicy } from '../../../src/bitpruning/bitPruningConfig.js';

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

const L8 = { format: 'learned(init=8,min=2,max=16,granularity=tensor)' };

describe('bitPruning section of the train config', () => {
  it('fills in the defaults: the shorthand becomes learned(...) roles of the policy', () => {
    const c = validateTrainConfig(base());
    expect(c.bitPruning).toEqual({
      target: 'memory', lambda: 0.5, energyModel: 'qtools', normalize: true, bitLr: 0.05, bitOptimizer: 'adam',
      schedule: { learnEpochs: 2, round: 'up', finetuneEpochs: 1 },
    });
    expect(c.policy.rules).toEqual([
      ...['QDense', 'QbpDense', 'QConv2D', 'ShiftConv2D', 'ShiftAttention2D'].map((type) => ({ match: { type }, roles: { weight: L8, activation: L8 } })),
      { match: { name: 'output' }, roles: { activation: null } },
    ]);
    // a validated config validates again to itself (studies and run.json records re-read it)
    expect(validateTrainConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it('takes learned(...) roles from the policy as they are', () => {
    const policy = { default: { weight: { format: 'learned(init=6,granularity=channel)' }, gradient: { format: 'bfloat16' } } };
    const c = validateTrainConfig(base({ policy }));
    expect(c.policy).toEqual(policy);
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

  it('rejects what the schedule cannot run, and a shorthand that would overwrite the policy', () => {
    const bad: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
      [{ epochs: 4 }, {}, 'config.epochs: must equal bitPruning.schedule.learnEpochs + finetuneEpochs = 2 + 1 = 3; got 4'],
      [{ earlyStopping: { patience: 2 } }, {}, 'config.earlyStopping: not used with bitPruning: its schedule fixes the epochs of each phase'],
      [{}, { minBits: 4, maxBits: 4 }, 'config.bitPruning.minBits: must be below maxBits (4); got 4'],
      [{}, { initBits: 20 }, 'config.bitPruning.initBits: must be in [minBits, maxBits] = [2, 16]; got 20'],
      [{ policy: { default: { weight: { format: 'int8' } } } }, {}, 'config.policy: sets weight or activation formats, which the bitPruning shorthand learns; write learned(...) formats in the policy instead'],
      [{ policy: { default: { weight: { format: 'learned' } } } }, { initBits: 4 }, 'config.bitPruning.initBits: the policy sets learned(...) formats; give init, min, max and granularity there'],
    ];
    for (const [patch, bp, msg] of bad) expect(() => validateTrainConfig(base(patch, bp))).toThrow(new RangeError(msg));
    expect(() => validateTrainConfig(base({ bitPruning: undefined, epochs: 3, policy: { default: { weight: { format: 'learned' } } } }))).toThrow(
      new RangeError('config.policy: learned(...) formats need a bitPruning section (its schedule rounds the widths up)'),
    );
  });

  it('runs on any model and optimizer of the one loop (the old "not supported with bitPruning" checks are gone)', () => {
    for (const patch of [
      { optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, lrDecay: 0.9 } },
      { model: { type: 'mlp', hidden: [4], activation: 'tanh', batchNorm: true, maxoutPieces: 2, dropout: { hidden: 0.1 } } },
      { model: { type: 'cnn', conv: [{ filters: 2, kernelSize: 3, type: 'sal' }] } },
      { dfixed: { updateEvery: 10 }, method: { loss: 'squaredHinge' } },
    ]) expect(validateTrainConfig(base(patch)).bitPruning).toBeDefined();
  });

  it('bitPruningPolicy uses the root it is given', () => {
    const c = validateTrainConfig(base());
    expect(() => bitPruningPolicy({ ...c, bitPruning: c.bitPruning!, epochs: 9 }, 'study.base')).toThrow(/^study\.base\.epochs: must equal/);
  });
});
