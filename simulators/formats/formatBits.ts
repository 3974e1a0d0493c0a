import type { FormatSpec } from './formatSpec.js';

/**
 * Storage width in bits of one value of a format: 1+e+m for floats, w for fixed and dynamic fixed,
 * 1 + ceil(log2(max−min+2)) for pow2 (sign + exponent index; zero takes one index), 1 for binary,
 * 2 for ternary. This is what memory and cost models use; it never depends on the values.
 * @example formatBits(parseFormat('float8_e4m3fn')) // 8
 */
export function formatBits(spec: FormatSpec): number {
  switch (spec.kind) {
    case 'float':
      return 1 + spec.e + spec.m;
    case 'fixed':
    case 'dfixed':
      return spec.w;
    case 'pow2':
      return 1 + Math.ceil(Math.log2(spec.max - spec.min + 2));
    case 'binary':
      return 1;
    case 'ternary':
      return 2;
  }
}
