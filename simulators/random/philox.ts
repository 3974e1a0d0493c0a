/** Philox4x32's multipliers and Weyl key increments (Salmon et al. 2011, Random123). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (exact: four 16-bit partial products). */
function mulhi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const lo = aL * bL;
  const mid1 = aH * bL;
  const mid2 = aL * bH;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aH * bH + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3" (SC 2011): a 10-round bijection of the 128-bit counter (c0..c3) under the 64-bit key (k0, k1); the four
 * output words are written to out[0..3]. It passes TestU01's BigCrush, and any block can be computed on its own,
 * which is what lets stochastic rounding draw its random bits in batches (and in SIMD lanes) with the same bits
 * as a one-at-a-time draw. Known-answer vectors of Random123 are checked in the tests.
 * @example const w = new Uint32Array(4); philox4x32(0, 0, 0, 0, 0, 0, w) // w = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let a = k0 >>> 0;
  let b = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ a) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ b) >>> 0;
    x3 = lo0;
    a = (a + W0) >>> 0;
    b = (b + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}
