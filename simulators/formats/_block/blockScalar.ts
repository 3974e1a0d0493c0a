import type { FormatSpec } from '../formatSpec.js';
import type { FormatHandler } from '../formatHandler.js';
import type { ArrayKernel } from '../formatFamily.js';
import type { BlockOps, ExactValue } from '../blockOps.js';
import { FLAG_O, FLAG_U, FLAG_X } from '../../_internal/flags.js';

type ScalarOps<S extends FormatSpec> = Pick<FormatHandler<S>, 'round' | 'roundRational' | 'isValue' | 'encode' | 'decode'>;

/**
 * The scalar operations of a block family, defined through its block quantization: a scalar is a block (and a
 * tensor) of one element, so `quantize(spec, x)` is what a one-element tensor quantizes to. A block format has no
 * scalar code (a value is a scale code plus an element code): `encode` and `decode` throw and name the block API.
 * @example blockScalarOps('mx', mxBlock).round(mxfp4, 0.3, 'rne', 0).value // 0.3 as a one-element block
 */
export function blockScalarOps<S extends FormatSpec>(kind: string, ops: BlockOps<S>): ScalarOps<S> {
  const one = (spec: S, v: ExactValue, mode: Parameters<ScalarOps<S>['round']>[2], u: number) => {
    const line = ops.quantizeLines(spec, [[v]], mode, () => u)[0]!;
    return { value: line.values[0]!, flags: line.flags[0]! };
  };
  const noCode = (what: string): never => {
    throw new RangeError(`${what}: ${kind} formats have no scalar code (a value is a scale code and an element code); use quantizeBlocks for codes`);
  };
  return {
    round: (spec, x, mode, u) => one(spec, x, mode, u),
    roundRational: (spec, neg, num, den, mode, u) => one(spec, { num: neg ? -num : num, den }, mode, u),
    isValue: (spec, x) => Number.isNaN(x) || Object.is(one(spec, x, 'rne', 0).value, x),
    encode: () => noCode('encode'),
    decode: () => noCode('decode'),
  };
}

/**
 * The array kernel of a block family: the array is one line (a vector, as a CLI line), cut into blocks by the
 * family's layout. Draws one number per element, in order, under `sr`. Values are written into `out` (a Float32Array
 * holds float32 roundings of the values when they need more bits, as a float32 dequantization does).
 */
export function blockArrayKernel<S extends FormatSpec>(ops: BlockOps<S>): ArrayKernel<S> {
  return (spec, xs, out, mode, draw, counts) => {
    if (!counts && ops.quantizeDoubles) {
      const o = new Float64Array(xs.length);
      ops.quantizeDoubles(spec, [Float64Array.from(xs)], [o], mode, draw);
      out.set(o);
      return true;
    }
    const line = ops.quantizeLines(spec, [Array.from(xs)], mode, draw)[0]!;
    const v = line.values;
    for (let i = 0; i < v.length; i++) out[i] = v[i]!;
    if (counts) {
      counts.count += v.length;
      for (const f of line.flags) {
        if (f & FLAG_O) counts.overflow++;
        if (f & FLAG_U) counts.underflow++;
        if (f & FLAG_X) counts.inexact++;
      }
    }
    return true;
  };
}
