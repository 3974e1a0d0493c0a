import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { formatToString } from '../../simulators/formats/parseFormat.js';

/** float32: 24 significant bits, largest finite 2^127·(2 − 2^−23), smallest subnormal 2^−149 (IEEE 754 binary32). */
const F32_SIG_BITS = 24;
const F32_MIN_EXP = -149;
const F32_MAX = 3.4028234663852886e38;

/**
 * Why float32 tensors cannot hold every value of a format exactly, or `undefined` when they can.
 *
 * | kind    | float32 holds every value when                                                      |
 * |---------|-------------------------------------------------------------------------------------|
 * | float   | m ≤ 23, largest finite ≤ float32's, smallest quantum 2^(emin−m) ≥ 2^−149             |
 * | fixed   | significant bits (w−1 signed, w unsigned) ≤ 24, 2^−f ≥ 2^−149, largest magnitude finite |
 * | dfixed  | as fixed with the given (current) f                                                 |
 * | pow2    | −149 ≤ min, max ≤ 127                                                               |
 * | binary, ternary | scale is a float32                                                          |
 *
 * A signed w-bit code has magnitude at most 2^(w−1) (the most negative code, a power of two), so a 25-bit
 * signed fixed format still fits; an unsigned one needs w ≤ 24. This is AQT's `bits <= 22` assertion made exact.
 * @example float32Limitation(parseFormat('float64')) // 'm = 52 > 23 stored mantissa bits'
 */
export function float32Limitation(spec: FormatSpec): string | undefined {
  switch (spec.kind) {
    case 'float': {
      if (spec.m > F32_SIG_BITS - 1) return `m = ${spec.m} > 23 stored mantissa bits`;
      const L = floatLayout(spec);
      if (L.maxFinite > F32_MAX) return `largest finite value 2^${L.emax}·(2−…) exceeds float32's 3.4028235e38`;
      if (L.emin - spec.m < F32_MIN_EXP) return `smallest quantum 2^${L.emin - spec.m} is below float32's 2^−149`;
      return undefined;
    }
    case 'fixed':
    case 'dfixed': {
      const signed = spec.kind === 'dfixed' || spec.signed;
      const sig = signed ? spec.w - 1 : spec.w;
      if (sig > F32_SIG_BITS) return `${sig} significant bits (w = ${spec.w}${signed ? ', signed' : ''}) > 24`;
      if (-spec.f < F32_MIN_EXP) return `step 2^${-spec.f} is below float32's 2^−149`;
      // exact in doubles: sig ≤ 24 here
      const maxMag = signed ? 2 ** (spec.w - 1 - spec.f) : (2 ** spec.w - 1) * 2 ** -spec.f;
      if (maxMag > F32_MAX) return `largest magnitude ${maxMag} exceeds float32's 3.4028235e38`;
      return undefined;
    }
    case 'pow2':
      if (spec.min < F32_MIN_EXP) return `min = ${spec.min} < −149`;
      if (spec.max > 127) return `max = ${spec.max} > 127`;
      return undefined;
    case 'binary':
    case 'ternary':
      return Math.fround(spec.scale) === spec.scale ? undefined : `scale = ${spec.scale} is not a float32`;
  }
}

/**
 * Throws when float32 tensors cannot hold every value of the format exactly (see `float32Limitation`).
 * @throws RangeError `<fn>: format <spec> cannot be held exactly in float32 tensors: <why>`.
 */
export function assertFloat32Exact(spec: FormatSpec, fn: string): void {
  const why = float32Limitation(spec);
  if (why !== undefined) {
    throw new RangeError(`${fn}: format ${formatToString(spec)} cannot be held exactly in float32 tensors: ${why}`);
  }
}
