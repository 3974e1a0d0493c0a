import type { FixedSpec, FloatSpec, FormatSpec } from '../../formats/formatSpec.js';
import { handlerFor } from '../../registry.js';
import { prepare } from '../../quantize.js';
import type { RoundingMode } from '../../rounding/roundingMode.js';
import type { Rng } from '../../random/rng.js';
import { sideRounder } from './sideRounder.js';
import type { DotOrder, DotPlan } from './dotKernel.js';

/**
 * Options of `dot` and `matmul`.
 * @example
 * const fp8AccFp16: DotOptions = { product: parseFormat('float16'), accumulator: parseFormat('float16'), order: 'sequential' };
 * dot([0.1, 0.2], [3, 4], fp8AccFp16)
 */
export interface DotOptions {
  /** Format every product a_i·b_i is rounded into (once, from the exact product). Float or fixed. */
  product: FormatSpec;
  /** Format of the running sums: every addition is exact, then rounded once into it. Float or fixed. */
  accumulator: FormatSpec;
  /**
   * Summation order (default `sequential`):
   * - `sequential`: ((0 + p0) + p1) + … + p(n−1);
   * - `pairwise`: a halving tree, T(range) = T(left ⌊n/2⌋) + T(right), a leaf being a product; n = 1 gives 0 + p0;
   * - `{ blocked: C }`: sequential sums of the chunks p[0..C), p[C..2C), … (each from +0), then the chunk sums
   *   added sequentially from +0; C ≥ n is `sequential`.
   */
  order?: DotOrder;
  /** Rounding mode of every product and every addition (default `rne`). */
  rounding?: RoundingMode;
  /** Seed of the `sr` generator (or pass `rng`). */
  seed?: number;
  /** A generator to draw from under `sr`, shared across calls. */
  rng?: Rng;
}

const KEYS = ['product', 'accumulator', 'order', 'rounding', 'seed', 'rng'];

function side(fn: string, key: string, spec: unknown): FloatSpec | FixedSpec {
  const kind = (spec as FormatSpec | undefined)?.kind;
  if (typeof spec !== 'object' || spec === null || (kind !== 'float' && kind !== 'fixed')) {
    throw new RangeError(`${fn}: options.${key} must be a float or fixed FormatSpec (see parseFormat); got ${JSON.stringify(spec)}`);
  }
  return spec as FloatSpec | FixedSpec;
}

function checkOrder(fn: string, order: unknown): DotOrder {
  if (order === undefined) return 'sequential';
  if (order === 'sequential' || order === 'pairwise') return order;
  if (typeof order === 'object' && order !== null && Object.keys(order).join() === 'blocked') {
    const C = (order as { blocked: unknown }).blocked;
    if (typeof C === 'number' && Number.isSafeInteger(C) && C >= 1) return { blocked: C };
    throw new RangeError(`${fn}: options.order.blocked must be a positive integer chunk size; got ${JSON.stringify(C)}`);
  }
  throw new RangeError(`${fn}: options.order must be 'sequential', 'pairwise' or { blocked: C }; got ${JSON.stringify(order)}`);
}

/** Checks the options at the public boundary and builds the plan (with product scratch of length n). */
export function dotPlan(fn: string, opts: DotOptions, n: number): DotPlan {
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`${fn}: options must be an object with product and accumulator formats; got ${opts}`);
  const unknown = Object.keys(opts).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw new RangeError(`${fn}: unknown option '${unknown[0]}'; allowed: ${KEYS.join(', ')}`);
  const product = side(fn, 'product', opts.product);
  const accumulator = side(fn, 'accumulator', opts.accumulator);
  const order = checkOrder(fn, opts.order);
  const { mode, draw } = prepare(fn, product, { rounding: opts.rounding, seed: opts.seed, rng: opts.rng });
  if (!handlerFor(accumulator).modes.includes(mode)) {
    throw new RangeError(`${fn}: rounding '${mode}' is not available for the accumulator format`);
  }
  return {
    prod: sideRounder(product, mode),
    acc: sideRounder(accumulator, mode),
    order,
    roundDown: mode === 'rdn',
    isSr: mode === 'sr',
    draw,
    products: new Float64Array(n),
  };
}

/** An operand array as a Float64Array (copied unless it is one), checked at the public boundary. */
export function operand(fn: string, name: string, xs: ArrayLike<number>): Float64Array {
  if (xs instanceof Float64Array) return xs;
  if (!(Array.isArray(xs) || ArrayBuffer.isView(xs)) || typeof (xs as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array or typed array of numbers; got ${Object.prototype.toString.call(xs)}`);
  }
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== 'number') throw new TypeError(`${fn}: ${name}[${i}] must be a number; got ${typeof x}`);
    out[i] = x;
  }
  return out;
}
