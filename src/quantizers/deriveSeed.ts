/**
 * A seed derived from a parent seed and a path of names (FNV-1a over the text, 53 bits), so that every random
 * stream of a run (each layer's init, dropout, stochastic rounding per role, shuffling) is fixed by the run seed
 * and independent of the others.
 * @example deriveSeed(42, 'dense_1', 'weight') // same safe integer on every run
 */
export function deriveSeed(seed: number, ...path: Array<string | number>): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`deriveSeed: seed must be a safe integer; got ${seed}`);
  const text = [seed, ...path].join('/');
  // two 32-bit FNV-1a lanes with different offsets, combined into 53 bits
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return (a & 0x1fffff) * 2 ** 32 + b;
}
