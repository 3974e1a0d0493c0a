import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { formatToString } from '../../simulators/formats/parseFormat.js';
import { handlerFor } from '../../simulators/registry.js';

/**
 * Why float32 tensors cannot hold every value of a format exactly, or `undefined` when they can. Each format
 * family states its own rule (`FormatFamily.float32Limitation`):
 *
 * | kind    | float32 holds every value when                                                      |
 * |---------|-------------------------------------------------------------------------------------|
 * | float   | m ≤ 23, largest finite ≤ float32's, smallest quantum 2^(emin−m) ≥ 2^−149             |
 * | fixed   | significant bits (w−1 signed, w unsigned) ≤ 24, 2^−f ≥ 2^−149, largest magnitude finite |
 * | dfixed  | as fixed with the given (current) f                                                 |
 * | pow2    | −149 ≤ min, max ≤ 127                                                               |
 * | binary, ternary | scale is a float32                                                          |
 * | block-scaled | element and scale formats are float32-exact (see the family modules)             |
 *
 * A signed w-bit code has magnitude at most 2^(w−1) (the most negative code, a power of two), so a 25-bit
 * signed fixed format still fits; an unsigned one needs w ≤ 24. This is AQT's `bits <= 22` assertion made exact.
 * @example float32Limitation(parseFormat('float64')) // 'm = 52 > 23 stored mantissa bits'
 */
export function float32Limitation(spec: FormatSpec): string | undefined {
  return handlerFor(spec).float32Limitation(spec);
}

/**
 * Throws when float32 tensors cannot hold every value of the format exactly (see `float32Limitation`).
 * @throws RangeError `<fn>: format <spec> cannot be held exactly in float32 tensors: <why>`.
 * @example
 * assertFloat32Exact(parseFormat('float64'), 'quantizeTensor') // throws: float32 tensors cannot hold float64 values
 */
export function assertFloat32Exact(spec: FormatSpec, fn: string): void {
  const why = float32Limitation(spec);
  if (why !== undefined) {
    throw new RangeError(`${fn}: format ${formatToString(spec)} cannot be held exactly in float32 tensors: ${why}`);
  }
}
