import type { FixedSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { fixedCodeRange, roundFixed } from '../formats/fixedPoint.js';
import { FLAG_O, FLAG_X } from '../_internal/flags.js';
import { pow2 } from '../_internal/bits.js';
import { modeCode, upFromFraction } from './decideUp.js';

/** The fast loop handles |x|·2^f in [2^−1000, 2^31): the scaling is exact there and I & 1 needs no BigInt. */
const R_MAX = 2 ** 31;
const R_MIN = 2 ** -1000;

/** Everything `roundFixedFast` needs about one (fixed format, mode). */
export interface FixedRounder {
  readonly spec: FixedSpec;
  readonly mode: RoundingMode;
  readonly mc: number;
  /** 2^f (Infinity when f > 1023, which sends every nonzero input to the scalar path). */
  readonly scale: number;
  /** 2^−f, the value of one code step. */
  readonly lsb: number;
  readonly lo: number;
  readonly hi: number;
  readonly wrap: boolean;
  readonly signed: boolean;
  /** 2^w, for wrapping. */
  readonly modulus: number;
  /** Result of the last `roundFixedFast` call (left here, not returned: see `FloatRounder.value`). */
  value: number;
  flags: number;
}

/** Builds the rounder of a fixed spec and a fixed rounding mode (not `log`). */
export function fixedRounder(spec: FixedSpec, mode: RoundingMode): FixedRounder {
  const [lo, hi] = fixedCodeRange(spec);
  return {
    spec,
    mode,
    mc: modeCode(mode),
    scale: pow2(spec.f),
    lsb: pow2(-spec.f),
    lo,
    hi,
    wrap: spec.overflow === 'wrap',
    signed: spec.signed,
    modulus: 2 ** spec.w,
    value: 0.5, // a double from the start, so that V8 keeps the field a double updated in place
    flags: 0,
  };
}

/**
 * Rounds a double into the rounder's fixed format exactly as `roundFixed` does, without allocating: r = |x|·2^f
 * is exact in the handled range, the decision is taken on its fraction, and an out-of-range code is clamped or
 * reduced modulo 2^w in exact double arithmetic (|code| ≤ 2^31). Everything else (NaN, ±inf, huge or
 * vanishing r) goes to `roundFixed`. The result is left in `R.value` and `R.flags`.
 */
export function roundFixedFast(R: FixedRounder, x: number, u: number): void {
  const neg = x < 0;
  const a = neg ? -x : x;
  const r = a * R.scale;
  if (r < R_MAX && r >= R_MIN) {
    const I = Math.floor(r);
    const f = r - I;
    // I < 2^31 here, so its last bit is an int32 operation (% on doubles calls fmod, far slower)
    const n = upFromFraction(R.mc, neg, (I & 1) === 1, f, u) ? I + 1 : I;
    let code = neg ? -n : n;
    let flags = f === 0 ? 0 : FLAG_X;
    if (code < R.lo || code > R.hi) {
      flags |= FLAG_O;
      code = R.wrap ? wrapCode(R, code) : code < R.lo ? R.lo : R.hi;
    }
    R.flags = flags;
    R.value = code === 0 ? 0 : code * R.lsb;
    return;
  }
  if (x === 0) {
    R.flags = 0;
    R.value = 0;
    return;
  }
  const res = roundFixed(R.spec, x, R.mode, u);
  R.flags = res.flags;
  R.value = res.value;
}

/** code mod 2^w in [0, 2^w), then into the signed range: exact because |code| ≤ 2^31 and 2^w is a power of two. */
function wrapCode(R: FixedRounder, code: number): number {
  const M = R.modulus;
  let c = code - Math.floor(code / M) * M;
  if (R.signed && c >= M / 2) c -= M;
  return c;
}
