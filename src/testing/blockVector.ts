import fc from 'fast-check';
import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { Rng } from '../../simulators/random/rng.js';
import { pow2 } from '../../simulators/_internal/bits.js';
import { blockTestOp, type BlockTestOp } from './blockTestOp.js';
import { elementTargets } from './_block/elementTargets.js';
import { familyPlans } from './_block/familyPlans.js';
import { fromCode, fromValue, specialInputCodes } from './_block/fromCodes.js';
import { planLine } from './_block/planLine.js';

/**
 * Options of `blockVector`.
 * @example
 * const opts: BlockVectorOptions = { from: 'float32', specials: false };
 */
export interface BlockVectorOptions {
  /** The input format (its codes are what the arbitrary gives): a float format such as float32 or float64. */
  from: string | FormatSpec;
  /** Include NaN and infinity inputs (default true). */
  specials?: boolean;
}

/**
 * A fast-check arbitrary of input vectors for a block format, as codes of `from` (BigInt): three draws in four are
 * free vectors (up to three blocks, magnitudes around a common binary exponent within the family's scale range,
 * signed zeros, and with `specials` a NaN or an infinity now and then), which shrink toward shorter vectors of
 * equal magnitudes; one in four is a planned vector of `lowbit testgen` (a block scale on an edge of its rule,
 * elements on ties, near-ties, subnormals and saturation), which shrinks only by trying other plans.
 * @throws RangeError for a spec that is not a block format or a `from` that is not a float format.
 * @example fc.assert(fc.property(blockVector('mxfp4_e2m1', { from: 'float32' }), (xs) => xs.length > 0))
 */
export function blockVector(spec: string | FormatSpec, options: BlockVectorOptions): fc.Arbitrary<bigint[]> {
  if (options === null || typeof options !== 'object') throw new TypeError(`blockVector: options must be an object with from; got ${String(options)}`);
  const bt = blockTestOp('convert', spec, options.from);
  return blockVectorOf(bt, options.specials ?? true);
}

/** `blockVector` for a compiled block conversion. */
export function blockVectorOf(bt: BlockTestOp, specials: boolean): fc.Arbitrary<bigint[]> {
  const fam = familyPlans(bt, 1, new Rng(1));
  const L = floatLayout(bt.from);
  const lo = Math.max(fam.range[0], L.emin - L.p);
  const hi = Math.min(fam.range[1], L.emax);
  const special = specials ? specialInputCodes(bt.from) : [];
  const element = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.boolean(), fc.nat(fam.elemP + 4), fc.integer({ min: 0, max: 2 ** 20 - 1 })).map(([neg, d, m]) => ({ neg, d, m })) },
    { weight: 1, arbitrary: fc.boolean().map((neg) => ({ neg, zero: true as const })) },
    ...(special.length ? [{ weight: 1, arbitrary: fc.constantFrom(...special).map((code) => ({ code })) }] : []),
  );
  const maxLength = Math.min(3 * (bt.K ?? 16), 96);
  const free = fc
    .tuple(fc.integer({ min: lo, max: hi }), fc.array(element, { minLength: 1, maxLength }))
    .map(([c, es]) =>
      es.map((e) => {
        if ('code' in e) return e.code;
        if ('zero' in e) return fromCode(bt.from, e.neg ? -0 : 0);
        const x = pow2(c - e.d) * (1 + e.m / 2 ** 20);
        return fromCode(bt.from, e.neg ? -x : x);
      }),
    );
  const targets = elementTargets(bt.ops.elementSpec(bt.spec));
  const planned = fc
    .integer({ min: 0, max: 2 ** 31 - 1 })
    .map((seed) => {
      const rng = new Rng(seed);
      return planLine(bt, fam.plans[Math.floor(rng.uniform() * fam.plans.length)]!, targets, rng);
    })
    // a planned amax beyond the input format's range becomes an infinity
    .filter((xs) => specials || xs.every((c) => Number.isFinite(fromValue(bt.from, c))));
  return new BlockShrinker(fc.oneof({ weight: 3, arbitrary: free }, { weight: 1, arbitrary: planned }), bt.K ?? Infinity);
}

/**
 * Shrinks a failing vector by its structure: each block alone (when there are several), then without one element
 * at a time (last first), whatever arbitrary drew it; fast-check keeps the first smaller vector that still fails.
 */
class BlockShrinker extends fc.Arbitrary<bigint[]> {
  constructor(
    private readonly inner: fc.Arbitrary<bigint[]>,
    private readonly K: number,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<bigint[]> {
    return new fc.Value(this.inner.generate(mrng, biasFactor).value, undefined);
  }
  canShrinkWithoutContext(value: unknown): value is bigint[] {
    return Array.isArray(value) && value.every((c) => typeof c === 'bigint');
  }
  shrink(value: bigint[]): fc.Stream<fc.Value<bigint[]>> {
    const K = this.K;
    const n = value.length;
    function* smaller(): Generator<fc.Value<bigint[]>> {
      if (n > K) for (let lo = 0; lo < n; lo += K) yield new fc.Value(value.slice(lo, lo + K), undefined);
      if (n > 1) for (let i = n - 1; i >= 0; i--) yield new fc.Value([...value.slice(0, i), ...value.slice(i + 1)], undefined);
    }
    return fc.stream(smaller());
  }
}
