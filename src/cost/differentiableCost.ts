import * as tf from '@tensorflow/tfjs';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import { numberArith } from '../../cost-models/arith.js';
import type { MacGroup, MulGroup, Operand, OpTrace } from '../../cost-models/opTrace.js';
import { COMPUTE_CATEGORIES, ENERGY_CATEGORIES, priceTrace, type EnergyCategory } from '../../cost-models/priceTrace.js';
import type { BitVariables } from './bitVariables.js';
import { tfArith } from './tfArith.js';
import { vectorCost } from './_internal/vectorCost.js';

/**
 * What the differentiable cost sums.
 * @example
 * differentiableCost(trace, qtools, bits, { target: 'memory' satisfies CostTarget })
 */
export type CostTarget = 'energy' | 'compute' | 'memory';

/**
 * Options of `differentiableCost`.
 * @example
 * const cost = differentiableCost(trace, horowitz45nm, bits, { target: 'energy', unitPj: 1e6 }); // in µJ
 * cost()
 */
export interface DifferentiableCostOptions {
  /** Default 'energy' (compute + memory). */
  target?: CostTarget;
  /** The result is divided by this (default 1: pJ; 1e6 gives µJ, a better scale for λ). */
  unitPj?: number;
}

/**
 * The cost of a trace as a tfjs scalar function of real-valued bitlength variables: the energy model's own
 * formulas (generic over `Arith`), so at integer bitlengths it equals `costReport` of the same trace profiled with
 * those fixed-point widths (the tests check this). A training loss can add λ·cost(). Call it inside `tf.tidy`,
 * `tf.grad` or `optimizer.minimize`. Per-channel variables are priced by `priceTrace` itself, group by group over
 * channel-pair grids (work ∝ Σ C_in·C_out); scalar granularities (`layer`, `tensor-role`) by `vectorCost`, which
 * mirrors `priceTrace` in a few batched ops (about 10× faster).
 *
 * Not modelled: rounding the bitlength to an integer (the caller rounds at the end, as BitPruning does).
 * @throws RangeError for a bad target or unit.
 * @example const cost = differentiableCost(trace, qtools, bits, { unitPj: 1e6 });
 *          optimizer.minimize(() => tf.add(taskLoss(), tf.mul(lambda, cost())));
 */
export function differentiableCost(trace: OpTrace, model: EnergyModel, bits: BitVariables, options: DifferentiableCostOptions = {}): () => tf.Scalar {
  const target = options.target ?? 'energy';
  if (!['energy', 'compute', 'memory'].includes(target)) throw new RangeError(`differentiableCost: options.target must be energy, compute or memory; got ${JSON.stringify(target)}`);
  const unitPj = options.unitPj ?? 1;
  if (!(Number.isFinite(unitPj) && unitPj > 0)) throw new RangeError(`differentiableCost: options.unitPj must be a positive number; got ${unitPj}`);
  const cats: readonly EnergyCategory[] =
    target === 'energy' ? ENERGY_CATEGORIES : target === 'compute' ? COMPUTE_CATEGORIES : ENERGY_CATEGORIES.filter((c) => !COMPUTE_CATEGORIES.includes(c));
  if (bits.granularity !== 'channel') {
    const cost = vectorCost(trace, model, bits, cats);
    return () => tf.tidy(() => tf.div(cost(), unitPj) as tf.Scalar);
  }
  // Pricing is additive over groups: ops without a variable are priced once, in float64, as a constant.
  const [varTrace, fixedTrace] = splitTrace(trace, bits);
  const fixedPj = priceTrace(fixedTrace, model, numberArith).reduce((s, l) => s + cats.reduce((t, c) => t + l[c], 0), 0);
  return () =>
    tf.tidy(() => {
      const layers = priceTrace(varTrace, model, tfArith, (op, slot) => bits.widthOf(op, slot));
      let total: tf.Tensor = tf.scalar(fixedPj);
      for (const l of layers) for (const c of cats) total = tf.add(total, l[c]);
      return tf.div(total, unitPj) as tf.Scalar;
    });
}

/** The trace split into the groups that touch a variable and those that do not. */
function splitTrace(trace: OpTrace, bits: BitVariables): [OpTrace, OpTrace] {
  const has = (op: Operand) => bits.keyOf(op.ref) !== undefined && op.format.kind === 'int';
  const mulVar = (g: MulGroup) => has(g.a) || has(g.b);
  const macVar = (g: MacGroup) => mulVar(g) || (g.accumulator.kind === 'int' && has(g.accumulator.operand));
  const part = (keep: boolean): OpTrace => ({
    ...trace,
    layers: trace.layers.map((l) => ({
      ...l,
      macs: l.macs.filter((g) => macVar(g) === keep),
      muls: l.muls.filter((g) => mulVar(g) === keep),
      adds: l.adds.filter((g) => has(g.operand) === keep),
      compares: l.compares.filter((g) => has(g.operand) === keep),
      memory: l.memory.filter((m) => has(m.operand) === keep),
      moves: (l.moves ?? []).filter((g) => has(g.operand) === keep),
      indexes: keep ? [] : (l.indexes ?? []),
    })),
  });
  return [part(true), part(false)];
}
