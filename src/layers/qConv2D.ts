import * as tf from '@tensorflow/tfjs';
import { LayerQuant, type LayerQuantConfig, type QuantizedLayer } from './_internal/layerQuant.js';
import { applyActivation, checkActivation, type ActivationId } from './_internal/activations.js';
import { accumulatorConv2D } from './_internal/accumulatorConv2D.js';

/** Config of `QConv2D` (channels-last, NHWC). */
export interface QConv2DConfig extends LayerQuantConfig {
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  activation?: ActivationId;
  useBias?: boolean;
  name?: string;
  inputShape?: number[];
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * A 2-D convolution (NHWC) with the same roles as `QDense`: y = Q_act(f(Q_acc(x ⊛ Q_w(W)) + Q_b(b))), `Q_err` on
 * dL/dy, and the optimizers' gradient/momentum/update roles on the kernel and bias. Kernel init: Glorot uniform
 * (fan_in = kh·kw·C_in, fan_out = kh·kw·filters), seeded. With an `accumulator` role the forward convolution is
 * computed as im2col + the simulator's matmul (exact, slow); the backward pass of that path accumulates in float32.
 * @example new QConv2D({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] })
 */
export class QConv2D extends tf.layers.Layer implements QuantizedLayer {
  static className = 'QConv2D';
  readonly quant: LayerQuant;
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly activation: ActivationId;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: QConv2DConfig) {
    super(config);
    const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
    if (!posInt(config.filters)) throw new RangeError(`QConv2D: filters must be an integer ≥ 1; got ${config.filters}`);
    this.filters = config.filters;
    this.kernelSize = pair(config.kernelSize);
    this.strides = pair(config.strides ?? 1);
    if (![...this.kernelSize, ...this.strides].every(posInt)) {
      throw new RangeError(`QConv2D: kernelSize and strides must be integers ≥ 1; got ${JSON.stringify([config.kernelSize, config.strides])}`);
    }
    this.padding = config.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') throw new RangeError(`QConv2D: padding must be same or valid; got ${JSON.stringify(config.padding)}`);
    this.activation = checkActivation('QConv2D', config.activation ?? 'linear');
    this.useBias = config.useBias ?? true;
    this.quant = new LayerQuant(this.name, QConv2D.className, config);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const cin = shape[shape.length - 1]!;
    const seed = this.quant.toConfig().seed ?? 0;
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addWeight('kernel', [kh, kw, cin, this.filters], 'float32', tf.initializers.glorotUniform({ seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    const out = (size: number | null, k: number, s: number) =>
      size == null ? null : this.padding === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
    return [n ?? null, out(h ?? null, this.kernelSize[0], this.strides[0]), out(w ?? null, this.kernelSize[1], this.strides[1]), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const training = kwargs.training === true;
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const w = this.quant.param('weight', this.kernel!.read(), training) as tf.Tensor4D;
      const acc = this.quant.accumulator();
      let z: tf.Tensor = acc
        ? accumulatorConv2D(x, w, this.strides, this.padding, acc)
        : tf.conv2d(x, w, this.strides, this.padding);
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
    const cfg = {
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      activation: this.activation,
      useBias: this.useBias,
      ...this.quant.toConfig(),
    };
    return { ...super.getConfig(), ...(cfg as unknown as tf.serialization.ConfigDict) };
  }
}
