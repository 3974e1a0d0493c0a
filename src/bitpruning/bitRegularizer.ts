import * as tf from '@tensorflow/tfjs';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import { qtools } from '../../cost-models/qtools.js';
import { BIT_COST_TARGETS, costModelBits, type BitCostFn, type BitCostTarget } from './costModelBits.js';

/**
 * Options of `bitRegularizer`.
 * @example
 * bitRegularizer({ target: 'energy', lambda: 0.5, energyModel: qtools }, model)
 */
export interface BitRegularizerOptions {
  /** A target of `costModelBits` (lowbit's cost model), or any differentiable cost function of the learned widths. */
  target: BitCostTarget | BitCostFn;
  /** λ ≥ 0. */
  lambda: number;
  /** Divide C(n) by its value when the regularizer is made (default true): λ then means the same for every target. */
  normalize?: boolean;
  /** Energy model of the `energy` target (default `qtools`: its multiplier and adder energies scale with bit width). */
  energyModel?: EnergyModel;
}

/**
 * The regularizer: `penalty()` = λ·C(n)/C(n₀) (or λ·C(n)), and `cost()` = C(n) now, as a number.
 * @example
 * const reg: BitRegularizer = bitRegularizer({ target: 'bits', lambda: 0.1 }, model);
 * const loss = tf.add(taskLoss, reg.penalty());
 */
export interface BitRegularizer {
  readonly lambda: number;
  /** C(n₀) when normalising, else 1. */
  readonly scale: number;
  /** λ·C(n)/C(n₀) (or λ·C(n)) as a differentiable scalar, to add to the loss. */
  penalty(): tf.Scalar;
  /** C(n) now, as a number. */
  cost(): number;
}

/**
 * BitPruning's regularizer (Nikolić et al. 2020, arXiv:2002.03090, §8 of methods.md): the training loss is
 * L_task + λ·C(n), C a differentiable cost of the learned bitlengths from lowbit's cost model (`costModelBits`:
 * mean bits, MAC-weighted bits, size-weighted bits, modelled energy) or any `BitCostFn`. Normalising by C(n₀)
 * (lowbit's choice, not the paper's) makes λ comparable between targets whose units differ (bits vs pJ).
 * @throws RangeError on a negative or non-finite λ, an unknown target, or C(n₀) ≤ 0 when normalising.
 * @example const reg = bitRegularizer({ target: 'memory', lambda: 0.5 }, model)
 */
export function bitRegularizer(options: BitRegularizerOptions, model: tf.LayersModel): BitRegularizer {
  const { target, lambda } = options;
  if (!Number.isFinite(lambda) || lambda < 0) throw new RangeError(`bitRegularizer: lambda must be a finite number ≥ 0; got ${lambda}`);
  if (typeof target !== 'function' && !BIT_COST_TARGETS.includes(target)) {
    throw new RangeError(`bitRegularizer: target must be one of ${BIT_COST_TARGETS.join(', ')} or a function; got ${JSON.stringify(target)}`);
  }
  const fn: BitCostFn = typeof target === 'function' ? target : costModelBits(model, target, options.energyModel ?? qtools).cost;
  const now = () => tf.tidy(() => fn().dataSync()[0]!);
  const scale = options.normalize === false ? 1 : now();
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`bitRegularizer: the cost at the start must be a positive finite number to normalise by; got ${scale}`);
  return {
    lambda,
    scale,
    penalty: () => tf.tidy(() => tf.mul(fn(), lambda / scale) as tf.Scalar),
    cost: now,
  };
}
