import { describe, expect, it } from 'vitest';
import { permutation } from '../../../simulators/random/permutation.js';
import { Rng } from '../../../simulators/random/rng.js';

describe('permutation', () => {
  it('is a permutation of 0..n−1, the same for the same generator state, different for another seed', () => {
    const a = permutation(1000, new Rng(3));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, new Rng(3))).toEqual(a);
    expect(permutation(1000, new Rng(4))).not.toEqual(a);
  });

  it('puts every element in every position about equally often (Fisher–Yates is uniform)', () => {
    // 3! = 6 orders, 60,000 draws: each order 10,000 ± 4σ (σ ≈ 91)
    const rng = new Rng(7);
    const counts = new Map<string, number>();
    for (let k = 0; k < 60_000; k++) {
      const key = permutation(3, rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(4 * 91);
  });

  it('rejects a bad n', () => {
    expect(() => permutation(-1, new Rng(1))).toThrow('permutation: n must be a non-negative integer; got -1');
    expect(() => permutation(2.5, new Rng(1))).toThrow('permutation: n must be a non-negative integer; got 2.5');
  });
});
