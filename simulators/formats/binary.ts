import type { BinarySpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../_internal/flags.js';
import { uBelow } from '../_internal/magnitude.js';
import { doubleToDyadic } from '../_internal/bits.js';

/** A rounded binary result: ±scale and the flags raised. */
export interface BinaryResult {
  value: number;
  flags: number;
}

/**
 * Binarises a double into `binary(scale=S)` = {−S, +S} (BinaryConnect, Courbariaux et al. 2015 §2.2;
 * BinaryNet, Courbariaux et al. 2016 §1.1).
 *
 * | mode                    | result                                                         |
 * |-------------------------|----------------------------------------------------------------|
 * | every deterministic one | sign: +S when x ≥ 0 (so sign(±0) = +S), else −S                |
 * | sr                      | +S when u < p, p = clip((x/S + 1)/2, 0, 1) (hard sigmoid), else −S |
 *
 * The two values straddle zero, so "nearest" is the sign and there is no grid on which a directed mode (rtz,
 * rup, …) would differ meaningfully: every deterministic mode gives the sign, as BinaryNet's `x ≥ 0 → +1`.
 * Under `sr`, E[q] = S·(2p − 1) = x for |x| ≤ S (Lin et al. 2016 §2.1). p is compared with u exactly.
 * Flags: `x` when the value changed, `o` when |x| > S (outside the range, clipped).
 * Not modelled: NaN is treated as 0 (gives +S) and raises `v`.
 * @example roundBinary({kind:'binary',scale:1}, -0.2, 'rne').value // -1
 */
export function roundBinary(spec: BinarySpec, x: number, mode: RoundingMode, u = 0): BinaryResult {
  const S = spec.scale;
  if (Number.isNaN(x)) return { value: S, flags: FLAG_V };
  let pos: boolean;
  if (mode !== 'sr') pos = x >= 0;
  else if (x >= S) pos = true;
  else if (x <= -S) pos = false;
  else {
    // p = (x + S)/(2S); decide u < p in doubles when clearly apart, exactly otherwise
    const p = (x / S + 1) / 2;
    pos = Math.abs(u - p) > 1e-12 ? u < p : exactUBelowHalfSum(u, x, S);
  }
  return finish(S, pos, Math.abs(x) > S, (pos ? S : -S) !== x);
}

/** Binarises the exact rational ±num/den (num, den > 0). */
export function roundBinaryRational(spec: BinarySpec, neg: boolean, num: bigint, den: bigint, mode: RoundingMode, u: number): BinaryResult {
  const [sn, sd] = rationalOf(spec.scale);
  // compare |x| = num/den with S = sn/sd: c = sign(num·sd − sn·den)
  const lhs = num * sd;
  const rhs = sn * den;
  let pos: boolean;
  if (mode !== 'sr') pos = !neg;
  else if (lhs >= rhs) pos = !neg;
  else {
    // p = (x + S)/(2S) = (±num·sd + sn·den)/(2·sn·den), with 0 < p < 1 here
    pos = uBelow(u, (neg ? -lhs : lhs) + rhs, 2n * rhs);
  }
  const exact = lhs === rhs && !neg === pos;
  return finish(spec.scale, pos, lhs > rhs, !exact);
}

function finish(S: number, pos: boolean, outside: boolean, inexact: boolean): BinaryResult {
  return { value: pos ? S : -S, flags: (outside ? FLAG_O : 0) | (inexact ? FLAG_X : 0) };
}

/** Exactly decides u < (x + S)/(2S) for doubles |x| < S, S > 0. */
function exactUBelowHalfSum(u: number, x: number, S: number): boolean {
  const [xn, xd] = rationalOf(x);
  const [sn, sd] = rationalOf(S);
  // (xn/xd + sn/sd) / (2·sn/sd) = (xn·sd + sn·xd) / (2·sn·xd)
  return uBelow(u, xn * sd + sn * xd, 2n * sn * xd);
}

/** A finite double as an exact signed rational [num, den] with den a power of two. */
export function rationalOf(x: number): [bigint, bigint] {
  const { neg, mant, exp } = doubleToDyadic(x);
  const n = neg ? -mant : mant;
  return exp >= 0 ? [n << BigInt(exp), 1n] : [n, 1n << BigInt(-exp)];
}

/** True when x is ±scale. */
export function isBinaryValue(spec: BinarySpec, x: number): boolean {
  return x === spec.scale || x === -spec.scale;
}

/**
 * Bit code of a value: 1 bit, 1 for +S and 0 for −S (BinaryNet packs x ≥ 0 as 1), so code order is value order.
 * @throws RangeError when x is not ±scale.
 * @example encodeBinary({kind:'binary',scale:1}, -1) // 0n
 */
export function encodeBinary(spec: BinarySpec, x: number): bigint {
  if (!isBinaryValue(spec, x)) throw new RangeError(`encode: ${x} is not a value of binary(scale=${spec.scale}) (±${spec.scale}); quantize it first`);
  return x > 0 ? 1n : 0n;
}

/**
 * The value of a 1-bit code: 0 → −S, 1 → +S.
 * @throws RangeError for any other code.
 */
export function decodeBinary(spec: BinarySpec, code: bigint): number {
  if (code !== 0n && code !== 1n) throw new RangeError(`decode: code must be 0n or 1n for binary formats; got ${String(code)}`);
  return code === 1n ? spec.scale : -spec.scale;
}
