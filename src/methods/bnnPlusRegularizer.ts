import * as tf from '@tensorflow/tfjs';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import type { ParamBinding } from '../optimizers/paramBinding.js';

/**
 * BNN+'s regularizers: `R1` = |α − |w|| (Manhattan), `R2` = (α − |w|)² (Euclidean).
 * @example
 * new BnnPlusRegularizer(model, { kind: 'R2' satisfies BnnPlusKind, lambda: 1e-6 })
 */
export type BnnPlusKind = 'R1' | 'R2';
/**
 * One α per layer, or one per output filter (the kernel's last axis).
 * @example
 * new BnnPlusRegularizer(model, { kind: 'R1', lambda: 1e-6, alpha: 'filter' satisfies AlphaGranularity })
 */
export type AlphaGranularity = 'layer' | 'filter';

/**
 * Options of `BnnPlusRegularizer`.
 * @example
 * const reg = new BnnPlusRegularizer(model, { kind: 'R1', lambda: 1e-6, alpha: 'layer', layers: (name) => name !== 'output' });
 */
export interface BnnPlusOptions {
  kind: BnnPlusKind;
  /** Weight λ ≥ 0 of the penalty in the loss. */
  lambda: number;
  /** α per layer (default) or per filter. */
  alpha?: AlphaGranularity;
  /** Which layers get a penalty (default: every lowbit layer whose `weight` role is a binary format). */
  layers?: (name: string) => boolean;
}

/**
 * The BNN+ penalty of one kernel (Darabi et al. 2018, arXiv:1812.11800 §3.2; methods.md §6.2):
 * Σ_ij R(w_ij, α), with R1 = |α − |w|| or R2 = (α − |w|)²; α has shape [1] or [filters] (broadcast over the
 * kernel's last axis). Gradients (tfjs autodiff, subgradient −1 at the kinks |w| = 0 and α = |w|):
 *
 * | kind | dR/dw                     | dR/dα            |
 * |------|---------------------------|------------------|
 * | R1   | −sign(α − |w|)·sign(w)    | sign(α − |w|)    |
 * | R2   | −2(α − |w|)·sign(w)       | 2(α − |w|)       |
 *
 * @throws RangeError for an unknown kind or an α shape that does not broadcast.
 * @example bnnPlusPenalty(tf.tensor([0.5, -2]), tf.tensor([1]), 'R2') // (0.5)² + 1² = 1.25
 */
export function bnnPlusPenalty(w: tf.Tensor, alpha: tf.Tensor, kind: BnnPlusKind): tf.Scalar {
  if (kind !== 'R1' && kind !== 'R2') throw new RangeError(`bnnPlusPenalty: kind must be 'R1' or 'R2'; got ${JSON.stringify(kind)}`);
  const last = w.shape[w.rank - 1];
  if (alpha.rank !== 1 || (alpha.shape[0] !== 1 && alpha.shape[0] !== last)) {
    throw new RangeError(`bnnPlusPenalty: alpha must have shape [1] or [${last}] (the kernel's last axis); got [${alpha.shape}]`);
  }
  return tf.tidy(() => {
    const d = tf.sub(alpha, tf.abs(w));
    return tf.sum(kind === 'R1' ? tf.abs(d) : tf.square(d)) as tf.Scalar;
  });
}

/**
 * BNN+'s regularizer over a model, with trainable scales α (Darabi et al. 2018: "we add trainable scaling factors
 * to our regularization functions"). For each selected layer it creates α (per layer or per filter), initialised
 * to mean(|W|) over the same axes, and adds λ·Σ_layers Σ_ij R(W_ij, α) to the loss; α is trained with the weights
 * (give `bindings()` to the optimizer; α is never clipped).
 * Not modelled: α does not scale the binarised weights (W_b = sign(W)); whether the paper does is unconfirmed
 * (methods.md §6.2), and keeping W_b = ±1 keeps the XNOR export exact.
 * @example const reg = new BnnPlusRegularizer(model, { kind: 'R1', lambda: 1e-6, alpha: 'filter' }); loss = loss.add(reg.penalty())
 */
export class BnnPlusRegularizer {
  readonly kind: BnnPlusKind;
  readonly lambda: number;
  readonly granularity: AlphaGranularity;
  private readonly terms: Array<{ layer: string; kernel: tf.LayerVariable; alpha: tf.LayerVariable }> = [];

  constructor(model: tf.LayersModel, options: BnnPlusOptions) {
    const o = options ?? ({} as BnnPlusOptions);
    if (o.kind !== 'R1' && o.kind !== 'R2') throw new RangeError(`BnnPlusRegularizer: kind must be 'R1' or 'R2'; got ${JSON.stringify(o.kind)}`);
    if (typeof o.lambda !== 'number' || !(o.lambda >= 0) || !Number.isFinite(o.lambda)) throw new RangeError(`BnnPlusRegularizer: lambda must be a finite number ≥ 0; got ${o.lambda}`);
    const g = o.alpha ?? 'layer';
    if (g !== 'layer' && g !== 'filter') throw new RangeError(`BnnPlusRegularizer: alpha must be 'layer' or 'filter'; got ${JSON.stringify(o.alpha)}`);
    this.kind = o.kind;
    this.lambda = o.lambda;
    this.granularity = g;
    for (const layer of model.layers) {
      if (!isQuantizedLayer(layer)) continue;
      const selected = o.layers ? o.layers(layer.name) : layer.quant.layerRoles.weight?.format.kind === 'binary';
      const kernel = layer.quantizedParams().find((p) => p.name === 'kernel');
      if (!selected || !kernel) continue;
      const init = tf.tidy(() => {
        const a = tf.abs(kernel.variable.read());
        return g === 'layer' ? tf.reshape(tf.mean(a), [1]) : tf.mean(a, a.shape.map((_, i) => i).slice(0, -1));
      });
      this.terms.push({ layer: layer.name, kernel: kernel.variable, alpha: new tf.LayerVariable(init, 'float32', `${layer.name}/bnnplus_alpha`, true) });
      init.dispose();
    }
  }

  /** The regularized layers, in model order. */
  get layerNames(): string[] {
    return this.terms.map((t) => t.layer);
  }

  /** λ·Σ R over the selected kernels (a scalar in the current tidy scope; differentiable in W and α). */
  penalty(): tf.Scalar {
    return tf.tidy(() => {
      let sum: tf.Tensor = tf.scalar(0);
      for (const t of this.terms) sum = tf.add(sum, bnnPlusPenalty(t.kernel.read(), t.alpha.read(), this.kind));
      return tf.mul(sum, this.lambda) as tf.Scalar;
    });
  }

  /** The α variables as optimizer bindings (no clipping, no quantizers). */
  bindings(): ParamBinding[] {
    return this.terms.map((t) => ({ name: (t.alpha.read() as tf.Variable).name, variable: t.alpha, clip: false }));
  }

  /** Current α values by layer name (for run records). */
  alphas(): Record<string, number[]> {
    return Object.fromEntries(this.terms.map((t) => [t.layer, Array.from(t.alpha.read().dataSync())]));
  }

  /** Frees the α variables. */
  dispose(): void {
    for (const t of this.terms) t.alpha.dispose();
  }
}
