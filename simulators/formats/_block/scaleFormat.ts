import type { FormatSpec, Pow2Spec } from '../formatSpec.js';
import type { ExactValue } from '../blockOps.js';
import { handlerFor } from '../../registry.js';
import { roundQuotient } from './exactValue.js';
import { floorLog2, pow2 } from '../../_internal/bits.js';

/**
 * The scale of a `scaled(...)` format as stored: a float, fixed or power-of-two format, always positive.
 *
 * | scale format | stored as                                              | bits                  | NaN code      |
 * |--------------|--------------------------------------------------------|-----------------------|---------------|
 * | float        | the float's code                                       | 1 + e + m             | the float's   |
 * | fixed/ufixed | the fixed code                                         | w                     | none          |
 * | pow2(L, H)   | the unsigned exponent index k − L (no sign, no zero)   | ⌈log2(H − L + 2)⌉     | H − L + 1     |
 *
 * `e8m0` is `pow2(min=-127,max=127)`: 8 bits, code k + 127, 0xff = NaN (OCP MX E8M0).
 * A scale is the block's amax over the element's max, rounded up into the scale format (saturating at its largest
 * value), so no element overflows unless a percentile clips: ml_dtypes #298 and CUDA's E8M0 conversion round up,
 * which helps training (arXiv:2506.08027); OCP MX's floor rule is the `mx` family's.
 */
export const E8M0_SCALE: Pow2Spec = { kind: 'pow2', min: -127, max: 127 };

/** Overflow forced to saturate: a scale never becomes inf or wraps. */
export function saturating(spec: FormatSpec): FormatSpec {
  return spec.kind === 'float' || spec.kind === 'fixed' ? { ...spec, overflow: 'saturate' } : spec;
}

/** Storage bits of one scale. */
export function scaleBits(spec: FormatSpec): number {
  return spec.kind === 'pow2' ? Math.ceil(Math.log2(spec.max - spec.min + 2)) : handlerFor(spec).bits(spec);
}

/** The code of a scale value (NaN: the NaN code, or undefined when the format has none). */
export function scaleCode(spec: FormatSpec, s: number): bigint | undefined {
  if (spec.kind === 'pow2') return BigInt(Number.isNaN(s) ? spec.max - spec.min + 1 : floorLog2(s) - spec.min);
  if (Number.isNaN(s) && !(spec.kind === 'float' && spec.specials !== 'none')) return undefined;
  return handlerFor(spec).encode(spec, s);
}

/** The scale value of a code. */
export function scaleValue(spec: FormatSpec, code: bigint): number {
  if (spec.kind === 'pow2') {
    const i = Number(code);
    if (!(i >= 0 && i <= spec.max - spec.min + 1)) throw new RangeError(`decodeBlock: a pow2 scale code is in 0..${spec.max - spec.min + 1}; got ${code}`);
    return i === spec.max - spec.min + 1 ? NaN : pow2(spec.min + i);
  }
  return handlerFor(spec).decode(spec, code);
}

/** The scale for a ratio r = range / element range: r rounded up into the scale format (1 when r is 0). */
export function chooseScale(spec: FormatSpec, r: ExactValue | { num: bigint; den: bigint }, d: number): number {
  const S = saturating(spec);
  const zero = typeof r === 'number' ? r === 0 : r.num === 0n;
  return roundQuotient(handlerFor(S), S, zero ? 1 : r, zero ? 1 : d, 'rup', 0).value;
}
