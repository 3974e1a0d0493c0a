import type { FormatSpec } from './formats/formatSpec.js';
import { handlerFor } from './registry.js';
import { checkRoundingMode, type RoundingMode } from './rounding/roundingMode.js';
import { Rng } from './random/rng.js';
import { FLAG_O, FLAG_U, FLAG_X } from './_internal/flags.js';
import type { Rounded } from './formats/formatHandler.js';
import type { CounterRng } from './random/counterRng.js';

/**
 * Options of the quantize functions.
 * @example
 * quantize(parseFormat('float8_e4m3fn'), 0.3, { rounding: 'sr', seed: 7 })
 */
export interface QuantizeOptions {
  /** Rounding mode (default `rne`). */
  rounding?: RoundingMode;
  /** Seed of the stochastic-rounding generator (required for `sr` unless `rng` or `u` is given). */
  seed?: number;
  /**
   * A generator to draw from (shared across calls, so successive calls get successive draws). A `CounterRng`
   * lets `quantizeArray` take its draws in batches (WebAssembly SIMD), with the same bits.
   */
  rng?: Rng | CounterRng;
  /** Test hook: the uniform draw u ∈ [0, 1) to use for `sr` (the upper candidate is taken when u < p_hi). */
  u?: number;
}

/**
 * Counts gathered by `quantizeArray` when asked: how many results overflowed, underflowed or were inexact.
 * @example
 * const counts: QuantizeCounts = { count: 0, overflow: 0, underflow: 0, inexact: 0 };
 * quantizeArray(parseFormat('float16'), xs, { counts });
 * counts.inexact
 */
export interface QuantizeCounts {
  count: number;
  overflow: number;
  underflow: number;
  inexact: number;
}

/** Checks the spec, mode and seed at the public boundary and returns a draw function. */
export function prepare(fn: string, spec: FormatSpec, opts: QuantizeOptions | undefined): { mode: RoundingMode; draw: () => number } {
  const mode = checkRoundingMode(fn, 'options.rounding', opts?.rounding ?? 'rne');
  const h = handlerFor(spec);
  if (!h.modes.includes(mode)) {
    throw new RangeError(`${fn}: rounding '${mode}' is not available for ${spec.kind} formats; allowed: ${h.modes.join(', ')}`);
  }
  if (mode !== 'sr') return { mode, draw: () => 0 };
  if (opts?.u !== undefined) {
    const u = opts.u;
    if (!(u >= 0 && u < 1)) throw new RangeError(`${fn}: options.u must be in [0, 1); got ${u}`);
    return { mode, draw: () => u };
  }
  const rng = opts?.rng ?? (opts?.seed !== undefined ? new Rng(opts.seed) : undefined);
  if (!rng) throw new RangeError(`${fn}: rounding 'sr' needs options.seed (an integer) or options.rng; got neither`);
  return { mode, draw: () => rng.uniform() };
}

/**
 * Rounds one double into a format and reports the IEEE flags (see `flagsToString`).
 * @example quantizeWithFlags(parseFormat('float16'), 1e-8) // { value: 0, flags: FLAG_U | FLAG_X }
 */
export function quantizeWithFlags(spec: FormatSpec, x: number, opts?: QuantizeOptions): Rounded {
  if (typeof x !== 'number') throw new TypeError(`quantize: x must be a number; got ${typeof x}`);
  const { mode, draw } = prepare('quantize', spec, opts);
  return handlerFor(spec).round(spec, x, mode, draw());
}

/**
 * Rounds one double into a format once.
 * @example quantize(parseFormat('float8_e4m3fn'), 500) // 448 (saturates)
 */
export function quantize(spec: FormatSpec, x: number, opts?: QuantizeOptions): number {
  return quantizeWithFlags(spec, x, opts).value;
}

/**
 * Rounds the exact rational num/den (BigInt, den ≠ 0) into the format once: no intermediate double.
 * @example quantizeRational(parseFormat('float16'), 1n, 3n).value // 0.333251953125
 */
export function quantizeRational(spec: FormatSpec, num: bigint, den: bigint, opts?: QuantizeOptions): Rounded {
  if (typeof num !== 'bigint' || typeof den !== 'bigint') throw new TypeError('quantizeRational: num and den must be bigints');
  if (den === 0n) throw new RangeError(`quantizeRational: den must be nonzero; got ${num}/0`);
  const { mode, draw } = prepare('quantizeRational', spec, opts);
  const neg = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const h = handlerFor(spec);
  if (n === 0n) return h.round(spec, neg ? -0 : 0, mode, 0);
  return h.roundRational(spec, neg, n, d, mode, draw());
}

/**
 * Rounds every element of an array into the format (into `out` when given, else a new array of the same type),
 * optionally counting overflows, underflows and inexact results. Stochastic rounding draws once per element,
 * in order, from one generator seeded by `options.seed`.
 * @example quantizeArray(parseFormat('int8'), new Float32Array([1.5, 300])) // Float32Array [2, 127]
 */
export function quantizeArray<T extends Float32Array | Float64Array>(
  spec: FormatSpec,
  xs: T,
  opts?: QuantizeOptions & { out?: T; counts?: QuantizeCounts },
): T {
  if (!(xs instanceof Float32Array || xs instanceof Float64Array)) {
    throw new TypeError(`quantizeArray: xs must be a Float32Array or Float64Array; got ${Object.prototype.toString.call(xs)}`);
  }
  const out = opts?.out ?? (new (xs.constructor as new (n: number) => T)(xs.length));
  if (out.length !== xs.length) throw new RangeError(`quantizeArray: options.out has length ${out.length}; expected ${xs.length}`);
  const { mode, draw } = prepare('quantizeArray', spec, opts);
  const counts = opts?.counts;
  const h = handlerFor(spec);
  // the family's array kernel (float and fixed: allocation-free loops; block formats: blocks of K) gives the same
  // values, flags and draws as the scalar loop below
  if (h.quantizeArray?.(spec, xs, out, mode, draw, counts, opts?.rng)) return out;
  for (let i = 0; i < xs.length; i++) {
    const r = h.round(spec, xs[i]!, mode, mode === 'sr' ? draw() : 0);
    out[i] = r.value;
    if (counts) {
      counts.count++;
      if (r.flags & FLAG_O) counts.overflow++;
      if (r.flags & FLAG_U) counts.underflow++;
      if (r.flags & FLAG_X) counts.inexact++;
    }
  }
  return out;
}
