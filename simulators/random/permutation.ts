import type { Rng } from './rng.js';

/**
 * A uniform random permutation of 0..n−1 (Fisher–Yates / Durstenfeld shuffle, Knuth TAOCP vol. 2 §3.4.2
 * Algorithm P), drawing j = ⌊u·(i+1)⌋ for i = n−1 … 1 from `rng`. Same generator state, same permutation.
 * @example permutation(5, new Rng(1)) // a shuffle of 0..4, the same every run
 */
export function permutation(n: number, rng: Pick<Rng, 'uniform'>): Uint32Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`permutation: n must be a non-negative integer; got ${n}`);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
