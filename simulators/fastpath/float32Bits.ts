import type { FloatSpec } from '../formats/formatSpec.js';
import { floatLayout } from '../formats/floatLayout.js';
import { roundFloat } from '../formats/minifloat.js';
import { pow2 } from '../_internal/bits.js';
import type { FloatRounder } from './floatRounder.js';
import { bitsOf, chunkScratch, cutBias, signedBias, type ChunkScratch, type FastCounts, type SignedBias } from './bitKernel.js';
import { belowPass } from './float32Below.js';
import { CHUNK } from './fastCounts.js';

const F32_MAX = 3.4028234663852886e38;

/**
 * True when every value of the format is a float32 and its grid lines up with float32's bits: 2 ≤ p ≤ 24,
 * 2^emin ≥ 2^−126 (so below 2^emin only the quantum changes) and the largest finite value is a float32.
 * m = 0 is left to the double loop: its ties go by the exponent field's parity (`minifloat.ts#isOddCode`).
 */
export function fitsFloat32Bits(spec: FloatSpec): boolean {
  const L = floatLayout(spec);
  return spec.m >= 1 && spec.m <= 23 && L.emin >= -126 && L.emin <= L.emax && L.maxFinite <= F32_MAX;
}

/** Loop constants of one call (all int32 except the doubles named so), copied into locals per chunk. */
export interface Float32BitsParams {
  R: FloatRounder;
  /** Bits cut at or above 2^emin: s = 23 − m. */
  s: number;
  /** Increment at cut s for x > 0 and x < 0, the rne lsb switch and the rto bit (see `signedBias`). */
  biasP: number;
  biasN: number;
  lsbAdd: number;
  rtoBit: number;
  /** Bias selectors for the cuts below 2^emin. */
  b: SignedBias;
  /** shBase − biased exponent = bits cut below 2^emin (the quantum there is fixed). */
  shBase: number;
  minN: number;
  maxB: number;
  ovP: number;
  ovN: number;
  infP: number;
  infN: number;
  negZero: number;
  /** ±0 added to a result so that a zero gets the format's sign (−0 where −0 exists, else +0). */
  zeroFix: number;
  /** Quantum below 2^emin, a double. */
  Qs: number;
  /** 2^m: codes below it are subnormal (flushed under ftz). */
  twoM: number;
  ftzOn: number;
  isSr: boolean;
  /** The mode is a pure increment (all but rto and sr): the main loop needs no draw and no odd bit. */
  plain: boolean;
  c: FastCounts;
  t: ChunkScratch;
}

/**
 * Rounds a Float32Array into a float format that `fitsFloat32Bits`, on the bits. For |x| ≥ 2^emin the rounding
 * is (A + bias) & ~mask on the 31 magnitude bits A with s = 23 − m bits cut (bias per mode in `signedBias`);
 * a carry out of the mantissa bumps the exponent, which is rounding with an unbounded exponent, and a result
 * above the largest finite code is an overflow (then the mode's overflow value). Below 2^emin the quantum is
 * fixed (2^(emin−m), or 2^emin when subnormals are off): the significand M (with its implicit bit) is rounded
 * to k quanta with the same bias rule at the larger cut, and tininess reuses the rounding at p bits.
 * Every decision is branch-free where data decide it (random signs and fractions defeat branch prediction);
 * float32 subnormal inputs are deferred to `roundFloat` after the chunk, with the draw they got in order.
 */
export function quantizeFloat32Bits(R: FloatRounder, xs: Float32Array, out: Float32Array, draw: () => number, isSr: boolean, c: FastCounts): void {
  const n = xs.length;
  const xb = new Uint32Array(xs.buffer, xs.byteOffset, n);
  const ob = new Uint32Array(out.buffer, out.byteOffset, n);
  const s = 23 - R.m;
  const P: Float32BitsParams = {
    R,
    s,
    ...cutBias(R.mc, s),
    b: signedBias(R.mc),
    shBase: R.qSub + 150,
    minN: bitsOf(R.minNormal),
    maxB: bitsOf(R.maxFinite),
    ovP: bitsOf(R.ovfPos),
    ovN: bitsOf(R.ovfNeg),
    infP: bitsOf(roundFloat(R.spec, Infinity, R.mode, 0).value),
    infN: bitsOf(roundFloat(R.spec, -Infinity, R.mode, 0).value),
    negZero: R.hasNegZero ? 0x80000000 | 0 : 0,
    zeroFix: R.hasNegZero ? -0 : 0,
    Qs: pow2(R.qSub),
    twoM: R.spec.subnormals === 'off' ? 1 : 1 << R.m,
    ftzOn: R.ftz ? 1 : 0,
    isSr,
    plain: !isSr && R.mode !== 'rto',
    c,
    t: chunkScratch(),
  };
  for (let lo = 0; lo < n; lo += CHUNK) {
    const hi = Math.min(n, lo + CHUNK);
    if (isSr) for (let i = lo; i < hi; i++) P.t.u[i - lo] = draw();
    const np = P.plain ? biasChunk(P, xb, ob, lo, hi) : bitsChunk(P, xb, ob, lo, hi);
    if (np > 0) belowPass(P, xs, out, xb, lo, np);
  }
}

