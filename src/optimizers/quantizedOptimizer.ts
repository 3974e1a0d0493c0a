import * as tf from '@tensorflow/tfjs';
import type { ParamBinding } from './paramBinding.js';
import { ownedData } from '../quantizers/_internal/ownedData.js';

/**
 * Options shared by lowbit's optimizers.
 * @example
 * new QuantizedSgd({ lr: 0.05, momentum: 0.9 })
 */
export interface OptimizerOptions {
  /** Learning rate α > 0. */
  lr: number;
  /** Weight clipping: after each update kernels are clipped to [−clip, clip] (BinaryConnect/BinaryNet's H = 1). */
  clip?: number;
}

/**
 * A tensor that holds a NaN or ±Inf after (or, for a gradient, before) an optimizer step.
 * @example
 * // a step that meets a NaN or ±Inf reports it instead of writing it (the training loop stops as diverged)
 * const bad: NonFiniteTensor | undefined = optimizer.step(bindings, grads);
 */
export interface NonFiniteTensor {
  kind: 'gradient' | 'parameter' | 'optimizer state';
  /** The parameter's variable name, with `:slot` for an optimizer state. */
  tensor: string;
}

/** Index of the first NaN or ±Inf of an array, or −1 (x − x is NaN exactly for them). */
export function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i]! - a[i]! !== 0) return i;
  return -1;
}

/**
 * Optimizer state of one parameter: one Float32Array per slot (e.g. `m`, `v`).
 * @example
 * const state: SlotState = { m: new Float32Array(10), v: new Float32Array(10) };
 */
export type SlotState = Record<string, Float32Array>;

/**
 * Base of lowbit's optimizers. Each step, per parameter (plain arrays, no tensors kept):
 * 1. g ← Q_gradient(dL/dW);
 * 2. the subclass updates its slots, each rounded by Q_momentum (slot), and returns the new parameter values;
 * 3. W ← Q_update(clip(W_new)) is written back to the variable.
 * The update arithmetic runs in float64 and is stored in float32 arrays (tfjs' optimizers compute in float32, so
 * results may differ from `tf.train.*` in the last bit).
 * @example
 * const opt: QuantizedOptimizer = createOptimizer({ type: 'adam', lr: 0.001 });
 */
export abstract class QuantizedOptimizer {
  lr: number;
  readonly clip: number | undefined;
  /** Steps taken (t in Adam's bias correction). */
  protected t = 0;
  private readonly state = new Map<string, SlotState>();

  constructor(readonly kind: string, options: OptimizerOptions) {
    if (typeof options?.lr !== 'number' || !(options.lr > 0) || !Number.isFinite(options.lr)) {
      throw new RangeError(`${kind}: lr must be a finite number > 0; got ${options?.lr}`);
    }
    if (options.clip !== undefined && !(options.clip > 0)) throw new RangeError(`${kind}: clip must be a number > 0; got ${options.clip}`);
    this.lr = options.lr;
    this.clip = options.clip;
  }

  /** The slot names of this optimizer (e.g. ['m', 'v'] for Adam). */
  protected abstract readonly slots: readonly string[];

  /**
   * Updates w in place from g and the slots; `q(slot, values)` rounds a slot with the momentum role (in place).
   */
  protected abstract apply(w: Float32Array, g: Float32Array, s: SlotState, q: (slot: string) => void): void;

  /**
   * Applies one step to every bound parameter that has a gradient in `grads` (others are left alone): `gradients`,
   * then `applyGradients`. When a gradient holds a NaN or ±Inf nothing is applied.
   * @returns the first non-finite tensor met, or undefined.
   */
  step(bindings: readonly ParamBinding[], grads: tf.NamedTensorMap): NonFiniteTensor | undefined {
    const g = this.gradients(bindings, grads);
    return 'kind' in g ? g : this.applyGradients(g);
  }

  /**
   * Reads the gradients of the bound parameters (an array each, which the step may overwrite) and checks them.
   * @returns the arrays, or the first gradient that holds a NaN or ±Inf.
   */
  gradients(bindings: readonly ParamBinding[], grads: tf.NamedTensorMap): Array<[ParamBinding, Float32Array]> | NonFiniteTensor {
    const gs: Array<[ParamBinding, Float32Array]> = [];
    for (const b of bindings) {
      const gt = grads[b.name];
      if (!gt) continue;
      const g = b.gradient ? ownedData(gt) : (gt.dataSync() as Float32Array);
      if (firstNonFinite(g) >= 0) return { kind: 'gradient', tensor: b.name };
      gs.push([b, g]);
    }
    return gs;
  }

  /**
   * One step from gradients read by `gradients`: g ← Q_gradient(g), the slots (rounded by Q_momentum), the new
   * parameter W ← Q_update(clip(W_new)). The stored parameters and optimizer states are then checked.
   * @returns the first parameter or state that holds a NaN or ±Inf (the step is applied), or undefined.
   */
  applyGradients(gs: ReadonlyArray<[ParamBinding, Float32Array]>): NonFiniteTensor | undefined {
    this.t++;
    let bad: NonFiniteTensor | undefined;
    for (const [b, g] of gs) {
      if (b.gradient) b.gradient.round(g, b.variable.shape as number[], true);
      const s = this.slotState(b);
      const w = ownedData(b.variable.read());
      const lr = this.lr;
      this.lr = lr * (b.lrScale ?? 1); // per-parameter scale (Glorot, BinaryConnect)
      try {
        this.apply(w, g, s, (slot) => {
          const q = b.momentum?.(slot);
          if (q) q.round(s[slot]!, b.variable.shape as number[], true);
        });
      } finally {
        this.lr = lr;
      }
      if (this.clip !== undefined && b.clip) {
        const c = this.clip;
        for (let i = 0; i < w.length; i++) w[i] = w[i]! > c ? c : w[i]! < -c ? -c : w[i]!;
      }
      if (b.update) b.update.round(w, b.variable.shape as number[], true);
      if (!bad) {
        const slot = Object.keys(s).find((k) => firstNonFinite(s[k]!) >= 0);
        if (slot !== undefined) bad = { kind: 'optimizer state', tensor: `${b.name}:${slot}` };
        else if (firstNonFinite(w) >= 0) bad = { kind: 'parameter', tensor: b.name };
      }
      const t = tf.tensor(w, b.variable.shape as number[], 'float32');
      b.variable.write(t);
      t.dispose();
    }
    return bad;
  }

  /** Forgets every slot and the step count (used after range initialisation). */
  reset(): void {
    this.state.clear();
    this.t = 0;
  }

  private slotState(b: ParamBinding): SlotState {
    let s = this.state.get(b.name);
    if (!s) {
      const n = b.variable.read().size;
      s = Object.fromEntries(this.slots.map((k) => [k, new Float32Array(n)]));
      this.state.set(b.name, s);
    }
    return s;
  }
}
