import { roundFloat } from '../formats/minifloat.js';
import { tallyFlags } from './bitKernel.js';
import type { Float32BitsParams } from './float32Bits.js';

/**
 * The elements of a chunk below 2^emin (indices in P.t.idx), in a second tight loop so that the main loop stays
 * small: k quanta of Qs from the significand M at cut sh (capped at 26: beyond it M < half and only the sign,
 * the mode and u matter, and u is compared with the exact fraction); tininess from the rounding at p bits.
 * Float32 subnormal inputs go to `roundFloat`.
 */
export function belowPass(P: Float32BitsParams, xs: Float32Array, out: Float32Array, xb: Uint32Array, lo: number, np: number): void {
  const { s, shBase, minN, twoM, ftzOn, zeroFix, Qs, isSr, R } = P;
  const { halfOn, oneP, oneX, selP, selX, lsbOn, rtoOn } = P.b;
  const U = P.t.u;
  const idx = P.t.idx;
  const mask = (1 << s) - 1;
  const hN = (mask >>> 1) & halfOn;
  const sNZ = s > 0 ? -1 : 0;
  const oneN = oneP & sNZ;
  const oneXN = oneX & sNZ;
  const lsbN = lsbOn & sNZ;
  const rtoBit = s < 23 ? (1 << s) & rtoOn : 0;
  let nU = 0;
  let nX = 0;
  for (let j = 0; j < np; j++) {
    const i = idx[j]!;
    const u = isSr ? U[i - lo]! : 0;
    const b = xb[i]! | 0;
    const A = b & 0x7fffffff;
    if (A < 0x800000) {
      const r = roundFloat(R.spec, xs[i]!, R.mode, u);
      out[i] = r.value;
      tallyFlags(P.c, r.flags);
      continue;
    }
    const sg = b >>> 31;
    const ms = -sg;
    const M = (A & 0x7fffff) | 0x800000;
    const shT = shBase - (A >>> 23);
    const sh = shT < 26 ? shT : 26;
    const mk = (1 << sh) - 1;
    const lowK = M & mk;
    const inexact = (lowK + mk) >>> sh;
    let k: number;
    if (isSr) k = (M >>> sh) + (u * 2 ** shT < lowK ? 1 : 0);
    else if (rtoOn !== 0) k = (M >>> sh) | inexact;
    else k = (M + ((mk >>> 1) & halfOn) + (oneP ^ (oneX & ms)) + (mk & (selP ^ (selX & ms))) + ((M >>> sh) & lsbOn)) >>> sh;
    // tininess after rounding: the p-bit rounding of A (same mode and draw) stays below 2^emin
    const biasP = isSr
      ? mask - Math.floor(u * (mask + 1))
      : hN + (oneN ^ (oneXN & ms)) + (mask & (selP ^ (selX & ms))) + ((A >>> s) & lsbN);
    const T = ((A + biasP) & ~mask) | ((A & mask) !== 0 ? rtoBit : 0);
    const tiny = inexact & ((T - minN) >>> 31);
    // flush to zero (ftz): a nonzero result below 2^emin becomes zero with flags u and x
    const fl = ftzOn & (((k - 1) >>> 31) ^ 1) & ((k - twoM) >>> 31);
    k &= fl - 1;
    nU += tiny | fl;
    nX += inexact | fl;
    out[i] = k * Qs * (1 - 2 * sg) + zeroFix;
  }
  P.c.underflow += nU;
  P.c.inexact += nX;
}
