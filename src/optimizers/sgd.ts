import { QuantizedOptimizer, type OptimizerOptions, type SlotState } from './quantizedOptimizer.js';

/**
 * Options of `QuantizedSgd`.
 * @example
 * new QuantizedSgd({ lr: 0.05, momentum: 0.9 })
 */
export interface SgdOptions extends OptimizerOptions {
  /** Momentum μ in [0, 1) (default 0: plain SGD, no state). */
  momentum?: number;
}

/**
 * SGD with momentum in Courbariaux et al. 2014's form (code `layer.py`, methods.md §1.3):
 * v ← Q_mom(μ·v − α·g), W ← Q_upd(W + v). With μ = 0 there is no state: W ← Q_upd(W − α·g).
 * @example new QuantizedSgd({ lr: 0.05, momentum: 0.9 })
 */
export class QuantizedSgd extends QuantizedOptimizer {
  readonly momentum: number;
  protected readonly slots: readonly string[];

  constructor(options: SgdOptions) {
    super('sgd', options);
    this.momentum = options.momentum ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`sgd: momentum must be in [0, 1); got ${options.momentum}`);
    this.slots = this.momentum > 0 ? ['v'] : [];
  }

  protected apply(w: Float32Array, g: Float32Array, s: SlotState, q: (slot: string) => void): void {
    const lr = this.lr;
    if (this.momentum === 0) {
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
      return;
    }
    const v = s.v!;
    const mu = this.momentum;
    for (let i = 0; i < w.length; i++) v[i] = mu * v[i]! - lr * g[i]!;
    q('v');
    for (let i = 0; i < w.length; i++) w[i] = w[i]! + v[i]!;
  }
}
