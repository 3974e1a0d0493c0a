import { Rng } from '../../simulators/random/rng.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { quantizeBlocks } from '../../simulators/blockQuantize.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import type { ExactInput } from '../../simulators/exactInput.js';
import { handlerFor } from '../../simulators/registry.js';
import type { BlockCase } from './blockCaseLine.js';
import type { BlockTestOp } from './blockTestOp.js';
import type { TestLevel } from './operandTuples.js';
import { elementTargets } from './_block/elementTargets.js';
import { familyPlans } from './_block/familyPlans.js';
import { specialInputCodes } from './_block/fromCodes.js';
import { planLine, type LinePlan } from './_block/planLine.js';
import { randomVector } from './_block/randomVector.js';

/**
 * Options of `generateBlockCases`.
 * @example
 * const opts: GenerateBlockOptions = { level: 2, seed: 7, rounding: 'rtz' };
 */
export interface GenerateBlockOptions {
  /** 1 (default) or 2 (denser). */
  level?: TestLevel;
  /** Seed of the vectors and of the stochastic-rounding draws (default 1). */
  seed?: number;
  /** Largest number of cases (default: all). */
  count?: number;
  /** Rounding mode of the elements (default `rne`). */
  rounding?: RoundingMode;
}

/** Random vectors per file at level 1 (level 2 takes ten times as many). */
const RANDOM_LINES = 1000;

/**
 * The test vectors of a block format, as `lowbit testgen --format BLOCK --op convert --from F` writes them, each
 * with lowbit's quantized line (`quantizeBlocks` on the exact input codes):
 *
 * 1. zero lines (±0, one element, one block, a block and one more, two blocks);
 * 2. a NaN, a signalling NaN, +inf and −inf of the input format alone, in a block of normal values, and in a
 *    block before a normal block;
 * 3. the family's planned blocks (`familyPlans`: the scale rule's edges) with their elements on element targets
 *    (`elementTargets`: ties and near-ties after scaling, subnormal elements, saturation), as full blocks, short
 *    lines and lines of several blocks with a short last one;
 * 4. random vectors (`randomVector`), 1,000 at level 1.
 *
 * Level 2 sweeps the planned edges densely (every shared exponent of MX, every E4M3 block scale of NVFP4) and draws
 * ten times the multi-block and random lines. A vector already written is not written again. Under `sr` the draws
 * come from a generator seeded apart from the vectors, one per element, in order. Same seed, same cases.
 * @throws RangeError for a bad level, seed, count or rounding mode.
 * @example [...generateBlockCases(blockTestOp('convert', 'mxfp4_e2m1', 'float32'), { count: 1 })][0].inputs // [0x80000000n]: −0 alone
 */
export function generateBlockCases(bt: BlockTestOp, options: GenerateBlockOptions = {}): Iterable<BlockCase> {
  const level = options.level ?? 1;
  if (level !== 1 && level !== 2) throw new RangeError(`level must be 1 or 2; got ${JSON.stringify(level)}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer; got ${seed}`);
  const count = options.count ?? Infinity;
  if (!(count === Infinity || (Number.isSafeInteger(count) && count >= 0))) throw new RangeError(`count must be a non-negative integer; got ${count}`);
  const mode = checkRoundingMode('generateBlockCases', 'rounding', options.rounding ?? 'rne');
  const modes = handlerFor(bt.spec).modes;
  if (!modes.includes(mode)) throw new RangeError(`rounding: '${mode}' is not available for ${bt.spec.kind} formats; allowed: ${modes.join(', ')}`);
  return {
    *[Symbol.iterator](): Iterator<BlockCase> {
      const root = new Rng(seed);
      const rng = new Rng(root.uint32());
      const draws = new Rng(root.uint32());
      const seen = new Set<string>();
      let n = 0;
      for (const inputs of vectors(bt, level, rng)) {
        if (n >= count) return;
        const key = inputs.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const xs: ExactInput[] = inputs.map((code) => ({ kind: 'code', format: bt.from, code }));
        yield { inputs, result: quantizeBlocks(bt.spec, xs, { rounding: mode, rng: mode === 'sr' ? draws : undefined }) };
        n++;
      }
    },
  };
}

/** Every vector of a file, in order (duplicates included). */
function* vectors(bt: BlockTestOp, level: TestLevel, rng: Rng): Generator<bigint[]> {
  const targets = elementTargets(bt.ops.elementSpec(bt.spec));
  const fam = familyPlans(bt, level, rng);
  const K = bt.K ?? 8;
  for (const plan of genericPlans(bt, K)) yield planLine(bt, plan, targets, rng);
  for (const plan of fam.plans) yield planLine(bt, plan, targets, rng);
  const L = floatLayout(bt.from);
  const range: [number, number] = [Math.max(fam.range[0], L.emin - L.p), Math.min(fam.range[1], L.emax + 1)];
  const k = level === 2 ? 10 : 1;
  for (let i = 0; i < RANDOM_LINES * k; i++) yield randomVector(bt, rng, range, fam.elemP);
}

/** Zero lines and lines with a NaN or an infinity (step 1 and 2 of `generateBlockCases`). */
function genericPlans(bt: BlockTestOp, K: number): LinePlan[] {
  const zeros = { amax: 0, fill: 'zeros' as const };
  const plans: LinePlan[] = [{ blocks: [{ amax: -0, fill: 'zeros' }], n: 1 }, ...[1, K, K + 1, 2 * K].map((n) => ({ blocks: [zeros], n }))];
  for (const special of specialInputCodes(bt.from)) {
    plans.push({ blocks: [{ amax: 1 }], n: 1, special }, { blocks: [{ amax: 1 }], n: K, special }, { blocks: [{ amax: 1 }, { amax: 3 }], n: 2 * K, special });
  }
  return plans;
}
