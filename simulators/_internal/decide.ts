import type { RoundingMode } from '../rounding/roundingMode.js';

/** Where the discarded part of a value lies relative to half of one unit in the last place. */
export const enum Rem {
  Zero = 0,
  BelowHalf = 1,
  Half = 2,
  AboveHalf = 3,
}

/**
 * The single rounding decision shared by every format: given the magnitude's integer part I (in units of the
 * quantum), the class of the discarded remainder and the sign, says whether to step to I+1.
 * `srHi` is the stochastic draw's verdict, computed exactly by the caller (u < p_hi).
 */
export function roundUp(mode: RoundingMode, neg: boolean, iOdd: boolean, rem: Rem, srHi: boolean): boolean {
  if (rem === Rem.Zero) return false;
  switch (mode) {
    case 'rne':
      return rem === Rem.AboveHalf || (rem === Rem.Half && iOdd);
    case 'rna':
      return rem !== Rem.BelowHalf;
    case 'rhu':
      // ties toward +inf: on magnitudes that is "away" for positive values and "toward zero" for negative ones
      return rem === Rem.AboveHalf || (rem === Rem.Half && !neg);
    case 'rtz':
      return false;
    case 'raz':
      return true;
    case 'rup':
      return !neg;
    case 'rdn':
      return neg;
    case 'rto':
      return !iOdd;
    case 'sr':
      return srHi;
    case 'log':
      throw new RangeError("rounding mode 'log' applies to pow2 formats only");
  }
}
