import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../../src/datasets/_internal/seededRng.js';

describe('seededRng', () => {
  it('is deterministic per seed', () => {
    const a = seededRng(12);
    const b = seededRng(12);
    expect([a.uniform(), a.uniform()]).toEqual([b.uniform(), b.uniform()]);
  });

  it('gives uncorrelated first draws for consecutive seeds (the raw Rng does not)', () => {
    // Arrange
    const n = 8000;
    const u = Array.from({ length: n }, (_, s) => seededRng(s).uniform());
    // Act
    const buckets = new Array<number>(8).fill(0);
    for (const v of u) buckets[Math.floor(v * 8)]!++;
    const chi2 = buckets.reduce((acc, c) => acc + (c - n / 8) ** 2 / (n / 8), 0);
    const mean = u.reduce((a, v) => a + v, 0) / n;
    const variance = u.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    let lag = 0;
    for (let s = 1; s < n; s++) lag += (u[s]! - mean) * (u[s - 1]! - mean);
    const r = lag / (n - 1) / variance;
    // Assert: χ²₇ has a 0.1% quantile of 24.3; |r| of independent draws has σ ≈ 1/√n ≈ 0.011.
    expect(chi2).toBeLessThan(24.3);
    expect(Math.abs(r)).toBeLessThan(0.05);
  });
});
