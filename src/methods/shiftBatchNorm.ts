import * as tf from '@tensorflow/tfjs';
import { LayerQuant, type LayerQuantConfig, type QuantizedLayer } from '../layers/_internal/layerQuant.js';
import { applyActivation, checkActivation, type ActivationId } from '../layers/_internal/activations.js';
import { ap2, ap2Tensor } from './ap2.js';

/** Config of `ShiftBatchNorm`. */
export interface ShiftBatchNormConfig extends LayerQuantConfig {
  /** Weight of the old value in the moving averages: m ← momentum·m + (1 − momentum)·batch (default 0.875, Torch's 0.125 the other way). */
  momentum?: number;
  /** Added to the variance (default 1e-5, the Torch code's). */
  epsilon?: number;
  /** Activation after the affine step, before the `activation` role (default linear). */
  activation?: ActivationId;
  name?: string;
  inputShape?: number[];
}

/**
 * Shift-based batch normalization (BinaryNet, Courbariaux, Hubara et al. 2016, arXiv:1602.02830 Algorithm 3;
 * Torch `BatchNormalizationShiftPow2.lua`; methods.md §4.3), over the last axis. In training, per channel:
 *
 *     μ = mean(x),  C = x − μ
 *     σ² = mean(C · AP2(C))               (C·AP2(C) replaces C²: a shift)
 *     x̂ = C · AP2(1/√(σ² + ε))
 *     y = AP2(γ) · x̂ + β
 *
 * At inference μ and σ² are the moving averages and y = (x − μ)·a + β with a = AP2(γ)·AP2(1/√(σ² + ε)), a power
 * of two per channel, computed as three float32 ops (sub, mul, add). The backward pass treats every AP2 as the
 * identity (straight-through), so the gradients are those of ordinary batch norm at the AP2 points.
 * Roles as lowbit's `BatchNorm`: `weight` on γ, `bias` on β, `activation`/`error` on the output.
 * Not modelled: the moving averages are float32 (the Torch code keeps AP2 of the running std; here AP2 is taken
 * when they are used); 1/√(σ² + ε) is computed in float32 before AP2.
 * @example new ShiftBatchNorm({ precision: { activation: { format: 'binary', backward: 'clipped' } } })
 */
export class ShiftBatchNorm extends tf.layers.Layer implements QuantizedLayer {
  static className = 'ShiftBatchNorm';
  readonly quant: LayerQuant;
  readonly momentum: number;
  readonly epsilon: number;
  readonly activation: ActivationId;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(config: ShiftBatchNormConfig = {}) {
    super(config);
    this.momentum = config.momentum ?? 0.875;
    this.epsilon = config.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`ShiftBatchNorm: momentum must be in [0, 1); got ${config.momentum}`);
    if (!(this.epsilon > 0)) throw new RangeError(`ShiftBatchNorm: epsilon must be > 0; got ${config.epsilon}`);
    this.activation = checkActivation('ShiftBatchNorm', config.activation ?? 'linear');
    this.quant = new LayerQuant(this.name, ShiftBatchNorm.className, config);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const c = shape[shape.length - 1]!;
    this.gamma = this.addWeight('gamma', [c], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [c], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [c], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [c], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const training = kwargs.training === true;
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const gamma = this.quant.param('weight', this.gamma!.read(), training);
      const beta = this.quant.param('bias', this.beta!.read(), training);
      let y: tf.Tensor;
      if (training) {
        const axes = x.shape.map((_, i) => i).slice(0, -1);
        const mean = tf.mean(x, axes);
        const c = tf.sub(x, mean);
        const variance = tf.mean(tf.mul(c, ap2Tensor(c)), axes);
        const inv = ap2Tensor(tf.rsqrt(tf.add(variance, this.epsilon)));
        y = tf.add(tf.mul(ap2Tensor(gamma), tf.mul(c, inv)), beta);
        const m = this.momentum;
        this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
        this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
      } else {
        y = tf.add(tf.mul(tf.sub(x, this.movingMean!.read()), this.inferenceScale(gamma)), beta);
      }
      return this.quant.output(applyActivation(this.activation, y), training);
    });
  }

  /** a = AP2(γ)·AP2(1/√(σ² + ε)) per channel, from the moving variance (float32 rsqrt, as in training). */
  private inferenceScale(gamma: tf.Tensor): tf.Tensor {
    const inv = tf.rsqrt(tf.add(this.movingVariance!.read(), this.epsilon)).dataSync();
    const g = gamma.dataSync();
    const a = new Float32Array(g.length);
    for (let i = 0; i < a.length; i++) a[i] = ap2(g[i]!) * ap2(inv[i]!);
    return tf.tensor1d(a, 'float32');
  }

  quantizedParams(): Array<{ name: string; variable: tf.LayerVariable; clip: boolean }> {
    return [
      { name: 'gamma', variable: this.gamma!, clip: false },
      { name: 'beta', variable: this.beta!, clip: false },
    ];
  }

  override getConfig(): tf.serialization.ConfigDict {
    const cfg = { momentum: this.momentum, epsilon: this.epsilon, activation: this.activation, ...this.quant.toConfig() };
    return { ...super.getConfig(), ...(cfg as unknown as tf.serialization.ConfigDict) };
  }
}
