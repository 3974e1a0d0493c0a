import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { checkSplit, same } from './_checkSplit.js';

describe("loadDataset({ name: 'synthetic' })", () => {
  it('has the requested sizes and ranges', () => {
    const ds = loadDataset({ name: 'synthetic', trainSize: 300, testSize: 50, seed: 5 });
    checkSplit(ds.train, 300);
    checkSplit(ds.test, 50);
    expect(ds.source).toBe('generated');
  });

  it('is deterministic per seed, and the training set does not depend on testSize', () => {
    const a = loadDataset({ name: 'synthetic', trainSize: 50, testSize: 10, seed: 5 });
    const b = loadDataset({ name: 'synthetic', trainSize: 50, testSize: 30, seed: 5 });
    const c = loadDataset({ name: 'synthetic', trainSize: 50, testSize: 10, seed: 6 });
    expect(same(b.train.x, a.train.x)).toBe(true);
    expect(same(b.test.x.subarray(0, 10 * 784), a.test.x)).toBe(true);
    expect(same(c.train.x, a.train.x)).toBe(false);
  });

  it('is learnable: a nearest-class-mean classifier fit on train scores > 80% on test (chance 10%)', () => {
    // Arrange
    const ds = loadDataset({ name: 'synthetic', trainSize: 1000, testSize: 300, seed: 7 });
    const means = Array.from({ length: 10 }, () => new Float64Array(784));
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < ds.train.n; i++) {
      const y = ds.train.y[i]!;
      counts[y]!++;
      for (let p = 0; p < 784; p++) means[y]![p]! += ds.train.x[i * 784 + p]!;
    }
    means.forEach((m, c) => m.forEach((v, p) => { m[p] = v / Math.max(1, counts[c]!); }));
    // Act
    let correct = 0;
    for (let i = 0; i < ds.test.n; i++) {
      let best = -1;
      let bestD = Infinity;
      means.forEach((m, c) => {
        let d = 0;
        for (let p = 0; p < 784; p++) d += (ds.test.x[i * 784 + p]! - m[p]!) ** 2;
        if (d < bestD) { bestD = d; best = c; }
      });
      if (best === ds.test.y[i]) correct++;
    }
    // Assert
    expect(correct / ds.test.n).toBeGreaterThan(0.8);
  });
});
