import type { FixedSpec } from '../formats/formatSpec.js';
import { roundFixedFast, type FixedRounder } from './fixedRounder.js';
import { bitsOf, chunkScratch, cutBias, signedBias, tallyFlags, type ChunkScratch, type FastCounts, type SignedBias } from './bitKernel.js';
import { CHUNK } from './fastCounts.js';
import { pow2 } from '../_internal/bits.js';

/**
 * True when rounding a float32 into the fixed format can be done on float32 bits: the step 2^−f is a normal
 * float32 and the largest magnitudes hi·2^−f, −lo·2^−f are float32 values (codes of at most 24 significant bits).
 */
export function fitsFixed32Bits(spec: FixedSpec): boolean {
  return spec.f >= -126 && spec.f <= 126 && spec.w - spec.f <= 126 && spec.w <= (spec.signed ? 25 : 24);
}

interface Params {
  R: FixedRounder;
  /** 150 − f: the bits cut are sh0 − biased exponent, so that one step is 2^cut units of x's significand. */
  sh0: number;
  /** Per biased exponent: mask of the bits cut (0 when none), the shift to the kept lsb, the rto bit. */
  mask: Int32Array;
  shift: Int32Array;
  rto: Int32Array;
  /** Per biased exponent × sign (index 2·be + sign): the increment of the mode. */
  bias: Int32Array;
  lsbAdd: number;
  b: SignedBias;
  /** Bits of one step 2^−f (the smallest nonzero magnitude). */
  minA: number;
  /** Bits of the largest magnitude of each sign (hi·2^−f, −lo·2^−f; 0 for negatives when unsigned). */
  limP: number;
  limN: number;
  clampP: number;
  clampN: number;
  isSr: boolean;
  c: FastCounts;
  t: ChunkScratch;
}

/**
 * Rounds a Float32Array into a fixed format that `fitsFixed32Bits`, on the bits (the dispatcher sends only `sr`
 * and `rto` here; the other modes go to `quantizeFixedMagic`, which was measured faster). For |x| ≥ 2^−f the step is 2^sh
 * units of x's significand, sh = 23 − E − f, and the rounding is (A + bias) & ~(2^sh − 1) with the increment of
 * `signedBias` at that cut (tabulated per exponent and sign). Magnitudes past the largest code of their sign
 * overflow: saturation writes the clamp value. Everything else (|x| < 2^−f: 0 or one step; wrapping overflow;
 * NaN → 0; ±inf → clamp with `o`; float32 subnormals) is deferred to a second loop over the chunk, with each
 * element's draw. Counts add into `c`.
 */
export function quantizeFixed32Bits(R: FixedRounder, xs: Float32Array, out: Float32Array, draw: () => number, isSr: boolean, c: FastCounts): void {
  const n = xs.length;
  const xb = new Uint32Array(xs.buffer, xs.byteOffset, n);
  const ob = new Uint32Array(out.buffer, out.byteOffset, n);
  const lsb = pow2(-R.spec.f);
  const sh0 = 150 - R.spec.f;
  const P: Params = {
    R,
    sh0,
    ...cutTables(R.mc, sh0),
    lsbAdd: R.mc === 0 ? 1 : 0,
    b: signedBias(R.mc),
    minA: bitsOf(lsb),
    limP: bitsOf(R.hi * lsb),
    limN: R.lo === 0 ? 0 : bitsOf(-R.lo * lsb),
    clampP: bitsOf(R.hi * lsb),
    clampN: bitsOf(R.lo * lsb),
    isSr,
    c,
    t: chunkScratch(),
  };
  for (let lo = 0; lo < n; lo += CHUNK) {
    const hi = Math.min(n, lo + CHUNK);
    if (isSr) for (let i = lo; i < hi; i++) P.t.u[i - lo] = draw();
    const np = fixedChunk(P, xb, ob, lo, hi);
    if (np > 0) deferredPass(P, xs, out, xb, ob, lo, np);
  }
}

