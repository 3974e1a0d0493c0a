import * as tf from '@tensorflow/tfjs';
import type { Operand, OpTrace } from '../../cost-models/opTrace.js';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import type { BitVariables } from './bitVariables.js';
import { differentiableCost } from './differentiableCost.js';
import { tfArith } from './tfArith.js';

/**
 * Simple bitlength targets for a regularizer (BitPruning, Nikolić et al. arXiv:2002.03090: "the regularizer can be
 * modified to minimize other quantifiable criteria, such as number of operations or memory footprint"). Each
 * returns a tfjs scalar (bits; `modelledEnergy`: pJ); call inside `tf.tidy`/`tf.grad`.
 */

/**
 * Mean bitlength over all variables, every channel of a per-channel vector counting once: (1/N) Σ n_i.
 * @example const reg = () => tf.mul(1e-2, meanBits(bits));
 */
export function meanBits(bits: BitVariables): tf.Scalar {
  return tf.tidy(() => {
    const all = [...bits.variables.values()].map((v) => tf.reshape(v, [-1]));
    return tf.mean(tf.concat(all)) as tf.Scalar;
  });
}

/**
 * Bitlength weighted by MACs over the MAC groups with at least one variable operand: Σ MACs·f(b_a, b_b) / Σ MACs,
 * where f is b_a·b_b (`product`, default: bit operations per MAC, as BOPs) or (b_a + b_b)/2 (`mean`). Static
 * operands count with their trace width.
 * @throws RangeError when no MAC has a variable operand.
 * @example
 * const bits = createBitVariables(trace);
 * macWeightedBits(trace, bits) // Σ MACs·b_a·b_b / Σ MACs, differentiable
 */
export function macWeightedBits(trace: OpTrace, bits: BitVariables, combine: 'product' | 'mean' = 'product'): tf.Scalar {
  if (combine !== 'product' && combine !== 'mean') throw new RangeError(`macWeightedBits: combine must be 'product' or 'mean'; got ${JSON.stringify(combine)}`);
  const groups = trace.layers.flatMap((l) => l.macs).filter((g) => g.count > 0 && (hasVariable(bits, g.a) || hasVariable(bits, g.b)));
  if (groups.length === 0) throw new RangeError('macWeightedBits: no MAC of the trace has a bitlength variable');
  const total = groups.reduce((s, g) => s + g.count, 0);
  return tf.tidy(() => {
    let sum: tf.Tensor = tf.scalar(0);
    for (const g of groups) {
      const slots = g.sameChannel ? (['flat', 'flat'] as const) : (['a', 'b'] as const);
      const a = bits.widthOf(g.a, slots[0]) ?? tf.scalar(g.a.format.bits);
      const b = bits.widthOf(g.b, slots[1]) ?? tf.scalar(g.b.format.bits);
      const f = combine === 'product' ? tf.mul(a, b) : tf.div(tf.add(a, b), 2);
      sum = tf.add(sum, tf.mul(g.count / total, tfArith.meanGrid(f, g.groups)));
    }
    return sum as tf.Scalar;
  });
}

/**
 * Bitlength weighted by tensor size (memory footprint per value) over the tensors with a variable:
 * Σ |tensor|·n / Σ |tensor|.
 * @throws RangeError when no tensor has a variable.
 * @example
 * sizeWeightedBits(trace, createBitVariables(trace)) // bits per stored value, weighted by tensor size
 */
export function sizeWeightedBits(trace: OpTrace, bits: BitVariables): tf.Scalar {
  const tensors = trace.layers.flatMap((l) => l.tensors).filter((t) => t.elements > 0 && hasVariable(bits, t.operand));
  if (tensors.length === 0) throw new RangeError('sizeWeightedBits: no tensor of the trace has a bitlength variable');
  const total = tensors.reduce((s, t) => s + t.elements, 0);
  return tf.tidy(() => {
    let sum: tf.Tensor = tf.scalar(0);
    for (const t of tensors) sum = tf.add(sum, tf.mul(t.elements / total, tf.mean(bits.widthOf(t.operand, 'flat')!)));
    return sum as tf.Scalar;
  });
}

/**
 * The modelled energy (pJ ÷ `unitPj`) as a scalar now: `differentiableCost(trace, model, bits, { unitPj })()`.
 * For repeated use in a training loop, build `differentiableCost` once (it prices the fixed part once).
 * @example
 * modelledEnergy(trace, horowitz45nm, createBitVariables(trace)) // a tf.Scalar in pJ
 */
export function modelledEnergy(trace: OpTrace, model: EnergyModel, bits: BitVariables, unitPj = 1): tf.Scalar {
  return differentiableCost(trace, model, bits, { unitPj })();
}

/** A variable drives this operand (its role has one and its format is fixed point). */
function hasVariable(bits: BitVariables, op: Operand): boolean {
  return op.format.kind === 'int' && bits.keyOf(op.ref) !== undefined;
}
