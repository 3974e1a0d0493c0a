import * as tf from '@tensorflow/tfjs';
import { QuantizedLayer, type QuantizedLayerConfig } from './quantizedLayer.js';
import { checkActivation, type ActivationId } from './_internal/activations.js';

/**
 * Config of `BatchNorm`.
 * @example
 * new BatchNorm({ momentum: 0.9, epsilon: 1e-4, precision: { activation: { format: 'binary' } } })
 */
export interface BatchNormConfig extends QuantizedLayerConfig {
  /** Moving-average factor of the inference statistics: m ← momentum·m + (1 − momentum)·batch (default 0.9). */
  momentum?: number;
  /** Added to the variance (default 1e-4, BinaryConnect/BinaryNet's ε). */
  epsilon?: number;
  /** Activation applied after the affine step, before the `activation` role (default linear). */
  activation?: ActivationId;
}

/**
 * Batch normalization over the last axis (Ioffe & Szegedy 2015): y = f(γ·(x − μ)/√(σ² + ε) + β), batch
 * statistics while training and moving averages at inference (α = 1 − momentum = 0.1 as in BinaryConnect).
 * Roles: `weight` quantizes γ, `bias` quantizes β, `activation`/`error` the output and dL/dy; the optimizers
 * apply `gradient`/`momentum`/`update` to γ and β. Subclasses change the normalization (`normalize`), as
 * BinaryNet's shift-based `ShiftBatchNorm` does.
 * Not modelled: the normalization arithmetic itself (mean, variance, division) is float32; the moving statistics
 * are float32.
 * @example new BatchNorm({ activation: 'relu', precision: { activation: { format: 'dfixed(w=10)' } } })
 */
export class BatchNorm extends QuantizedLayer {
  static className = 'BatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  readonly activation: ActivationId;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  protected movingMean: tf.LayerVariable | null = null;
  protected movingVariance: tf.LayerVariable | null = null;

  constructor(config: BatchNormConfig = {}, defaults: { momentum: number; epsilon: number } = { momentum: 0.9, epsilon: 1e-4 }) {
    super(config);
    const cls = (this.constructor as unknown as { className: string }).className;
    this.momentum = config.momentum ?? defaults.momentum;
    this.epsilon = config.epsilon ?? defaults.epsilon;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`${cls}: momentum must be in [0, 1); got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new RangeError(`${cls}: epsilon must be > 0; got ${this.epsilon}`);
    this.activation = checkActivation(cls, config.activation ?? 'linear');
  }

  protected buildParams(shape: tf.Shape): void {
    const c = shape[shape.length - 1]!;
    this.gamma = this.addParam('gamma', [c], tf.initializers.ones(), { role: 'weight' });
    this.beta = this.addParam('beta', [c], tf.initializers.zeros(), { role: 'bias' });
    this.movingMean = this.addState('moving_mean', [c], tf.initializers.zeros());
    this.movingVariance = this.addState('moving_variance', [c], tf.initializers.ones());
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    const gamma = this.use(this.gamma!, training);
    const beta = this.use(this.beta!, training);
    return this.finish(this.normalize(x, gamma, beta, training), training, this.activation);
  }

  /** Updates the moving statistics with a batch's mean and variance (training). */
  protected track(mean: tf.Tensor, variance: tf.Tensor): void {
    const m = this.momentum;
    this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
    this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
  }

  /** γ·(x − μ)/√(σ² + ε) + β with batch statistics (training) or the moving averages (inference). */
  protected normalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, training: boolean): tf.Tensor {
    if (!training) return tf.batchNorm(x, this.movingMean!.read(), this.movingVariance!.read(), beta, gamma, this.epsilon);
    const { mean, variance } = tf.moments(x, x.shape.map((_, i) => i).slice(0, -1));
    this.track(mean, variance);
    return tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
  }

  protected layerConfig(): Record<string, unknown> {
    return { momentum: this.momentum, epsilon: this.epsilon, activation: this.activation };
  }
}
