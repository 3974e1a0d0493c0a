import * as tf from '@tensorflow/tfjs';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import type { Operand, OperandRef, OpTrace } from '../../cost-models/opTrace.js';
import type { PolicySpec } from '../policy/policySpec.js';
import { profileModel } from '../profiler/profileModel.js';
import type { BitVariables } from '../cost/bitVariables.js';
import { differentiableCost } from '../cost/differentiableCost.js';
import { macWeightedBits, meanBits, sizeWeightedBits } from '../cost/bitTargets.js';
import type { BitlengthBank } from './bitlengthBank.js';
import { isBitLayer, type BitLayer } from './bitLayers.js';

/** What a BitPruning regularizer minimises. */
export type BitCostTarget = 'bits' | 'ops' | 'memory' | 'energy';

/** The targets, in documentation order. */
export const BIT_COST_TARGETS: readonly BitCostTarget[] = ['bits', 'ops', 'memory', 'energy'];

/** A differentiable cost of the bank's bitlengths. */
export type BitCostFn = () => tf.Scalar;

/** What `costModelBits` returns. */
export interface CostModelBits {
  /** The inference trace of the model, its learned roles as `fixed(w = initBits)`. */
  trace: OpTrace;
  /** The bank seen through the cost model's `BitVariables` interface (the bank owns the variables). */
  bits: BitVariables;
  cost: BitCostFn;
}

/**
 * The BitPruning cost C(n) of a learned-bitlength model, from lowbit's cost model (src/cost over cost-models/):
 * the model is profiled (`profileModel`, inference, batch 1) with every learned role as `fixed(w = initBits)`, and
 * the cost model reads each of those operands' width from the bank's variable instead (`bankBitVariables`).
 *
 * | target   | cost (src/cost)                                                    | unit |
 * |----------|--------------------------------------------------------------------|------|
 * | `bits`   | `meanBits`: mean of every bitlength value                           | bits |
 * | `ops`    | `macWeightedBits(…, 'mean')`: Σ MACs·(b_a + b_b)/2 / Σ MACs over MACs with a learned operand (a static operand, e.g. the float input, counts at its width) | bits |
 * | `memory` | `sizeWeightedBits`: Σ |tensor|·n / Σ |tensor| over learned tensors   | bits |
 * | `energy` | `differentiableCost(trace, energyModel, bits, { unitPj })`: the energy model's MACs, adds, comparisons and memory, equal to `costReport` at integer n | pJ / unitPj |
 *
 * BitPruning (Nikolić et al. 2020, arXiv:2002.03090) states the bits regularizer and says it can be "modified to
 * minimize other quantifiable criteria, such as number of operations or memory footprint"; the ops and memory forms
 * here are lowbit's reconstruction (methods.md §8.2, unconfirmed).
 * @throws RangeError on an unknown target or a model without learned-bitlength layers (and whatever the profiler rejects).
 * @example const { cost } = costModelBits(model, bank, 'energy', qtools); bitRegularizer({ target: cost, lambda: 0.5 })
 */
export function costModelBits(
  model: tf.LayersModel, bank: BitlengthBank, target: BitCostTarget, energyModel: EnergyModel, options: { unitPj?: number } = {},
): CostModelBits {
  if (!BIT_COST_TARGETS.includes(target)) throw new RangeError(`costModelBits: target must be one of ${BIT_COST_TARGETS.join(', ')}; got ${JSON.stringify(target)}`);
  const layers = new Map(model.layers.filter(isBitLayer).map((l) => [l.name, l]));
  if (layers.size === 0) throw new RangeError('costModelBits: the model has no learned-bitlength layer');
  const fixed = { format: `fixed(w=${Math.round(bank.initBits)},f=0)` };
  const policy: PolicySpec = {
    rules: [...layers.values()].map((l) => ({ match: { name: l.name }, roles: { weight: fixed, ...(l.bitQuant.quantizeOutput ? { activation: fixed } : {}) } })),
  };
  const trace = profileModel(model, { policy, phase: 'inference' });
  const bits = bankBitVariables(bank, trace, layers);
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
 * The bank as the cost model's `BitVariables`: an operand (layer, role) of the trace has the width of its bank
 * group (`bitGroup` of the layer's granularity) when the layer is a learned-bitlength layer that quantizes that role
 * and the operand is fixed point. Channel vectors are laid out as src/cost expects ('a' column, 'b' row).
 * `dispose` does nothing: the bank owns its variables.
 */
export function bankBitVariables(bank: BitlengthBank, trace: OpTrace, layers: ReadonlyMap<string, tf.layers.Layer & BitLayer>): BitVariables {
  const keyOf = (ref: OperandRef): string | undefined => {
    const l = layers.get(ref.layer);
    if (!l || (ref.role !== 'weight' && ref.role !== 'activation')) return undefined;
    if (ref.role === 'activation' && !l.bitQuant.quantizeOutput) return undefined;
    const channels = trace.layers.find((t) => t.name === ref.layer)?.channels ?? 1;
    return l.bitQuant.group(ref.layer, ref.role, channels).name;
  };
  const names = bank.names();
  const granularities = new Set([...layers.values()].map((l) => l.bitQuant.granularity));
  return {
    granularity: granularities.has('channel') ? 'channel' : granularities.has('role') ? 'tensor-role' : 'layer',
    variables: new Map(names.map((n) => [n, bank.get(n)])),
    keyOf,
    widthOf(operand: Operand, slot: 'a' | 'b' | 'flat') {
      const key = keyOf(operand.ref);
      if (key === undefined || operand.format.kind !== 'int') return undefined;
      const v = bank.get(key);
      if (v.rank === 0 || slot === 'flat') return v;
      return slot === 'a' ? tf.reshape(v, [-1, 1]) : tf.reshape(v, [1, -1]);
    },
    dispose() {},
  };
}