/** Cut tables per biased exponent 0..255 (only exponents with a cut of 0..23 bits reach the main loop). */
function cutTables(mc: number, sh0: number): { mask: Int32Array; shift: Int32Array; rto: Int32Array; bias: Int32Array } {
  const mask = new Int32Array(256);
  const shift = new Int32Array(256).fill(31);
  const rto = new Int32Array(256);
  const bias = new Int32Array(512);
  for (let be = 0; be < 256; be++) {
    const sh = sh0 - be;
    if (sh <= 0 || sh > 23) continue;
    const cb = cutBias(mc, sh);
    mask[be] = (1 << sh) - 1;
    shift[be] = sh;
    rto[be] = cb.rtoBit;
    bias[2 * be] = cb.biasP;
    bias[2 * be + 1] = cb.biasN;
  }
  return { mask, shift, rto, bias };
}

/** The main loop for any mode (rto and sr included). */
function fixedChunk(P: Params, xb: Uint32Array, ob: Uint32Array, lo: number, hi: number): number {
  const { mask: MASK, shift: SHIFT, rto: RTO, bias: BIAS, lsbAdd, minA, limP, isSr } = P;
  const limX = limP ^ P.limN;
  const wrap = P.R.wrap;
  const U = P.t.u;
  const idx = P.t.idx;
  let np = 0;
  let nO = 0;
  let nX = 0;
  for (let i = lo; i < hi; i++) {
    const b = xb[i]!;
    const A = b & 0x7fffffff;
    if (A >= minA && A < 0x7f800000) {
      const sg = b >>> 31;
      const be = A >>> 23;
      const mask = MASK[be]!;
      const low = A & mask;
      const bias = isSr ? mask - Math.floor(U[i - lo]! * (mask + 1)) : BIAS[(be << 1) | sg]! + (((A | 0x800000) >>> SHIFT[be]!) & lsbAdd);
      const r = ((A + bias) & ~mask) | (low !== 0 ? RTO[be]! : 0);
      if (r > (limP ^ (limX & -sg))) {
        if (wrap) {
          idx[np++] = i;
          continue;
        }
        nO++;
        ob[i] = sg === 0 ? P.clampP : P.clampN;
      } else {
        ob[i] = r | (b & 0x80000000);
      }
      if (low !== 0) nX++;
    } else if (A === 0) {
      ob[i] = 0;
    } else {
      idx[np++] = i;
    }
  }
  P.c.overflow += nO;
  P.c.inexact += nX;
  return np;
}

/**
 * The deferred elements of a chunk. Below one step (|x| < 2^−f) the result is 0 or one step, decided from the
 * significand M < 2^24 at a cut capped at 26 bits (M is then under half, so only the sign, the mode and u, which
 * is compared with the exact fraction M/2^cut, matter), then range-checked like any result.
 */
function deferredPass(P: Params, xs: Float32Array, out: Float32Array, xb: Uint32Array, ob: Uint32Array, lo: number, np: number): void {
  const { R, sh0, minA, limP, limN, isSr, c } = P;
  const { halfOn, oneP, oneX, selP, selX, rtoOn } = P.b;
  const U = P.t.u;
  const idx = P.t.idx;
  for (let j = 0; j < np; j++) {
    const i = idx[j]!;
    const b = xb[i]!;
    const A = b & 0x7fffffff;
    const u = isSr ? U[i - lo]! : 0;
    if (A >= 0x800000 && A < minA && !R.wrap) {
      const sg = b >>> 31;
      const ms = -sg;
      const shT = sh0 - (A >>> 23);
      const sh = shT < 26 ? shT : 26;
      const mask = (1 << sh) - 1;
      const M = (A & 0x7fffff) | 0x800000;
      let up: number;
      if (isSr) up = u * 2 ** shT < M ? 1 : 0;
      else if (rtoOn !== 0) up = 1;
      else up = (M + ((mask >>> 1) & halfOn) + (oneP ^ (oneX & ms)) + (mask & (selP ^ (selX & ms)))) >>> sh;
      c.inexact++;
      if (up === 0) ob[i] = 0;
      else if (minA > (sg === 0 ? limP : limN)) {
        c.overflow++;
        ob[i] = sg === 0 ? P.clampP : P.clampN;
      } else ob[i] = minA | (b & 0x80000000);
    } else if (A > 0x7f800000) {
      ob[i] = 0;
    } else {
      roundFixedFast(R, xs[i]!, u);
      out[i] = R.value;
      tallyFlags(c, R.flags);
    }
  }
}
