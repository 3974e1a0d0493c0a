import * as tf from '@tensorflow/tfjs';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import type { Operand, OperandRef, OpTrace } from '../../cost-models/opTrace.js';
import { profileModel } from '../profiler/profileModel.js';
import type { BitVariables } from '../cost/bitVariables.js';
import { differentiableCost } from '../cost/differentiableCost.js';
import { macWeightedBits, meanBits, sizeWeightedBits } from '../cost/bitTargets.js';
import { learnedWidths, type LearnedWidth } from './learnedWidths.js';

/**
 * What a BitPruning regularizer minimises.
 * @example
 * const target: BitCostTarget = 'memory';
 */
export type BitCostTarget = 'bits' | 'ops' | 'memory' | 'energy';

/**
 * The targets, in documentation order.
 * @example
 * BIT_COST_TARGETS // ['bits', 'ops', 'memory', 'energy']
 */
export const BIT_COST_TARGETS: readonly BitCostTarget[] = ['bits', 'ops', 'memory', 'energy'];

/**
 * A differentiable cost of the learned widths.
 * @example
 * const cost: BitCostFn = costModelBits(model, 'energy', qtools).cost;
 * cost().dataSync()[0]
 */
export type BitCostFn = () => tf.Scalar;

/**
 * What `costModelBits` returns.
 * @example
 * const { trace, bits, cost } = costModelBits(model, 'memory', horowitz45nm);
 */
export interface CostModelBits {
  /** The inference trace of the model, as it holds its formats (learned roles as integers of the current widths). */
  trace: OpTrace;
  /** The learned widths seen through the cost model's `BitVariables` interface (the layers own the variables). */
  bits: BitVariables;
  cost: BitCostFn;
}

/**
 * The BitPruning cost C(n) of a model with learned widths (`learned(...)` roles), from lowbit's cost model
 * (src/cost over cost-models/): the model is profiled as it holds its formats (`profileModel`, inference,
 * batch 1), and the cost model reads each learned operand's width from its quantizer's variable instead
 * (`learnedBitVariables`).
 *
 * | target   | cost (src/cost)                                                    | unit |
 * |----------|--------------------------------------------------------------------|------|
 * | `bits`   | `meanBits`: mean of every width value                               | bits |
 * | `ops`    | `macWeightedBits(…, 'mean')`: Σ MACs·(b_a + b_b)/2 / Σ MACs over MACs with a learned operand (a static operand, e.g. the float input, counts at its width) | bits |
 * | `memory` | `sizeWeightedBits`: Σ |tensor|·n / Σ |tensor| over learned tensors   | bits |
 * | `energy` | `differentiableCost(trace, energyModel, bits, { unitPj })`: the energy model's MACs, adds, comparisons and memory, equal to `costReport` at integer n | pJ / unitPj |
 *
 * BitPruning (Nikolić et al. 2020, arXiv:2002.03090) states the bits regularizer and says it can be "modified to
 * minimize other quantifiable criteria, such as number of operations or memory footprint"; the ops and memory forms
 * here are lowbit's reconstruction (methods.md §8.2, unconfirmed).
 * @throws RangeError on an unknown target or a model without learned widths (and whatever the profiler rejects).
 * @example const { cost } = costModelBits(model, 'energy', qtools); bitRegularizer({ target: cost, lambda: 0.5 }, model)
 */
export function costModelBits(model: tf.LayersModel, target: BitCostTarget, energyModel: EnergyModel, options: { unitPj?: number } = {}): CostModelBits {
  if (!BIT_COST_TARGETS.includes(target)) throw new RangeError(`costModelBits: target must be one of ${BIT_COST_TARGETS.join(', ')}; got ${JSON.stringify(target)}`);
  const widths = learnedWidths(model);
  if (widths.length === 0) throw new RangeError('costModelBits: the model has no learned width (no role with a learned(...) format)');
  const trace = profileModel(model, { phase: 'inference' });
  const bits = learnedBitVariables(widths);
  const unitPj = options.unitPj ?? 1;
  const costs: Record<BitCostTarget, BitCostFn> = {
    bits: () => meanBits(bits),
    ops: () => macWeightedBits(trace, bits, 'mean'),
    memory: () => sizeWeightedBits(trace, bits),
    energy: () => differentiableCost(trace, energyModel, bits, { unitPj })(),
  };
  return { trace, bits, cost: costs[target] };
}

/**
 * The learned widths as the cost model's `BitVariables`: the operand (layer, role) of a learned role has its
 * quantizer's width variable when its format is fixed point. Channel vectors are laid out as src/cost expects
 * ('a' column, 'b' row). `dispose` does nothing: the layers own their variables.
 * @example
 * const bits = learnedBitVariables(learnedWidths(model));
 * modelledEnergy(profileModel(model), qtools, bits)
 */
export function learnedBitVariables(widths: readonly LearnedWidth[]): BitVariables {
  const byGroup = new Map(widths.map((w) => [w.group, w]));
  const keyOf = (ref: OperandRef): string | undefined => (byGroup.has(`${ref.layer}/${ref.role}`) ? `${ref.layer}/${ref.role}` : undefined);
  const perChannel = widths.some((w) => w.quantizer.spec.granularity === 'channel');
  return {
    granularity: perChannel ? 'channel' : 'layer',
    variables: new Map(widths.map((w) => [w.group, w.quantizer.widths().read() as tf.Variable])),
    keyOf,
    widthOf(operand: Operand, slot: 'a' | 'b' | 'flat') {
      const key = keyOf(operand.ref);
      if (key === undefined || operand.format.kind !== 'int') return undefined;
      const v = byGroup.get(key)!.quantizer.widths().read();
      if (v.rank === 0 || slot === 'flat') return v;
      return slot === 'a' ? tf.reshape(v, [-1, 1]) : tf.reshape(v, [1, -1]);
    },
    dispose() {},
  };
}
