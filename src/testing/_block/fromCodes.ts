import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import { handlerFor } from '../../../simulators/registry.js';
import { signalingNaNCode } from '../codes.js';

/** Input codes of a block test line: doubles rounded into the input format (`from`), and its special codes. */

/** The code of x rounded to nearest even into `from` (beyond its range: ±inf, or ±max when it has no inf). */
export function fromCode(from: FloatSpec, x: number): bigint {
  const h = handlerFor(from);
  const v = h.round(from, x, 'rne', 0).value;
  return h.encode(from, Number.isNaN(v) && !floatLayout(from).hasNaN ? Math.sign(x) * floatLayout(from).maxFinite : v);
}

/** The value of an input code. */
export function fromValue(from: FloatSpec, code: bigint): number {
  return handlerFor(from).decode(from, code);
}

/**
 * The finite code `steps` codes away from `code` in magnitude (same sign: floats are sign-magnitude), or `code`
 * itself when that is no finite value of `from` (a near-tie one ulp of the input format off a tie).
 */
export function nudgeCode(from: FloatSpec, code: bigint, steps: number): bigint {
  if (steps === 0) return code;
  const signBit = 1n << BigInt(from.e + from.m);
  const mag = code & (signBit - 1n);
  const m2 = mag + BigInt(steps);
  if (m2 < 0n || m2 >= signBit) return code;
  const c = (code & signBit) | m2;
  const h = handlerFor(from);
  const x = h.decode(from, c);
  return Number.isFinite(x) && h.isValue(from, x) ? c : code;
}

/** The NaN and infinity codes of `from` (quiet NaN, signalling NaN, ±inf), those it has. */
export function specialInputCodes(from: FloatSpec): bigint[] {
  const h = handlerFor(from);
  const L = floatLayout(from);
  const out: bigint[] = [];
  if (L.nanCode !== undefined) out.push(L.nanCode);
  const sn = signalingNaNCode(from);
  if (sn !== undefined) out.push(sn);
  if (L.hasInf) out.push(h.encode(from, Infinity), h.encode(from, -Infinity));
  return out;
}
