import * as tf from '@tensorflow/tfjs';
import { BatchNorm, type BatchNormConfig } from '../layers/batchNorm.js';
import { ap2, ap2Tensor } from './ap2.js';

/**
 * Config of `ShiftBatchNorm`: `BatchNorm`'s, with other defaults: momentum 0.875 (the weight of the old value,
 * Torch's 0.125 the other way) and ε = 1e-5 (the Torch code's).
 * @example
 * new ShiftBatchNorm({ momentum: 0.9, epsilon: 1e-4 })
 */
export type ShiftBatchNormConfig = BatchNormConfig;

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
export class ShiftBatchNorm extends BatchNorm {
  static override className = 'ShiftBatchNorm';

  constructor(config: ShiftBatchNormConfig = {}) {
    super(config, { momentum: 0.875, epsilon: 1e-5 });
  }

  protected override normalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, training: boolean): tf.Tensor {
    if (!training) return tf.add(tf.mul(tf.sub(x, this.movingMean!.read()), this.inferenceScale(gamma)), beta);
    const axes = x.shape.map((_, i) => i).slice(0, -1);
    const mean = tf.mean(x, axes);
    const c = tf.sub(x, mean);
    const variance = tf.mean(tf.mul(c, ap2Tensor(c)), axes);
    const inv = ap2Tensor(tf.rsqrt(tf.add(variance, this.epsilon)));
    this.track(mean, variance);
    return tf.add(tf.mul(ap2Tensor(gamma), tf.mul(c, inv)), beta);
  }

  /** a = AP2(γ)·AP2(1/√(σ² + ε)) per channel, from the moving variance (float32 rsqrt, as in training). */
  private inferenceScale(gamma: tf.Tensor): tf.Tensor {
    const inv = tf.rsqrt(tf.add(this.movingVariance!.read(), this.epsilon)).dataSync();
    const g = gamma.dataSync();
    const a = new Float32Array(g.length);
    for (let i = 0; i < a.length; i++) a[i] = ap2(g[i]!) * ap2(inv[i]!);
    return tf.tensor1d(a, 'float32');
  }
}
