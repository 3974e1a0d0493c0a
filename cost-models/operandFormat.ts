import type { FormatSpec } from '../simulators/formats/formatSpec.js';
import { handlerFor } from '../simulators/registry.js';
import { storageBitsOf } from '../simulators/formats/operandView.js';
import type { OperandFormat } from './opTrace.js';

/**
 * The cost-relevant view of a number format, as its family module states it (`FormatFamily.operand`): its kind
 * and element width, plus the exponent and mantissa widths of a float, the exponent span (max − min) of a
 * power-of-two format, and for block-scaled formats the block and its scale. Rounding and special values do not
 * change the hardware cost and are dropped.
 * @example toOperandFormat(parseFormat('int8')) // { kind: 'int', bits: 8 }
 */
export function toOperandFormat(spec: FormatSpec): OperandFormat {
  return handlerFor(spec).operand(spec);
}

/** Storage bits per element of an operand: its width plus its share of a block's scale (MXFP4: 4.25). */
export const storageBits = storageBitsOf;

/** IEEE binary32: the format of every role a policy leaves unset. */
export const FLOAT32_OPERAND: OperandFormat = { kind: 'float', bits: 32, e: 8, m: 23 };

/**
 * Short text of an operand format for tables: `fp(e8m23)`, `int8`, `pow2(span 7)`, `binary`, `ternary`; a block
 * format adds `/32·e8m0`-style block and scale text, e.g. `fp(e2m1)/32·pow2(8b)`.
 */
export function operandFormatText(f: OperandFormat): string {
  let s: string;
  switch (f.kind) {
    case 'float':
      s = `fp(e${f.e}m${f.m})`;
      break;
    case 'int':
      s = `int${f.bits}`;
      break;
    case 'pow2':
      s = `pow2(span ${f.span})`;
      break;
    default:
      s = f.kind;
  }
  const b = f.block;
  if (b === undefined) return s;
  const scale = b.scale.kind === 'float' ? `fp(e${b.scale.e}m${b.scale.m})` : b.scale.kind === 'pow2' ? `pow2(${b.scaleBits}b)` : `int${b.scaleBits}`;
  return `${s}/${b.size === 'line' ? 'row' : b.size}·${scale}${b.tensorScale ? '·fp32' : ''}`;
}
