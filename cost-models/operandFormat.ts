import type { FormatSpec } from '../simulators/formats/formatSpec.js';
import { formatBits } from '../simulators/formats/formatBits.js';
import type { OperandFormat } from './opTrace.js';

/**
 * The cost-relevant view of a number format: its kind and storage width (`formatBits`), plus the exponent and
 * mantissa widths of a float and the exponent span (max − min) of a power-of-two format. Scale factors, rounding
 * and special values do not change the hardware cost and are dropped.
 * @example toOperandFormat(parseFormat('int8')) // { kind: 'int', bits: 8 }
 */
export function toOperandFormat(spec: FormatSpec): OperandFormat {
  switch (spec.kind) {
    case 'float':
      return { kind: 'float', bits: formatBits(spec), e: spec.e, m: spec.m };
    case 'fixed':
    case 'dfixed':
      return { kind: 'int', bits: formatBits(spec) };
    case 'pow2':
      return { kind: 'pow2', bits: formatBits(spec), span: spec.max - spec.min };
    case 'binary':
      return { kind: 'binary', bits: 1 };
    case 'ternary':
      return { kind: 'ternary', bits: 2 };
  }
}

/** IEEE binary32: the format of every role a policy leaves unset. */
export const FLOAT32_OPERAND: OperandFormat = { kind: 'float', bits: 32, e: 8, m: 23 };

/** Short text of an operand format for tables: `fp(e8m23)`, `int8`, `pow2(7)`, `binary`, `ternary`. */
export function operandFormatText(f: OperandFormat): string {
  switch (f.kind) {
    case 'float':
      return `fp(e${f.e}m${f.m})`;
    case 'int':
      return `int${f.bits}`;
    case 'pow2':
      return `pow2(span ${f.span})`;
    default:
      return f.kind;
  }
}
