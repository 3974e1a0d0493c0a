import { describe, expect, it } from 'vitest';
import { gather, seededPermutation } from '../../../../src/datasets/_internal/permutation.js';

describe('seededPermutation', () => {
  it('is a permutation of 0..n−1, the same for the same seed and different for another', () => {
    const a = seededPermutation(1000, 3);
    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(seededPermutation(1000, 3)).toEqual(a);
    expect(seededPermutation(1000, 4)).not.toEqual(a);
  });

  it('puts each element first about equally often (uniformity, 4000 seeds, n = 4)', () => {
    const counts = [0, 0, 0, 0];
    for (let s = 0; s < 4000; s++) counts[seededPermutation(4, s)[0]!]!++;
    // Expected 1000 each; σ ≈ √(4000·¼·¾) ≈ 27, so ±150 is over 5σ.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

describe('gather', () => {
  it('copies the chosen rows in order and scales the pixels', () => {
    const out = gather([1, 2, 3, 4, 5, 6], [7, 8, 9], [2, 0], 2, 0.5);
    expect(Array.from(out.x)).toEqual([2.5, 3, 0.5, 1]);
    expect(Array.from(out.y)).toEqual([9, 7]);
    expect(out.n).toBe(2);
  });
});
