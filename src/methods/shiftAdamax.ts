import { QuantizedOptimizer, type OptimizerOptions, type SlotState } from '../optimizers/quantizedOptimizer.js';
import { ap2 } from './ap2.js';

/**
 * Options of `ShiftAdamax` (defaults are BinaryNet's: α = 2^−10, 1 − β1 = 2^−3, 1 − β2 = 2^−10, ε = 2^−27).
 * @example
 * new ShiftAdamax({ lr: 2 ** -10, beta1: 1 - 2 ** -3, beta2: 1 - 2 ** -10 })
 */
export interface ShiftAdamaxOptions extends Partial<OptimizerOptions> {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Shift-based AdaMax (BinaryNet, Courbariaux, Hubara et al. 2016, arXiv:1602.02830 Algorithm 4; Torch code
 * `adaMax_binary_clip_shift.lua`; methods.md §4.4). Per element, at step t:
 *
 *     m ← β1·m + (1 − β1)·g
 *     v ← max(β2·v, |g|)
 *     W ← W − AP2(α/(1 − β1^t)) · m / (AP2(v) + ε)
 *
 * so the step size and the inverse of v are powers of two (shifts); then the base class clips kernels and
 * applies the `update` role. m and v are rounded by the `momentum` role when the policy sets one.
 * Not modelled: the shifts are computed as float64 multiplications by powers of two (identical unless they
 * underflow), and m/(AP2(v) + ε) is a division as in the Torch code (the ε keeps v = 0 finite).
 * @example new ShiftAdamax({ lr: 2 ** -10, clip: 1 })
 */
export class ShiftAdamax extends QuantizedOptimizer {
  protected readonly slots = ['m', 'v'] as const;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: ShiftAdamaxOptions = {}) {
    super('shiftAdamax', { lr: options.lr ?? 2 ** -10, ...(options.clip === undefined ? {} : { clip: options.clip }) });
    this.beta1 = options.beta1 ?? 1 - 2 ** -3;
    this.beta2 = options.beta2 ?? 1 - 2 ** -10;
    this.epsilon = options.epsilon ?? 2 ** -27;
    if (!(this.beta1 >= 0 && this.beta1 < 1)) throw new RangeError(`shiftAdamax: beta1 must be in [0, 1); got ${options.beta1}`);
    if (!(this.beta2 >= 0 && this.beta2 < 1)) throw new RangeError(`shiftAdamax: beta2 must be in [0, 1); got ${options.beta2}`);
    if (!(this.epsilon > 0)) throw new RangeError(`shiftAdamax: epsilon must be > 0; got ${options.epsilon}`);
  }

  /** The step count t (read-only; for tests and logs). */
  get steps(): number {
    return this.t;
  }

  protected apply(w: Float32Array, g: Float32Array, s: SlotState, q: (slot: string) => void): void {
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const m = s.m!;
    const v = s.v!;
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = Math.max(b2 * v[i]!, Math.abs(g[i]!));
    }
    q('m');
    q('v');
    const step = ap2(this.lr / (1 - b1 ** this.t));
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (step * m[i]!) / (ap2(v[i]!) + eps);
  }
}
