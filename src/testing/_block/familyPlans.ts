import type { FloatSpec, FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { MxSpec } from '../../../simulators/formats/mxFamily.js';
import type { ScaledSpec } from '../../../simulators/formats/scaledFamily.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import { describeFormat } from '../../../simulators/formats/describeFormat.js';
import { floorLog2, pow2 } from '../../../simulators/_internal/bits.js';
import type { Rng } from '../../../simulators/random/rng.js';
import type { BlockTestOp } from '../blockTestOp.js';
import type { TestLevel } from '../operandTuples.js';
import { randomInt } from '../randomCode.js';
import { tensorScaleOf } from './blockScales.js';
import { elementTargets } from './elementTargets.js';
import { fromCode, fromValue } from './fromCodes.js';
import type { LinePlan, PlannedBlock } from './planLine.js';

/**
 * The family-specific cases of a block format: the amaxes that put its scale on the edges of its rule, and the
 * range of binary exponents random vectors are drawn around.
 *
 * | family | planned blocks |
 * |--------|----------------|
 * | mx | shared exponent e ∈ {far below −127, −129, −128, −127 (E8M0 min), −126, …, 126, 127 (E8M0 max), 128, 129 (scale overflow: NaN block)}, amax 2^(e+emax) × {1, just below, just above, 1.5, the element's max significand, halfway to 2 (saturation), just below 2}; level 2 every e from −140 to 130 |
 * | nvfp4 | tensor amax T with s_t = 1, normal, subnormal, rounded to 0 (clamped to 2^−149), saturated at FLT_MAX, random; blocks with amax_b = 6·s_t·q for q on the E4M3 grid, its ties and near-ties, below half the smallest subnormal (s_b = 0), subnormal, 448 |
 * | scaled | scale amax/elemMax at the scale format's smallest subnormal (and a quarter of it: clamped up), smallest normal, 1, just above 1 (rounded up), 1.5, 3, max/2, max and 4·max (saturated) |
 */
export interface FamilyPlans {
  plans: LinePlan[];
  /** Binary exponents of the magnitudes of random vectors. */
  range: [number, number];
  /** Significant bits of the element (how far below the amax elements stay distinct). */
  elemP: number;
}

/** The family cases of a block format at a level. */
export function familyPlans(bt: BlockTestOp, level: TestLevel, rng: Rng): FamilyPlans {
  const make = FAMILIES.get(bt.spec.kind);
  if (!make) throw new RangeError(`block tests: no case generator for format kind '${bt.spec.kind}'`);
  return make(bt, level, rng);
}

const FAMILIES = new Map<string, (bt: BlockTestOp, level: TestLevel, rng: Rng) => FamilyPlans>([
  ['mx', mxPlans],
  ['nvfp4', nvfp4Plans],
  ['scaled', scaledPlans],
]);

const sign = (rng: Rng) => (rng.uniform() < 0.5 ? -1 : 1);
const facts = (spec: FormatSpec) => describeFormat(spec).facts;

function mxPlans(bt: BlockTestOp, level: TestLevel, rng: Rng): FamilyPlans {
  const elem = (bt.spec as MxSpec).elem;
  const emax = elem.kind === 'float' ? floatLayout(elem).emax : 0;
  const E = bt.ops.elementSpec(bt.spec);
  const maxMant = facts(E).max / pow2(emax);
  const es = level === 2 ? Array.from({ length: 271 }, (_, i) => i - 140) : [-140, -130, -129, -128, -127, -126, -64, -1, 0, 1, 64, 126, 127, 128, 129];
  if (level === 1) for (let i = 0; i < 3; i++) es.push(randomInt(rng, 251) - 125);
  const anchors: PlannedBlock[] = [];
  for (const e of es) {
    const A = pow2(e + emax);
    for (const [mu, nudge] of [[1, 0], [1, -1], [1, 1], [1.5, 0], [maxMant, 0], [(maxMant + 2) / 2, 0], [2, -1]] as const) {
      anchors.push({ amax: sign(rng) * A * mu, nudge });
    }
  }
  return { plans: withShortAndMulti(bt, anchors, level, rng), range: [-127 + emax - 4, 127 + emax + 2], elemP: elemPrecision(E) };
}

function nvfp4Plans(bt: BlockTestOp, level: TestLevel, rng: Rng): FamilyPlans {
  const UE4M3: FloatSpec = { kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'saturate' };
  const FLT_MAX = floatLayout({ kind: 'float', e: 8, m: 23, subnormals: 'on', specials: 'ieee', overflow: 'inf' }).maxFinite;
  const Ts = [2688, 6, 1, 2 ** -10, 2 ** 20, 2688 * 2 ** -126, 2688 * 1.25 * 2 ** -140, 2688 * 0.4 * 2 ** -149, 2 ** -170, 2688 * FLT_MAX, 2688 * 1.5 * FLT_MAX, FLT_MAX];
  for (let i = 0; i < (level === 2 ? 40 : 6); i++) Ts.push(pow2(randomInt(rng, 80) - 40) * (1 + rng.uniform()));
  const all = elementTargets(UE4M3).map((t) => t.t);
  const qs = level === 2 ? all : [448, 432, 416, 1, 1.0625, 1.1875, 2 ** -6, 2 ** -9, 3 * 2 ** -10, 2 ** -10, 2 ** -11, 5.5, 0.3];
  if (level === 1) for (let i = 0; i < 12; i++) qs.push(all[randomInt(rng, all.length)]!);
  const plans: LinePlan[] = [];
  for (const T of Ts) {
    const Tv = fromValue(bt.from, fromCode(bt.from, T));
    const st = tensorScaleOf(bt, [Tv]);
    const blocks = (q: number): PlannedBlock => ({ amax: sign(rng) * Math.min(Tv, 6 * st * q) });
    for (let i = 0; i < qs.length; i += 3) {
      const bs = [{ amax: sign(rng) * Tv }, ...qs.slice(i, i + 3).map(blocks)];
      const K = bt.K!;
      plans.push({ blocks: bs, n: bs.length * K - (i % 2 ? randomInt(rng, K) : 0) });
    }
  }
  return { plans, range: [-150, 140], elemP: 2 };
}

function scaledPlans(bt: BlockTestOp, level: TestLevel, rng: Rng): FamilyPlans {
  const spec = bt.spec as ScaledSpec;
  const S = facts(spec.scale);
  const E = bt.ops.elementSpec(spec);
  const elemMax = facts(E).max;
  const sub = S.smallestSubnormal ?? S.tiny ?? S.max;
  const ss = [sub / 4, sub, S.tiny ?? sub, 1, 1 + 2 ** -20, 1.5, 3, S.max / 2, S.max, 4 * S.max];
  for (let i = 0; i < (level === 2 ? 60 : 8); i++) ss.push(pow2(floorLog2(sub) + randomInt(rng, Math.max(1, floorLog2(S.max) - floorLog2(sub) + 1))) * (1 + rng.uniform()));
  const anchors: PlannedBlock[] = ss.flatMap((s) => [{ amax: sign(rng) * s * elemMax }, { amax: sign(rng) * s * elemMax, nudge: 1 }]);
  const range: [number, number] = [floorLog2(sub * elemMax) - 4, floorLog2(S.max * elemMax) + 2];
  return { plans: withShortAndMulti(bt, anchors, level, rng), range, elemP: elemPrecision(E) };
}

/**
 * Lines from single-block anchors: each anchor as a full block (one in three also as a short line); then lines of
 * 2–4 blocks drawn from the anchors (one block in five all zeros) with a short last block; for `channel`/`tensor`
 * layouts one block of 1, 2, 7, 32 or 100 elements.
 */
function withShortAndMulti(bt: BlockTestOp, anchors: PlannedBlock[], level: TestLevel, rng: Rng): LinePlan[] {
  const K = bt.K;
  const lengths = [1, 2, 7, 32, 100];
  const plans: LinePlan[] = [];
  anchors.forEach((a, i) => {
    plans.push({ blocks: [a], n: K ?? lengths[i % lengths.length] });
    if (K !== undefined && K > 1 && i % 3 === 0) plans.push({ blocks: [a], n: 1 + randomInt(rng, K - 1) });
  });
  if (K === undefined) return plans;
  const multi = level === 2 ? 400 : 40;
  for (let i = 0; i < multi; i++) {
    const nb = 2 + randomInt(rng, 3);
    const blocks = Array.from({ length: nb }, () => (rng.uniform() < 0.2 ? { amax: 0, fill: 'zeros' as const } : anchors[randomInt(rng, anchors.length)]!));
    plans.push({ blocks, n: nb * K - randomInt(rng, K) });
  }
  return plans;
}

function elemPrecision(E: FormatSpec): number {
  return E.kind === 'float' ? E.m + 1 : E.kind === 'fixed' ? E.w : 2;
}
