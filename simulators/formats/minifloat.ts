import type { FloatSpec } from './formatSpec.js';
import { floatLayout, type FloatLayout } from './floatLayout.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { Rem, roundUp } from '../_internal/decide.js';
import { FLAG_O, FLAG_U, FLAG_V, FLAG_X } from '../_internal/flags.js';
import { DoubleMagnitude, type Magnitude } from '../_internal/magnitude.js';
import { floorLog2, pow2 } from '../_internal/bits.js';

/** A rounded float result: the value as a double (exact) and the IEEE flags raised. */
export interface FloatResult {
  value: number;
  flags: number;
}

/**
 * Rounds a double into a float format, once, in the given mode (the IEEE 754 convertFormat operation).
 *
 * Semantics (test/fixtures/vectors/README.md): overflow is decided after rounding to p bits with an unbounded
 * exponent; `saturate` clamps (also ±inf inputs), `inf` gives ±inf or ±max by mode, `nan` gives NaN where
 * `inf` would give ±inf. Underflow is tininess after rounding, and inexact. `subnormals=off` rounds values
 * below 2^emin within {0, 2^emin}; `ftz` rounds with subnormals and then flushes a subnormal result to a
 * signed zero. Under `sr` the candidates are the two neighbours on the unbounded grid, the upper one with
 * probability (|x|−|lo|)/ulp, decided as `u < p` for the uniform draw `u`; a candidate above the largest finite
 * value becomes the overflow value of the policy.
 * NaN: a NaN number is a quiet NaN (converts silently; raises `v` only into a format without NaN), and a NaN
 * result is the format's canonical quiet NaN. Signalling NaNs exist only as codes: see `quantizeCode`.
 * Not modelled: NaN payloads (every NaN result is the canonical quiet NaN).
 * @example roundFloat(parseFormat('float8_e4m3fn') as FloatSpec, 464, 'rne').value // 448
 */
export function roundFloat(spec: FloatSpec, x: number, mode: RoundingMode, u = 0): FloatResult {
  const L = floatLayout(spec);
  // a NaN number is a quiet NaN: JS engines may quiet or canonicalise NaN bits, so sNaNs live at the code level
  if (Number.isNaN(x)) return { value: NaN, flags: L.hasNaN ? 0 : FLAG_V };
  if (x === Infinity || x === -Infinity) return infinityInput(spec, L, x < 0);
  if (x === 0) return { value: L.hasNegZero ? x : 0, flags: 0 };
  return roundMagnitude(spec, L, x < 0, new DoubleMagnitude(Math.abs(x)), mode, u);
}

function infinityInput(spec: FloatSpec, L: FloatLayout, neg: boolean): FloatResult {
  if (spec.overflow === 'saturate') return { value: neg ? -L.maxFinite : L.maxFinite, flags: 0 };
  if (spec.overflow === 'inf' && L.hasInf) return { value: neg ? -Infinity : Infinity, flags: 0 };
  return { value: NaN, flags: L.hasNaN ? 0 : FLAG_V };
}

/** The value a finite overflow becomes, for a result of the given sign, in the given mode. */
export function overflowValue(spec: FloatSpec, L: FloatLayout, neg: boolean, mode: RoundingMode): number {
  const max = neg ? -L.maxFinite : L.maxFinite;
  if (spec.overflow === 'saturate') return max;
  let toInf: boolean;
  switch (mode) {
    case 'rtz':
    case 'rto':
      toInf = false;
      break;
    case 'rup':
      toInf = !neg;
      break;
    case 'rdn':
      toInf = neg;
      break;
    default:
      toInf = true;
  }
  if (!toInf) return max;
  if (spec.overflow === 'inf' && L.hasInf) return neg ? -Infinity : Infinity;
  return NaN;
}

/**
 * Rounds an exact nonzero magnitude with a sign into the format. Shared by conversions (double or rational
 * input) and correctly rounded arithmetic (exact rational results).
 */
export function roundMagnitude(
  spec: FloatSpec,
  L: FloatLayout,
  neg: boolean,
  mag: Magnitude,
  mode: RoundingMode,
  u: number,
): FloatResult {
  const E = mag.floorLog2();
  const m = spec.m;
  const belowNormal = E < L.emin;
  const q = belowNormal && spec.subnormals === 'off' ? L.emin : Math.max(E, L.emin) - m;
  const s = mag.split(q, u);
  const up = roundUp(mode, neg, isOddCode(spec, L, s.I, q), s.rem, s.srHi);
  let R = (up ? s.I + 1 : s.I) * pow2(q);
  let flags = s.rem === Rem.Zero ? 0 : FLAG_X;
  if (R > L.maxFinite) {
    const v = mode === 'sr' ? overflowValue(spec, L, neg, 'raz') : overflowValue(spec, L, neg, mode);
    return { value: v, flags: FLAG_O | FLAG_X };
  }
  if (belowNormal && flags) {
    // tininess after rounding: round to p bits with an unbounded exponent range and compare with 2^emin. As
    // E < emin, the result reaches 2^emin only from E = emin − 1 with the p-bit significand carrying to 2^p;
    // compared on integers, because 2^(E−m) is below the double range for float64 (E − m < −1074)
    const t = mag.split(E - m, u);
    const tUp = roundUp(mode, neg, t.I % 2 === 1, t.rem, t.srHi);
    const reachesMinNormal = E === L.emin - 1 && tUp && t.I + 1 === 2 ** (m + 1);
    if (!reachesMinNormal) flags |= FLAG_U;
  }
  if (spec.subnormals === 'ftz' && R !== 0 && R < L.minNormal) {
    R = 0;
    flags |= FLAG_U | FLAG_X;
  }
  if (R === 0) return { value: neg && L.hasNegZero ? -0 : 0, flags };
  return { value: neg ? -R : R, flags };
}

