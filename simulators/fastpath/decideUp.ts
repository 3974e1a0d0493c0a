import type { RoundingMode } from '../rounding/roundingMode.js';

/**
 * Rounding modes as small integers, so the hot loops switch on a number instead of comparing strings.
 * `log` has no code: the fast path serves float and fixed formats only, which reject it.
 */
export const MODE_CODES: Readonly<Record<Exclude<RoundingMode, 'log'>, number>> = {
  rne: 0,
  rna: 1,
  rhu: 2,
  rtz: 3,
  raz: 4,
  rup: 5,
  rdn: 6,
  rto: 7,
  sr: 8,
};

/** The mode code of a float/fixed rounding mode (−1 for `log`). */
export function modeCode(mode: RoundingMode): number {
  return mode === 'log' ? -1 : MODE_CODES[mode];
}

/**
 * The rounding decision of `_internal/decide.ts#roundUp`, restated on the exact fraction f = r − I ∈ [0, 1) of a
 * magnitude r scaled to the quantum (I = floor(r)): the two are equal because f < ½, f = ½ and f > ½ are exactly
 * the remainder classes, and `u < f` is the scalar path's stochastic verdict. `iOdd` is the parity of the lower
 * candidate's code (I's last bit, except for float formats with m = 0: see `minifloat.ts#isOddCode`).
 */
export function upFromFraction(mc: number, neg: boolean, iOdd: boolean, f: number, u: number): boolean {
  if (f === 0) return false;
  switch (mc) {
    case 0:
      return f > 0.5 || (f === 0.5 && iOdd);
    case 1:
      return f >= 0.5;
    case 2:
      return f > 0.5 || (f === 0.5 && !neg);
    case 3:
      return false;
    case 4:
      return true;
    case 5:
      return !neg;
    case 6:
      return neg;
    case 7:
      return !iOdd;
    default:
      return u < f;
  }
}
