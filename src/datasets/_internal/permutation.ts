import { seededRng } from './seededRng.js';

/**
 * A seeded uniform random permutation of 0..n−1 (Fisher–Yates / Durstenfeld shuffle, Knuth TAOCP vol. 2
 * §3.4.2 Algorithm P), drawing j = ⌊u·(i+1)⌋ from lowbit's xoroshiro128+ `Rng` (seed hashed by `seededRng`).
 * Same seed, same permutation.
 */
export function seededPermutation(n: number, seed: number): Int32Array {
  const rng = seededRng(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Copies the examples `indices` (in that order) out of flat pixel/label arrays into a new split. */
export function gather(x: ArrayLike<number>, y: ArrayLike<number>, indices: ArrayLike<number>, pixels: number,
  scale = 1): { x: Float32Array; y: Uint8Array; n: number } {
  const n = indices.length;
  const outX = new Float32Array(n * pixels);
  const outY = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    const src = i * pixels;
    const dst = k * pixels;
    for (let p = 0; p < pixels; p++) outX[dst + p] = x[src + p]! * scale;
    outY[k] = y[i]!;
  }
  return { x: outX, y: outY, n };
}