/**
 * One chunk of the main loop for the modes whose rounding is a per-sign increment (rne, rna, rhu, rtz, raz, rup,
 * rdn); returns how many elements it deferred (indices in P.t.idx).
 */
function biasChunk(P: Float32BitsParams, xb: Uint32Array, ob: Uint32Array, lo: number, hi: number): number {
  const { s, minN, maxB, biasP, lsbAdd } = P;
  const idx = P.t.idx;
  const mask = (1 << s) - 1;
  const notMask = ~mask;
  const biasX = biasP ^ P.biasN;
  let np = 0;
  let nO = 0;
  let nX = 0;
  for (let i = lo; i < hi; i++) {
    const b = xb[i]!;
    const A = b & 0x7fffffff;
    if (A >= minN) {
      const sg = b >>> 31;
      // branch-free sign select: the signs of real data are random
      const r = (A + (biasP ^ (biasX & -sg)) + ((A >>> s) & lsbAdd)) & notMask;
      if (r > maxB || A >= 0x7f800000) {
        if (A >= 0x7f800000) {
          ob[i] = A > 0x7f800000 ? 0x7fc00000 : sg === 0 ? P.infP : P.infN;
        } else {
          nO++;
          nX++;
          ob[i] = sg === 0 ? P.ovP : P.ovN;
        }
        continue;
      }
      if ((A & mask) !== 0) nX++;
      ob[i] = r | (b & 0x80000000);
    } else if (A === 0) {
      ob[i] = b === 0 ? 0 : P.negZero;
    } else {
      idx[np++] = i;
    }
  }
  P.c.overflow += nO;
  P.c.inexact += nX;
  return np;
}

/** One chunk of the main loop for any mode (rto and sr included); returns how many elements it deferred. */
function bitsChunk(P: Float32BitsParams, xb: Uint32Array, ob: Uint32Array, lo: number, hi: number): number {
  const { s, minN, maxB, isSr } = P;
  const U = P.t.u;
  const idx = P.t.idx;
  const mask = (1 << s) - 1;
  const notMask = ~mask;
  // the per-sign increments at cut s, selected without a branch (signs of real data are random)
  const biasP = P.biasP;
  const biasX = biasP ^ P.biasN;
  const lsbAdd = P.lsbAdd;
  const rtoBit = P.rtoBit;
  const twoS = mask + 1;
  let np = 0;
  let nO = 0;
  let nX = 0;
  for (let i = lo; i < hi; i++) {
    const b = xb[i]!;
    const A = b & 0x7fffffff;
    const sg = b >>> 31;
    const bias = isSr ? mask - Math.floor(U[i - lo]! * twoS) : biasP ^ (biasX & -sg);
    if (A >= minN) {
      if (A >= 0x7f800000) {
        ob[i] = A > 0x7f800000 ? 0x7fc00000 : sg === 0 ? P.infP : P.infN;
        continue;
      }
      const low = A & mask;
      // round to odd sets the kept lsb when inexact, which can step past the largest finite code (E4M3 448 → 480)
      const r = ((A + bias + ((A >>> s) & lsbAdd)) & notMask) | (low !== 0 ? rtoBit : 0);
      if (r > maxB) {
        nO++;
        nX++;
        ob[i] = sg === 0 ? P.ovP : P.ovN;
        continue;
      }
      if (low !== 0) nX++;
      ob[i] = r | (b & 0x80000000);
    } else if (A === 0) {
      ob[i] = sg === 0 ? 0 : P.negZero;
    } else {
      idx[np++] = i;
    }
  }
  P.c.overflow += nO;
  P.c.inexact += nX;
  return np;
}
