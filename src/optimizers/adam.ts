import { QuantizedOptimizer, type OptimizerOptions, type SlotState } from './quantizedOptimizer.js';

/**
 * Options of `QuantizedAdam` and `QuantizedAdamax`.
 * @example
 * new QuantizedAdam({ lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })
 */
export interface AdamOptions extends OptimizerOptions {
  /** β1 in [0, 1) (default 0.9). */
  beta1?: number;
  /** β2 in [0, 1) (default 0.999). */
  beta2?: number;
  /** ε > 0 (default 1e-8). */
  epsilon?: number;
}

/** Checks β1, β2, ε. */
export function adamParams(kind: string, o: AdamOptions): { b1: number; b2: number; eps: number } {
  const b1 = o.beta1 ?? 0.9;
  const b2 = o.beta2 ?? 0.999;
  const eps = o.epsilon ?? 1e-8;
  if (!(b1 >= 0 && b1 < 1)) throw new RangeError(`${kind}: beta1 must be in [0, 1); got ${o.beta1}`);
  if (!(b2 >= 0 && b2 < 1)) throw new RangeError(`${kind}: beta2 must be in [0, 1); got ${o.beta2}`);
  if (!(eps > 0)) throw new RangeError(`${kind}: epsilon must be > 0; got ${o.epsilon}`);
  return { b1, b2, eps };
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with quantized moments: m ← Q_mom(β1·m + (1−β1)·g),
 * v ← Q_mom(β2·v + (1−β2)·g²), W ← Q_upd(clip(W − α·m̂/(√v̂ + ε))), m̂ = m/(1−β1^t), v̂ = v/(1−β2^t).
 * BinaryConnect and BinaryNet train with it (methods.md §3.2, §4.7).
 * @example new QuantizedAdam({ lr: 0.003, clip: 1 })
 */
export class QuantizedAdam extends QuantizedOptimizer {
  protected readonly slots = ['m', 'v'] as const;
  private readonly p: { b1: number; b2: number; eps: number };

  constructor(options: AdamOptions) {
    super('adam', options);
    this.p = adamParams('adam', options);
  }

  protected apply(w: Float32Array, g: Float32Array, s: SlotState, q: (slot: string) => void): void {
    const { b1, b2, eps } = this.p;
    const m = s.m!;
    const v = s.v!;
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
    }
    q('m');
    q('v');
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const lr = this.lr;
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
  }
}
