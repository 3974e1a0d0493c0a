import { permutation } from '../../../simulators/random/permutation.js';
import { seededRng } from './seededRng.js';

/** A seeded uniform random permutation of 0..n−1: `permutation` over `seededRng(seed)`. Same seed, same permutation. */
export function seededPermutation(n: number, seed: number): Uint32Array {
  return permutation(n, seededRng(seed));
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
