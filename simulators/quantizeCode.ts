import type { FormatSpec } from './formats/formatSpec.js';
import { resultCode, type CodeResult } from './codec.js';
import { quantizeInput } from './exactInput.js';
import type { QuantizeOptions } from './quantize.js';

/**
 * Converts a bit code of one format into another, code in and code out: the code-level conversion (IEEE
 * convertFormat) that conformance suites such as Berkeley TestFloat check (`f32_to_f16` is
 * `quantizeCode(float16, float32, code)`).
 *
 * A signalling NaN code (quiet bit = top mantissa bit clear, IEEE 754-2008 §6.2.1) raises `v` and gives the
 * destination's canonical quiet NaN (sign 0, only the quiet bit set); a quiet NaN converts silently to the same.
 * NaN payloads and signs are not propagated. Every other code converts as `quantizeInput` does (±inf into a
 * saturating format gives ±max). `code` of the result is undefined only for a NaN result in a format without NaN
 * codes (e.g. `specials=none`, where a NaN input also raises `v`).
 * @throws RangeError when `code` is out of range for `from`, or for bad options.
 * @example quantizeCode(parseFormat('float16'), parseFormat('float32'), 0x7f800001n) // { code: 0x7e00n, value: NaN, flags: FLAG_V }
 */
export function quantizeCode(spec: FormatSpec, from: FormatSpec, code: bigint, opts?: QuantizeOptions): CodeResult {
  if (typeof code !== 'bigint') throw new TypeError(`quantizeCode: code must be a bigint; got ${typeof code}`);
  const r = quantizeInput(spec, { kind: 'code', format: from, code }, opts);
  return { code: resultCode(spec, r.value), value: r.value, flags: r.flags };
}
