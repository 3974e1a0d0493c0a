import { QuantizedOptimizer, type SlotState } from './quantizedOptimizer.js';
import { adamParams, type AdamOptions } from './adam.js';

/**
 * AdaMax (Kingma & Ba 2015, Algorithm 2) with quantized state: m ← Q_mom(β1·m + (1−β1)·g),
 * u ← Q_mom(max(β2·u, |g|)), W ← Q_upd(clip(W − (α/(1−β1^t))·m/(u + ε))). BinaryNet's Torch code uses a
 * shift-based variant (methods.md §4.4), which this is not. ε (default 1e-8) guards u = 0, which the paper's
 * form has no need for but a quantized u can reach.
 * @example new QuantizedAdamax({ lr: 2 ** -10 })
 */
export class QuantizedAdamax extends QuantizedOptimizer {
  protected readonly slots = ['m', 'u'] as const;
  private readonly p: { b1: number; b2: number; eps: number };

  constructor(options: AdamOptions) {
    super('adamax', options);
    this.p = adamParams('adamax', options);
  }

  protected apply(w: Float32Array, g: Float32Array, s: SlotState, q: (slot: string) => void): void {
    const { b1, b2, eps } = this.p;
    const m = s.m!;
    const u = s.u!;
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!));
    }
    q('m');
    q('u');
    const step = this.lr / (1 - b1 ** this.t);
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (step * m[i]!) / (u[i]! + eps);
  }
}
