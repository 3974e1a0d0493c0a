import type { RationalInput } from '../../../simulators/exactInput.js';

/**
 * Decimal positions kept exactly: digits of weight 10^LOW_EXP .. 10^(HIGH_EXP−1). Every decision any lowbit format
 * makes depends on a value only through (see `decimalToRational`):
 * - its position relative to dyadic boundaries j·2^t with t ≥ −2148 and |j·2^t| < 2^1100: grid points and
 *   midpoints (quanta ≥ 2^−1074: float subnormals of binary64, fixed point f ≤ 1074) and stochastic-rounding
 *   thresholds lo + u·ulp (u a double in [0, 1), so a multiple of 2^−1074, times an ulp ≥ 2^−1074); each such
 *   boundary has at most 2148 digits after the decimal point, so it is a multiple of 10^−2148;
 * - whether it is ≥ 2^1100 (above every float's overflow threshold, about 2^1024, and every fixed range, below
 *   2^1024), and its residue modulo 2^1100 (wrapping fixed point: w ≤ 53, f ≥ −1000, so the code depends on the
 *   value modulo 2^(w−f) ≤ 2^1053).
 */
const LOW_EXP = -2150;
const HIGH_EXP = 1100;
/** Exponents beyond this are as good as infinite here (no input string has 10^15 digits). */
const EXP_LIMIT = 1e15;

/**
 * The exact rational a decimal denotes, reduced in time linear in its length to one that every lowbit format and
 * mode rounds identically (same result, flags and stochastic decisions), whatever the number of digits or the
 * exponent. Digits below 10^−2150 are replaced by a sticky digit 1 at 10^−2151 when any of them is nonzero; digits
 * of weight ≥ 10^1100 (≡ 0 modulo 2^1100) are replaced by 10^1100 when any of them is nonzero. The reduced value
 * lies in the same open interval between consecutive multiples of 10^−2150 as the exact one, and is congruent to it
 * modulo 2^1100 with the same side of 2^1100 (see LOW_EXP/HIGH_EXP for why that decides every rounding).
 *
 * `intDigits`/`fracDigits` are the digit strings before and after the point (either may be empty, not both),
 * `exp10` the decimal exponent. Returns undefined for zero (the caller keeps the sign of a decimal zero).
 * `keepLowDigits` keeps every digit below the window exactly (time then grows faster than linearly with the digit
 * count, as BigInt parsing does): needed only for `log` rounding, whose boundaries √2·2^k are irrational, so
 * that no cut, however fine, keeps every decimal on its side of them.
 * @example decimalToRational(false, '0', '1' + '0'.repeat(5400), 0) // { kind: 'rational', num: 10n ** 2149n, den: 10n ** 2150n }
 */
export function decimalToRational(neg: boolean, intDigits: string, fracDigits: string, exp10: number, keepLowDigits = false): RationalInput | undefined {
  const digits = intDigits + fracDigits;
  const first = digits.search(/[1-9]/);
  if (first < 0) return undefined;
  const e = Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, exp10)) - fracDigits.length; // value = digits · 10^e
  const n = digits.length;
  // digit j has weight 10^(e + n − 1 − j): keep the j with LOW_EXP ≤ weight < HIGH_EXP
  const jHigh = clamp(e + n - HIGH_EXP, first, n);
  const jLow = keepLowDigits ? n : clamp(e + n - LOW_EXP, jHigh, n);
  const high = /[1-9]/.test(digits.slice(first, jHigh));
  const sticky = digits.slice(jLow).search(/[1-9]/) >= 0;
  const kept = digits.slice(jHigh, jLow);
  // value' = kept · 10^wLast (+ 10^(wLast−1) when sticky) (+ 10^HIGH_EXP when high), wLast the last kept weight
  const wLast = e + n - jLow;
  let num = kept === '' ? 0n : BigInt(kept);
  // with nothing kept (every digit high, or every digit low) the scale is free: put it at the window's edge
  let scale = kept === '' ? clamp(wLast, LOW_EXP, HIGH_EXP) : wLast; // value' = num · 10^scale
  if (sticky) {
    num = num * 10n + 1n;
    scale -= 1;
  }
  if (high) num += 10n ** BigInt(HIGH_EXP - scale);
  const sign = neg ? -1n : 1n;
  return scale >= 0
    ? { kind: 'rational', num: sign * num * 10n ** BigInt(scale), den: 1n }
    : { kind: 'rational', num: sign * num, den: 10n ** BigInt(-scale) };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
