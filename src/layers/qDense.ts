import * as tf from '@tensorflow/tfjs';
import { LayerQuant, type LayerQuantConfig, type QuantizedLayer } from './_internal/layerQuant.js';
import { applyActivation, checkActivation, type ActivationId } from './_internal/activations.js';
import { accumulatorMatMul } from './_internal/accumulatorMatMul.js';

/** Config of `QDense` (JSON; saved in model.json). */
export interface QDenseConfig extends LayerQuantConfig {
  units: number;
  activation?: ActivationId;
  useBias?: boolean;
  name?: string;
  inputShape?: number[];
  trainable?: boolean;
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
export class QDense extends tf.layers.Layer implements QuantizedLayer {
  static className = 'QDense';
  readonly quant: LayerQuant;
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
    this.quant = new LayerQuant(this.name, QDense.className, config);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const inDim = shape[shape.length - 1]!;
    const seed = this.quant.toConfig().seed ?? 0;
    this.kernel = this.addWeight('kernel', [inDim, this.units], 'float32', tf.initializers.glorotUniform({ seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (inputShape as tf.Shape).slice();
    shape[shape.length - 1] = this.units;
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const training = kwargs.training === true;
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const w = this.quant.param('weight', this.kernel!.read(), training);
      const acc = this.quant.accumulator();
      let z = acc ? accumulatorMatMul(x, w, acc) : tf.matMul(x, w);
      if (this.bias) z = tf.add(z, this.quant.param('bias', this.bias.read(), training));
      return this.quant.output(applyActivation(this.activation, z), training);
    });
  }

  quantizedParams(): Array<{ name: string; variable: tf.LayerVariable; clip: boolean }> {
    const out = [{ name: 'kernel', variable: this.kernel!, clip: true }];
    if (this.bias) out.push({ name: 'bias', variable: this.bias, clip: false });
    return out;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const cfg = { units: this.units, activation: this.activation, useBias: this.useBias, ...this.quant.toConfig() };
    return { ...super.getConfig(), ...(cfg as unknown as tf.serialization.ConfigDict) };
  }
}
