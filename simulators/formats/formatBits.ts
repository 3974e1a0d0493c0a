import type { FormatSpec } from './formatSpec.js';
import { handlerFor } from '../registry.js';

/**
 * Width in bits of one element's code, from the format's family: 1+e+m for floats, w for fixed and dynamic
 * fixed, 1 + ceil(log2(max−min+2)) for pow2 (sign + exponent index; zero takes one index), 1 for binary, 2 for
 * ternary; a block-scaled format's element width (its scale's share is `FormatFacts.bitsPerElement`, and the cost
 * view's `storageBitsOf`). It never depends on the values.
 * @example formatBits(parseFormat('float8_e4m3fn')) // 8
 */
export function formatBits(spec: FormatSpec): number {
  return handlerFor(spec).bits(spec);
}
