import type { FormatSpec } from '../formats/formatSpec.js';
import { resultCode, type CodeResult } from '../codec.js';
import type { QuantizeOptions } from '../quantize.js';
import { arith, type ArithOp } from './arith.js';

/**
 * Correctly rounded arithmetic at the code level: operands are bit codes of the format, the result is a code
 * plus the IEEE flags, as Berkeley TestFloat checks a unit (`f16_mulAdd` is `arithCodes('fma', float16, [a, b, c])`).
 *
 * Same semantics as `arith` (which this calls with `{kind:'code'}` operands), and the only faithful way to give a
 * signalling NaN: any operation with an sNaN operand (quiet bit = top mantissa bit clear, IEEE 754-2008 §6.2.1)
 * raises `v` and returns the canonical quiet NaN (sign 0, only the quiet bit set, e.g. float16 0x7e00); fn/fnuz
 * formats return their single NaN code. No payload or sign propagates. `code` is undefined only for a NaN result
 * in a format without NaN codes.
 * @throws RangeError for an unknown op, a wrong operand count, a code out of range, or bad options.
 * @example arithCodes('add', parseFormat('float16'), [0x7c01n, 0x3c00n]) // { code: 0x7e00n, value: NaN, flags: FLAG_V }
 */
export function arithCodes(op: ArithOp, spec: FormatSpec, codes: readonly bigint[], opts?: QuantizeOptions): CodeResult {
  if (!Array.isArray(codes)) throw new TypeError(`arithCodes: codes must be an array of bigints; got ${typeof codes}`);
  const operands = codes.map((code, i) => {
    if (typeof code !== 'bigint') throw new TypeError(`arithCodes: codes[${i}] must be a bigint; got ${typeof code}`);
    return { kind: 'code' as const, format: spec, code };
  });
  const r = arith(op, spec, operands, opts);
  return { code: resultCode(spec, r.value), value: r.value, flags: r.flags };
}
