import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';

const base = {
  model: { type: 'mlp', hidden: [8] },
  dataset: { name: 'synthetic', trainSize: 10, testSize: 10 },
  optimizer: { type: 'sgd', lr: 0.1 },
  epochs: 1,
  seed: 1,
};
const withPatch = (patch: Record<string, unknown>) => ({ ...base, ...patch });

describe('validateTrainConfig', () => {
  it('accepts the shipped examples', () => {
    for (const name of ['mnist-mlp-float32', 'mnist-mlp-dfixed']) {
      const cfg = validateTrainConfig(JSON.parse(readFileSync(new URL(`../../../experiments/examples/${name}.json`, import.meta.url), 'utf8')));
      expect(cfg.dataset).toMatchObject({ name: 'mnist', trainSize: 8000 });
      expect(cfg.seed).toBe(1);
    }
  });

  it('fills in the defaults', () => {
    const cfg = validateTrainConfig(base);
    expect(cfg.batchSize).toBe(100);
    expect(cfg.policy).toEqual({});
    expect(cfg.optimizer.lrDecay).toBe(1);
    expect(cfg.model).toMatchObject({ activation: 'relu', batchNorm: false, hidden: [8] });
    const d = validateTrainConfig(withPatch({ dfixed: {} }));
    expect(d.dfixed).toEqual({ updateEvery: 100, maxOverflowRate: 1e-4, rangeInitEpochs: 0 });
    const c = validateTrainConfig(withPatch({ model: { type: 'cnn', conv: [{ filters: 4, kernelSize: 3, pool: 2 }] } }));
    expect(c.model).toMatchObject({ type: 'cnn', conv: [{ filters: 4, kernelSize: 3, strides: 1, padding: 'same', pool: 2 }] });
  });

  it.each([
    [{ epochs: 0 }, /^config\.epochs: Too small/],
    [{ extra: 1 }, /^config\.extra: unknown key; allowed: name, model, dataset, policy, optimizer, epochs, batchSize, seed, /],
    [{ model: { type: 'mlp', hiden: [1] } }, /^config\.model\.hiden: unknown key; allowed: type, hidden, activation, /],
    [{ model: { type: 'mlp', hidden: [8, 'x'] } }, /^config\.model\.hidden\[1\]: Invalid input: expected number/],
    [{ model: { type: 'rnn' } }, /^config\.model\.type: Invalid discriminator value/],
    [{ model: { type: 'mlp', activation: 'gelu' } }, /^config\.model\.activation: Invalid option/],
    [{ optimizer: { type: 'sgd', lr: -1 } }, /^config\.optimizer\.lr: Too small/],
    [{ optimizer: { type: 'sgd', lr: 1, beta1: 0.9 } }, /^config\.optimizer: beta1, beta2 and epsilon apply to adam and adamax only$/],
    [{ optimizer: { type: 'adam', lr: 1, momentum: 0.9 } }, /^config\.optimizer\.momentum: applies to sgd only; got type adam$/],
    [{ dataset: { name: 'cifar' } }, /^config\.dataset\.name: Invalid option/],
    [{ dataset: { name: 'mnist', path: '/x' } }, /^config\.dataset: loadDataset: unknown key 'path' in spec for 'mnist'/],
    [{ dataset: { name: 'mnist', trainSize: 20000 } }, /^config\.dataset: loadDataset: spec\.trainSize must be an integer in \[1, 10000\]/],
    [{ policy: { default: { weight: { format: 'nope' } } } }, /^config\.policy\.default\.weight\.format: format "nope"/],
    [{ policy: { rules: [{ match: { name: 'x' }, roles: { update: { format: 'float64' } } }] } }, /^config\.policy\.rules\[0\]\.roles\.update\.format: float64 cannot be held exactly in float32 tensors: m = 52/],
    [{ policy: { default: { weight: { format: 'dfixed(w=26)' } } } }, /^config\.policy\.default\.weight\.format: dfixed\(w=26\) cannot be held exactly/],
    [{ dfixed: { updateEvery: 0 } }, /^config\.dfixed\.updateEvery: Too small/],
    [{ earlyStopping: { patience: 0 } }, /^config\.earlyStopping\.patience: Too small/],
    [{ seed: 1.5 }, /^config\.seed: Invalid input: expected int/],
  ])('rejects %j with the JSON path', (patch, re) => {
    expect(() => validateTrainConfig(withPatch(patch))).toThrow(re);
  });

  it('rejects non-objects and missing fields', () => {
    expect(() => validateTrainConfig(null)).toThrow(/^config: Invalid input: expected object/);
    const { seed: _s, ...noSeed } = base;
    expect(() => validateTrainConfig(noSeed)).toThrow(/^config\.seed: Invalid input: expected number, received undefined/);
  });
});

describe('validateTrainConfig: memory budget (issue 11)', () => {
  it('regression: hidden: [3000000] passed validation and grew to 9.3 GB; it is refused with the figure it needs', () => {
    expect(() => validateTrainConfig(withPatch({ model: { type: 'mlp', hidden: [3_000_000] } }))).toThrow(
      /^config\.model: needs about 5\d\.\d GiB in training \(2,385,000,010 parameters, 3,000,794 values per example × batch 100\); the memory budget is 1\.0 GiB \(raise it with config\.memoryBudgetMiB\)$/,
    );
  });

  it('a model within the budget passes, and memoryBudgetMiB raises the budget', () => {
    const big = withPatch({ model: { type: 'mlp', hidden: [20_000] } }); // 15.9 M parameters ≈ 382 MiB at 24 bytes each
    expect(() => validateTrainConfig({ ...big, memoryBudgetMiB: 256 })).toThrow(/the memory budget is 256\.0 MiB/);
    expect(validateTrainConfig(big).model).toMatchObject({ hidden: [20_000] });
    expect(() => validateTrainConfig({ ...big, memoryBudgetMiB: 0 })).toThrow(/^config\.memoryBudgetMiB: /);
  });

  it('the divergence bound is configurable and checked', () => {
    expect(validateTrainConfig(withPatch({ divergence: {} })).divergence).toEqual({ maxLossRatio: 1e6 });
    expect(() => validateTrainConfig(withPatch({ divergence: { maxLossRatio: 1 } }))).toThrow(/^config\.divergence\.maxLossRatio: Too small/);
  });

  it('early stopping needs a validation split of at least one example (the test set is never used to choose)', () => {
    expect(validateTrainConfig(withPatch({ earlyStopping: { patience: 2 } })).earlyStopping).toEqual({ patience: 2 });
    expect(() => validateTrainConfig(withPatch({ earlyStopping: { patience: 2, validationSize: 0 } }))).toThrow(/^config\.earlyStopping\.validationSize: Too small/);
  });
});
