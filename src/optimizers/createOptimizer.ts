import { QuantizedSgd } from './sgd.js';
import { QuantizedAdam } from './adam.js';
import { QuantizedAdamax } from './adamax.js';
import type { QuantizedOptimizer } from './quantizedOptimizer.js';
import { ShiftAdamax } from '../methods/shiftAdamax.js';

/**
 * An optimizer as JSON-able data (the `optimizer` section of a training config).
 * @example
 * createOptimizer({ type: 'sgd', lr: 0.05, momentum: 0.9 })
 */
export interface OptimizerSpec {
  type: 'sgd' | 'adam' | 'adamax' | 'shiftAdamax';
  lr: number;
  /** sgd only: momentum μ (default 0). */
  momentum?: number;
  /** adam/adamax: β1, β2, ε. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Weight clipping of kernels to [−clip, clip]. */
  clip?: number;
  /** Multiplies lr after every epoch (exponential decay, as BinaryConnect's LR_decay); default 1. */
  lrDecay?: number;
}

const FACTORIES = {
  sgd: (s: OptimizerSpec) => new QuantizedSgd({ lr: s.lr, momentum: s.momentum, clip: s.clip }),
  adam: (s: OptimizerSpec) => new QuantizedAdam({ lr: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, clip: s.clip }),
  adamax: (s: OptimizerSpec) => new QuantizedAdamax({ lr: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, clip: s.clip }),
  shiftAdamax: (s: OptimizerSpec) => new ShiftAdamax({ lr: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon, clip: s.clip }),
} as const;

/**
 * Builds an optimizer from its spec (`lrDecay` is applied by the training loop).
 * @throws RangeError for an unknown type (listing the known ones) or bad hyper-parameters.
 * @example createOptimizer({ type: 'sgd', lr: 0.05, momentum: 0.9 })
 */
export function createOptimizer(spec: OptimizerSpec): QuantizedOptimizer {
  const make = (FACTORIES as Record<string, ((s: OptimizerSpec) => QuantizedOptimizer) | undefined>)[spec?.type];
  if (!make) throw new RangeError(`createOptimizer: type must be one of ${Object.keys(FACTORIES).join(', ')}; got ${JSON.stringify(spec?.type)}`);
  if (spec.type === 'sgd' && (spec.beta1 !== undefined || spec.beta2 !== undefined || spec.epsilon !== undefined)) {
    throw new RangeError('createOptimizer: beta1, beta2 and epsilon apply to adam and adamax only');
  }
  if (spec.type !== 'sgd' && spec.momentum !== undefined) throw new RangeError(`createOptimizer: momentum applies to sgd only; got type ${spec.type}`);
  return make(spec);
}
