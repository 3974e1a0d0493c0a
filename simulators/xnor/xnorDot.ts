import { popcount32 } from './popcount32.js';
import { signWords } from './packSigns.js';

/**
 * Dot product of two packed ±1 vectors of length n: n − 2·popcount(a xor b), i.e. (#agreeing − #differing)
 * signs, which equals 2·popcount(xnor(a, b)) − n (BinaryNet, Courbariaux et al. 2016, `binary_kernels.cu`:
 * C = 32·words − 2·Σ popc(a ^ b)). Only the first ⌈n/32⌉ words are read, and bits past n are masked, so the
 * result equals the float dot of the ±1 vectors exactly whatever the padding.
 * @throws TypeError/RangeError when a or b is not a Uint32Array of at least ⌈n/32⌉ words, or n is not an integer ≥ 0.
 * @example xnorDot(packSigns([1, -1, 1]), packSigns([1, 1, 1]), 3) // 1
 */
export function xnorDot(a: Uint32Array, b: Uint32Array, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`xnorDot: n must be an integer ≥ 0; got ${n}`);
  const W = signWords(n);
  for (const [name, v] of [['a', a], ['b', b]] as const) {
    if (!(v instanceof Uint32Array)) throw new TypeError(`xnorDot: ${name} must be a Uint32Array (see packSigns); got ${Object.prototype.toString.call(v)}`);
    if (v.length < W) throw new RangeError(`xnorDot: ${name} must hold ⌈n/32⌉ = ${W} words for n = ${n}; got ${v.length}`);
  }
  return n - 2 * xorPopcount(a, 0, b, 0, n);
}

/** popcount(a xor b) over n bits of a from word aOff and b from word bOff, the bits past n masked off. */
export function xorPopcount(a: Uint32Array, aOff: number, b: Uint32Array, bOff: number, n: number): number {
  const full = n >>> 5;
  let c = 0;
  for (let w = 0; w < full; w++) c += popcount32(a[aOff + w]! ^ b[bOff + w]!);
  const rem = n & 31;
  if (rem) c += popcount32((a[aOff + full]! ^ b[bOff + full]!) & ((1 << rem) - 1));
  return c;
}
