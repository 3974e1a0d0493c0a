import * as tf from '@tensorflow/tfjs';
import { QuantizedLayer, type QuantizedLayerConfig } from './quantizedLayer.js';
import { checkActivation, type ActivationId } from './_internal/activations.js';
import { convOutputLengthOrNull } from './convGeometry.js';

/**
 * Config of `QConv2D` (channels-last, NHWC).
 * @example
 * new QConv2D({ filters: 32, kernelSize: 3, padding: 'same', precision: { weight: { format: 'int8' } } })
 */
export interface QConv2DConfig extends QuantizedLayerConfig {
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  activation?: ActivationId;
  useBias?: boolean;
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * A 2-D convolution (NHWC) with the same roles as `QDense`: y = Q_act(f(Q_acc(x ⊛ Q_w(W)) + Q_b(b))), `Q_err` on
 * dL/dy, and the optimizers' gradient/momentum/update roles on the kernel and bias. Kernel init: Glorot uniform
 * (fan_in = kh·kw·C_in, fan_out = kh·kw·filters), seeded. With an `accumulator` role the forward convolution is
 * computed as im2col + the simulator's matmul (exact, slow).
 * @example new QConv2D({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] })
 */
export class QConv2D extends QuantizedLayer {
  static className = 'QConv2D';
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
  }

  protected buildParams(shape: tf.Shape): void {
    const cin = shape[shape.length - 1]!;
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addParam('kernel', [kh, kw, cin, this.filters], tf.initializers.glorotUniform({ seed: this.seed }), { role: 'weight', clip: true });
    if (this.useBias) this.bias = this.addParam('bias', [this.filters], tf.initializers.zeros(), { role: 'bias' });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    const out = (size: number | null | undefined, i: 0 | 1) => convOutputLengthOrNull(size, this.kernelSize[i], this.strides[i], this.padding);
    return [n ?? null, out(h, 0), out(w, 1), this.filters];
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    let z = this.conv2d(x, this.use(this.kernel!, training), this.strides, this.padding);
    if (this.bias) z = tf.add(z, this.use(this.bias, training));
    return this.finish(z, training, this.activation);
  }

  protected layerConfig(): Record<string, unknown> {
    return { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding, activation: this.activation, useBias: this.useBias };
  }
}
