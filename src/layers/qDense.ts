import * as tf from '@tensorflow/tfjs';
import { QuantizedLayer, type QuantizedLayerConfig } from './quantizedLayer.js';
import { checkActivation, type ActivationId } from './_internal/activations.js';

/**
 * Config of `QDense` (JSON; saved in model.json).
 * @example
 * new QDense({ units: 128, activation: 'relu', inputShape: [784], precision: { weight: { format: 'float8_e4m3fn' }, activation: { format: 'bfloat16' } } })
 */
export interface QDenseConfig extends QuantizedLayerConfig {
  units: number;
  activation?: ActivationId;
  useBias?: boolean;
}

/**
 * A fully connected layer whose tensors are quantized per its precision roles:
 * `y = Q_act(f(Q_acc(x · Q_w(W)) + Q_b(b)))`, with `Q_err` on dL/dy in the backward pass and straight-through
 * estimators on Q_w, Q_b, Q_act. The `gradient`, `momentum` and `update` roles are applied by lowbit's optimizers.
 *
 * Accumulation is float32 (tfjs matMul) unless the `accumulator` role is set: then every dot product, forward and
 * backward, is computed by the simulator with that accumulator format (exact, slow: see docs/training.md).
 * Kernel init: Glorot uniform seeded by `seed`; bias init zero.
 * @example tf.sequential({ layers: [new QDense({ units: 10, inputShape: [784], precision: { weight: { format: 'float16' } } })] })
 */
export class QDense extends QuantizedLayer {
  static className = 'QDense';
  readonly units: number;
  readonly activation: ActivationId;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: QDenseConfig) {
    super(config);
    if (!Number.isInteger(config.units) || config.units < 1) throw new RangeError(`QDense: units must be an integer ≥ 1; got ${config.units}`);
    this.units = config.units;
    this.activation = checkActivation('QDense', config.activation ?? 'linear');
    this.useBias = config.useBias ?? true;
  }

  protected buildParams(shape: tf.Shape): void {
    const inDim = shape[shape.length - 1]!;
    this.kernel = this.addParam('kernel', [inDim, this.units], tf.initializers.glorotUniform({ seed: this.seed }), { role: 'weight', clip: true });
    if (this.useBias) this.bias = this.addParam('bias', [this.units], tf.initializers.zeros(), { role: 'bias' });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (inputShape as tf.Shape).slice();
    shape[shape.length - 1] = this.units;
    return shape;
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    let z = this.product(x, this.use(this.kernel!, training), training);
    if (this.bias) z = tf.add(z, this.use(this.bias, training));
    return this.finish(z, training, this.activation);
  }

  /** x·W (a subclass may change how the product is trained, as `QbpDense` does). */
  protected product(x: tf.Tensor, w: tf.Tensor, _training: boolean): tf.Tensor {
    return this.matMul(x, w);
  }

  protected layerConfig(): Record<string, unknown> {
    return { units: this.units, activation: this.activation, useBias: this.useBias };
  }
}
