import type { FloatSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatLayout, type FloatLayout } from '../formats/floatLayout.js';
import { overflowValue, roundFloat } from '../formats/minifloat.js';
import { FLAG_O, FLAG_U, FLAG_X } from '../_internal/flags.js';
import { pow2 } from '../_internal/bits.js';
import { modeCode, upFromFraction } from './decideUp.js';

const sf = new Float64Array(1);
const su = new Uint32Array(sf.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Everything `roundFloatFast` needs about one (float format, mode), computed once per array or dot call. */
export interface FloatRounder {
  readonly spec: FloatSpec;
  readonly L: FloatLayout;
  readonly mode: RoundingMode;
  readonly mc: number;
  readonly m: number;
  readonly emin: number;
  /** Quantum exponent below 2^emin: emin − m with subnormals, emin when they are off. */
  readonly qSub: number;
  readonly ftz: boolean;
  readonly maxFinite: number;
  readonly minNormal: number;
  readonly hasNegZero: boolean;
  /** What a finite overflow becomes for a positive / negative result in this mode (`sr` overflows like `raz`). */
  readonly ovfPos: number;
  readonly ovfNeg: number;
  /**
   * Result of the last `roundFloatFast` call: value and flags are left here rather than returned, because a
   * double returned from a call that V8 does not inline is boxed into a fresh heap number (one allocation per
   * element), while a double field is updated in place.
   */
  value: number;
  flags: number;
}

/** Builds the rounder of a float spec and a float rounding mode (not `log`). */
export function floatRounder(spec: FloatSpec, mode: RoundingMode): FloatRounder {
  const L = floatLayout(spec);
  const ovMode = mode === 'sr' ? 'raz' : mode;
  return {
    spec,
    L,
    mode,
    mc: modeCode(mode),
    m: spec.m,
    emin: L.emin,
    qSub: spec.subnormals === 'off' ? L.emin : L.emin - spec.m,
    ftz: spec.subnormals === 'ftz',
    maxFinite: L.maxFinite,
    minNormal: L.minNormal,
    hasNegZero: L.hasNegZero,
    ovfPos: overflowValue(spec, L, false, ovMode),
    ovfNeg: overflowValue(spec, L, true, ovMode),
    value: 0.5, // a double from the start, so that V8 keeps the field a double updated in place
    flags: 0,
  };
}

/**
 * Rounds a double into the rounder's float format exactly as `roundFloat` does (same value, same flags, same use
 * of the draw u), without allocating, and leaves the result in `R.value` and `R.flags`: the magnitude is scaled
 * to its quantum 2^q by a division that is exact (the quotient is a normal double), and the decision is taken
 * on the exact fraction. NaN, ±inf and double subnormal inputs go to `roundFloat` itself.
 */
export function roundFloatFast(R: FloatRounder, x: number, u: number): void {
  if (x === 0) {
    R.flags = 0;
    R.value = R.hasNegZero ? x : 0;
    return;
  }
  const neg = x < 0;
  const a = neg ? -x : x;
  sf[0] = a;
  const be = (su[HI]! >>> 20) & 0x7ff;
  if (be === 0 || be === 0x7ff) {
    slow(R, x, u);
    return;
  }
  const E = be - 1023;
  const below = E < R.emin;
  const q = below ? R.qSub : E - R.m;
  const Q = pow2(q);
  // a·2^−q: a multiplication, cheaper than the division by 2^q and equally exact while 2^−q is finite (q > −1024)
  const r = q > -1024 ? a * pow2(-q) : a / Q;
  const I = Math.floor(r);
  const f = r - I;
  // code parity: I's last bit (I < 2^53, so no int32 tricks, and % on doubles calls fmod: I − 2⌊I/2⌋ is exact
  // and cheap), or with m = 0 the exponent field's (minifloat.ts#isOddCode)
  const odd = R.m > 0 || I === 0 ? I - 2 * Math.floor(I * 0.5) === 1 : ((q + R.L.bias) & 1) === 1;
  const v = (upFromFraction(R.mc, neg, odd, f, u) ? I + 1 : I) * Q;
  let flags = f === 0 ? 0 : FLAG_X;
  if (v > R.maxFinite) {
    R.flags = FLAG_O | FLAG_X;
    R.value = neg ? R.ovfNeg : R.ovfPos;
    return;
  }
  if (below) {
    finishBelow(R, neg, a, E, v, flags, u);
    return;
  }
  R.flags = flags;
  R.value = neg ? -v : v;
}

/** Tininess (after rounding, at p bits with unbounded exponent), flush-to-zero and the sign of zero. */
function finishBelow(R: FloatRounder, neg: boolean, a: number, E: number, v: number, flags: number, u: number): void {
  if (flags !== 0) {
    // below 2^emin the p-bit rounding can only reach 2^emin from the binade just under it
    let tiny = true;
    if (E === R.emin - 1) {
      const Qt = pow2(E - R.m);
      const rt = a / Qt;
      const It = Math.floor(rt);
      const ft = rt - It;
      tiny = (upFromFraction(R.mc, neg, It !== 2 * Math.floor(It * 0.5), ft, u) ? It + 1 : It) * Qt < R.minNormal;
    }
    if (tiny) flags |= FLAG_U;
  }
  if (R.ftz && v !== 0 && v < R.minNormal) {
    v = 0;
    flags |= FLAG_U | FLAG_X;
  }
  R.flags = flags;
  if (v === 0) R.value = neg && R.hasNegZero ? -0 : 0;
  else R.value = neg ? -v : v;
}

function slow(R: FloatRounder, x: number, u: number): void {
  const r = roundFloat(R.spec, x, R.mode, u);
  R.flags = r.flags;
  R.value = r.value;
}