/**
 * Parity of the candidate's code, which decides ties under `rne` and `rto`: the mantissa's last bit, or for
 * m = 0 (no stored mantissa) the exponent field's last bit, as ml_dtypes rounds e8m0.
 */
function isOddCode(spec: FloatSpec, L: FloatLayout, I: number, q: number): boolean {
  if (spec.m > 0 || I === 0) return I % 2 === 1;
  return ((q + L.bias) & 1) === 1;
}

/** True when x is a value of the format (NaN counts when the format has a NaN; ±inf when it has infinities). */
export function isFloatValue(spec: FloatSpec, x: number): boolean {
  const L = floatLayout(spec);
  if (Number.isNaN(x)) return L.hasNaN;
  if (!Number.isFinite(x)) return L.hasInf;
  if (x === 0) return L.hasNegZero || !Object.is(x, -0);
  const a = Math.abs(x);
  if (a > L.maxFinite) return false;
  if (a < L.minNormal) {
    if (spec.subnormals !== 'on') return false;
    return Number.isInteger(a / L.minSubnormal);
  }
  return Number.isInteger(a / pow2(floorLog2(a) - spec.m));
}

/**
 * Bit code of a value of the format: sign | exponent field | mantissa field (nbits = 1 + e + m).
 * @throws RangeError when x is not a value of the format (quantize first) or the format cannot encode it.
 */
export function encodeFloat(spec: FloatSpec, x: number): bigint {
  const L = floatLayout(spec);
  if (Number.isNaN(x)) {
    if (L.nanCode === undefined) throw new RangeError(`encode: format has no NaN encoding; got NaN`);
    return L.nanCode;
  }
  if (!isFloatValue(spec, x)) throw new RangeError(`encode: ${x} is not a value of the format; quantize it first`);
  const signBit = x < 0 || (Object.is(x, -0) && L.hasNegZero) ? 1n << BigInt(spec.e + spec.m) : 0n;
  const a = Math.abs(x);
  let field: bigint;
  if (a === Infinity) field = ((1n << BigInt(spec.e)) - 1n) << BigInt(spec.m);
  else if (a < L.minNormal) field = BigInt(a / L.minSubnormal);
  else {
    const E = floorLog2(a);
    const mant = BigInt(a / pow2(E - spec.m)) - (1n << BigInt(spec.m));
    field = (BigInt(E + L.bias) << BigInt(spec.m)) | mant;
  }
  return signBit | field;
}

/**
 * The value of a bit code (0 ≤ code < 2^nbits); the NaN codes decode to NaN.
 * @throws RangeError when the code is out of range.
 */
export function decodeFloat(spec: FloatSpec, code: bigint): number {
  const L = floatLayout(spec);
  if (code < 0n || code >> BigInt(L.nbits) !== 0n) {
    throw new RangeError(`decode: code must be an integer in 0..2^${L.nbits}-1; got ${code}`);
  }
  const m = BigInt(spec.m);
  const sign = code >> BigInt(spec.e + spec.m) === 1n;
  const ef = Number((code >> m) & ((1n << BigInt(spec.e)) - 1n));
  const mf = code & ((1n << m) - 1n);
  const allOnes = 2 ** spec.e - 1;
  if (spec.specials === 'ieee' && ef === allOnes) return mf === 0n ? (sign ? -Infinity : Infinity) : NaN;
  if (spec.specials === 'fn' && ef === allOnes && mf === (1n << m) - 1n) return NaN;
  if (spec.specials === 'fnuz' && sign && ef === 0 && mf === 0n) return NaN;
  const mag = ef === 0 ? Number(mf) * L.minSubnormal : (Number(mf) + 2 ** spec.m) * pow2(ef - L.bias - spec.m);
  return sign ? -mag : mag;
}

/**
 * True when a code of the format is a signalling NaN. The quiet bit is the top mantissa bit (IEEE 754-2008
 * §6.2.1): a NaN code with it clear signals. Only `ieee` formats with m ≥ 2 have sNaNs (with m = 1 the one
 * NaN pattern has the quiet bit set); the single NaN of `fn` (S.11…1.11…1) and `fnuz` (1.00…0.00…0) is quiet.
 * @example isSignalingNaNFloat(parseFormat('float16') as FloatSpec, 0x7c01n) // true (0x7e00 is quiet)
 */
export function isSignalingNaNFloat(spec: FloatSpec, code: bigint): boolean {
  if (spec.specials !== 'ieee' || spec.m < 2) return false;
  const m = BigInt(spec.m);
  const allOnes = (1n << BigInt(spec.e)) - 1n;
  const mf = code & ((1n << m) - 1n);
  return ((code >> m) & allOnes) === allOnes && mf !== 0n && mf >> (m - 1n) === 0n;
}
