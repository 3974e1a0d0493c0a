import * as tf from '@tensorflow/tfjs';
import { LayerQuant, type LayerQuantConfig, type QuantizedLayer } from './_internal/layerQuant.js';
import { applyActivation, checkActivation, type ActivationId } from './_internal/activations.js';

/** Config of `BatchNorm`. */
export interface BatchNormConfig extends LayerQuantConfig {
  /** Moving-average factor of the inference statistics: m ← momentum·m + (1 − momentum)·batch (default 0.9). */
  momentum?: number;
  /** Added to the variance (default 1e-4, BinaryConnect/BinaryNet's ε). */
  epsilon?: number;
  /** Activation applied after the affine step, before the `activation` role (default linear). */
  activation?: ActivationId;
  name?: string;
  inputShape?: number[];
}

/**
 * Batch normalization over the last axis (Ioffe & Szegedy 2015): y = f(γ·(x − μ)/√(σ² + ε) + β), batch
 * statistics while training and moving averages at inference (α = 1 − momentum = 0.1 as in BinaryConnect).
 * Roles: `weight` quantizes γ, `bias` quantizes β, `activation`/`error` the output and dL/dy; the optimizers
 * apply `gradient`/`momentum`/`update` to γ and β.
 * Not modelled: the normalization arithmetic itself (mean, variance, division) is float32; the moving statistics
 * are float32. BinaryNet's shift-based BN is not this layer.
 * @example new BatchNorm({ activation: 'relu', precision: { activation: { format: 'dfixed(w=10)' } } })
 */
export class BatchNorm extends tf.layers.Layer implements QuantizedLayer {
  static className = 'BatchNorm';
  readonly quant: LayerQuant;
  readonly momentum: number;
  readonly epsilon: number;
  readonly activation: ActivationId;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(config: BatchNormConfig = {}) {
    super(config);
    this.momentum = config.momentum ?? 0.9;
    this.epsilon = config.epsilon ?? 1e-4;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`BatchNorm: momentum must be in [0, 1); got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new RangeError(`BatchNorm: epsilon must be > 0; got ${this.epsilon}`);
    this.activation = checkActivation('BatchNorm', config.activation ?? 'linear');
    this.quant = new LayerQuant(this.name, BatchNorm.className, config);
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
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (training) {
        const axes = x.shape.map((_, i) => i).slice(0, -1);
        ({ mean, variance } = tf.moments(x, axes));
        const m = this.momentum;
        this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
        this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
      } else {
        mean = this.movingMean!.read();
        variance = this.movingVariance!.read();
      }
      const gamma = this.quant.param('weight', this.gamma!.read(), training);
      const beta = this.quant.param('bias', this.beta!.read(), training);
      const y = tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
      return this.quant.output(applyActivation(this.activation, y), training);
    });
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
