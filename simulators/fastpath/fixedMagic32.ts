import { roundFixedFast, type FixedRounder } from './fixedRounder.js';
import { tallyFlags, type FastCounts } from './bitKernel.js';
import { CHUNK } from './fastCounts.js';

/** 1.5·2^52: adding and subtracting it rounds a double |r| < 2^51 to an integer, ties to even (the FPU's mode). */
const MAGIC = 6755399441055744;

/**
 * True when the fixed kernel on doubles applies to float32 inputs: r = x·2^f is then an exact normal double for
 * every nonzero float32 x (f ≥ −850), codes have at most 25 bits, so every in-range r is far below 2^51.
 */
export function fitsFixedMagic(spec: { w: number; f: number }): boolean {
  return spec.w <= 25 && spec.f >= -850 && spec.f <= 850;
}

interface Params {
  R: FixedRounder;
  c: FastCounts;
}

/**
 * Rounds a Float32Array into a fixed format in the modes that are a plain function of r = x·2^f (all but rto and
 * sr), with no data-dependent branch in the common case: r is exact, and the integer k is
 *
 * | mode | k                                   |
 * |------|-------------------------------------|
 * | rne  | (r + 1.5·2^52) − 1.5·2^52            |
 * | rna  | sign(r)·floor(|r| + ½)               |
 * | rhu  | floor(r + ½)                         |
 * | rtz  | trunc(r)                             |
 * | raz  | sign(r)·ceil(|r|)                    |
 * | rup  | ceil(r)                              |
 * | rdn  | floor(r)                             |
 *
 * (|r| + ½ and r + ½ may round only when |r| < 2^−28, where the floor is 0 either way). The result is inexact
 * when k ≠ r. A k outside the code range, or NaN (from NaN or ±inf inputs), goes to `roundFixedFast`, which
 * also decides overflow and wrapping. Counts add into `c`.
 */
export function quantizeFixedMagic(R: FixedRounder, xs: Float32Array, out: Float32Array, c: FastCounts): void {
  const P: Params = { R, c };
  for (let lo = 0; lo < xs.length; lo += CHUNK) magicChunk(P, xs, out, lo, Math.min(xs.length, lo + CHUNK));
}

function magicChunk(P: Params, xs: Float32Array, out: Float32Array, lo: number, hi: number): void {
  const R = P.R;
  const { scale, lsb, mc } = R;
  const kLo = R.lo;
  const kHi = R.hi;
  let nX = 0;
  for (let i = lo; i < hi; i++) {
    const r = xs[i]! * scale;
    let k: number;
    switch (mc) {
      case 0:
        k = r + MAGIC - MAGIC;
        break;
      case 1:
        k = Math.sign(r) * Math.floor(Math.abs(r) + 0.5);
        break;
      case 2:
        k = Math.floor(r + 0.5);
        break;
      case 3:
        k = Math.trunc(r);
        break;
      case 4:
        k = Math.sign(r) * Math.ceil(Math.abs(r));
        break;
      case 5:
        k = Math.ceil(r);
        break;
      default:
        k = Math.floor(r);
    }
    if (k >= kLo && k <= kHi) {
      if (k !== r) nX++;
      // + 0 turns a −0 code into +0: fixed point has no −0
      out[i] = k * lsb + 0;
    } else {
      roundFixedFast(R, xs[i]!, 0);
      out[i] = R.value;
      tallyFlags(P.c, R.flags);
    }
  }
  P.c.inexact += nX;
}
