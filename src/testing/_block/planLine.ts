import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import type { Rng } from '../../../simulators/random/rng.js';
import { blockCount, blockRange, type BlockTestOp } from '../blockTestOp.js';
import { randomInt } from '../randomCode.js';
import { blockDivisor, tensorScaleOf } from './blockScales.js';
import type { ElementTarget } from './elementTargets.js';
import { fromCode, fromValue, nudgeCode } from './fromCodes.js';

/** The longest line planned (blocks of more than 1024 elements are tested on lines that end inside the first). */
export const MAX_LINE = 1024;

/** One block of a planned line: the value that sets its scale (its amax, signed) and how the rest is filled. */
export interface PlannedBlock {
  /** The block's largest magnitude, with a sign (0: a block of zeros). */
  amax: number;
  /** Input-format codes to move the amax by (just below or above a power of two). */
  nudge?: number;
  /** `targets` (default): the other elements land on element targets; `zeros`: ±0. */
  fill?: 'targets' | 'zeros';
}

/** A line to build: its blocks, its length (default: full blocks), and optionally one special input (NaN, inf). */
export interface LinePlan {
  blocks: PlannedBlock[];
  n?: number;
  special?: bigint;
}

/**
 * The input codes of a planned line. Each block's amax goes to a random position; the line of amaxes alone is
 * quantized by lowbit to learn each block's divisor X (the scale; NVFP4: s_t·s_b); every other element becomes
 * ±X·t for a random element target t (ties, near-ties, subnormal elements, saturation) that keeps it within the
 * block's amax, so the scales stay as planned. Asymmetric (zero-point) blocks also get a negative anchor. Values are
 * rounded into the input format; a target that does not fit after rounding gives way to another.
 */
export function planLine(bt: BlockTestOp, plan: LinePlan, targets: readonly ElementTarget[], rng: Rng): bigint[] {
  const n = Math.min(MAX_LINE, plan.n ?? plan.blocks.length * (bt.K ?? 1));
  const nb = blockCount(bt, n);
  const codes: bigint[] = new Array<bigint>(n).fill(0n);
  const fixed = new Set<number>();
  for (let b = 0; b < nb; b++) {
    const pb = plan.blocks[b % plan.blocks.length]!;
    const [lo, hi] = blockRange(bt, n, b);
    const at = lo + randomInt(rng, hi - lo);
    codes[at] = nudgeCode(bt.from, fromCode(bt.from, pb.amax), pb.nudge ?? 0);
    fixed.add(at);
    if (bt.zeroPoint && hi - lo > 1 && pb.amax !== 0) {
      const at2 = at + 1 < hi ? at + 1 : at - 1;
      codes[at2] = fromCode(bt.from, -pb.amax * [1, 0.5, 0.25, 0.1][randomInt(rng, 4)]!);
      fixed.add(at2);
    }
  }
  const skeleton = codes.map((c) => fromValue(bt.from, c));
  const q = quantizeBlocks(bt.spec, skeleton);
  const st = tensorScaleOf(bt, skeleton);
  for (let b = 0; b < nb; b++) {
    const pb = plan.blocks[b % plan.blocks.length]!;
    const [lo, hi] = blockRange(bt, n, b);
    const X = blockDivisor(bt, q, b, st);
    const block = skeleton.slice(lo, hi);
    const amax = Math.max(...block.map(Math.abs));
    const top = bt.zeroPoint ? Math.max(0, ...block) : amax;
    const bottom = bt.zeroPoint ? Math.min(0, ...block) : -amax;
    for (let i = lo; i < hi; i++) {
      if (fixed.has(i)) continue;
      codes[i] = pb.fill === 'zeros' || !(X > 0) ? fromCode(bt.from, rng.uniform() < 0.5 ? -0 : 0) : fillCode(bt, X, bottom, top, targets, rng);
    }
  }
  if (plan.special !== undefined && n > 0) codes[randomInt(rng, Math.min(n, bt.K ?? n))] = plan.special;
  return codes;
}

/** A code ±X·t (t a random target) within [bottom, top]; ±0 when no target fits in a few tries. */
function fillCode(bt: BlockTestOp, X: number, bottom: number, top: number, targets: readonly ElementTarget[], rng: Rng): bigint {
  for (let tries = 0; tries < 12; tries++) {
    const g = targets[randomInt(rng, targets.length)]!;
    const neg = rng.uniform() < 0.5;
    const code = nudgeCode(bt.from, fromCode(bt.from, (neg ? -X : X) * g.t), g.nudge);
    const x = fromValue(bt.from, code);
    if (x >= bottom && x <= top && Number.isFinite(x)) return code;
  }
  return fromCode(bt.from, rng.uniform() < 0.5 ? -0 : 0);
}
