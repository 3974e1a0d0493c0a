import * as tf from '@tensorflow/tfjs';
import { LayerQuant, type LayerQuantConfig } from './_internal/layerQuant.js';
import { applyActivation, type ActivationId } from './_internal/activations.js';
import { accumulatorMatMul } from './_internal/accumulatorMatMul.js';
import { accumulatorConv2D } from './_internal/accumulatorConv2D.js';
import type { ConvPadding } from './convGeometry.js';

type Initializer = Parameters<tf.layers.Layer['addWeight']>[3];

/**
 * Config every quantized layer takes: the lowbit roles and state (`LayerQuantConfig`) plus tfjs' layer fields.
 * @example
 * new QDense({ name: 'fc1', units: 64, inputShape: [784], seed: 3, precision: { weight: { format: 'int8' } } })
 */
export interface QuantizedLayerConfig extends LayerQuantConfig {
  name?: string;
  inputShape?: number[];
  trainable?: boolean;
}

/**
 * A trainable parameter of a quantized layer: its forward role (or none) and whether weight clipping applies.
 * @example
 * // in a subclass: declare the kernel, rounded by the weight role, with weight clipping
 * this.params = [{ name: 'kernel', variable: this.kernel, clip: true, role: 'weight' }];
 */
export interface QuantizedParam {
  name: string;
  variable: tf.LayerVariable;
  /** Weight clipping applies (kernels; not biases, BatchNorm's γ and β, or attention logits). */
  clip: boolean;
  /** The forward role that rounds it as the layer uses it (`weight`, `bias`), or null (it is used unrounded). */
  role: 'weight' | 'bias' | null;
}

/**
 * The one base of lowbit's quantized layers (QDense, QConv2D, BatchNorm, Maxout, ShiftBatchNorm, QbpDense,
 * ShiftConv2D, ShiftAttention2D). It owns the quantization plumbing, so a layer class only declares its
 * parameters (`addParam`, with the role that rounds each), its forward pass and its own config fields:
 *
 * - `build` creates the parameters (`buildParams`), then the quantizers whose formats own tensors (learned widths,
 *   sized by each role's channels: the parameter's last axis, the output's last axis);
 * - `use(p, training)` reads a parameter rounded by its role (with the role's estimator);
 * - `matMul` / `conv2d` are the layers' one product path: tfjs kernels in float32, or, with an `accumulator`
 *   role, the simulator's matmul with every addition rounded into that format;
 * - `finish(z, training, activation)` applies the activation, then the `activation` role forward and the `error`
 *   role backward;
 * - `quantizedParams()` lists the parameters for the optimizers (gradient, momentum, update roles);
 * - `getConfig()` saves the layer's fields, its roles (canonical JSON) and every format's state.
 *
 * Adding a layer type: a class extending this one plus one line in `LOWBIT_LAYERS` (src/layers/registerLayers.ts)
 * naming its cost handler; docs/training.md shows an example.
 * @example class QScale extends QuantizedLayer { static className = 'QScale'; … }
 */
export abstract class QuantizedLayer extends tf.layers.Layer {
  readonly quant: LayerQuant;
  private readonly qparams: QuantizedParam[] = [];
  private builtInput: tf.Shape | undefined;

  constructor(config: QuantizedLayerConfig) {
    super(config);
    const className = (this.constructor as unknown as { className: string }).className;
    this.quant = new LayerQuant(this.name, className, config);
  }

  /** Creates the parameters for an input of this shape (batch axis first). */
  protected abstract buildParams(inputShape: tf.Shape): void;
  /** The forward pass of one input (inside a tidy); end with `finish` so the output roles apply. */
  protected abstract forward(x: tf.Tensor, training: boolean): tf.Tensor;
  /** The layer's own config fields (units, filters, …), saved next to the roles. */
  protected abstract layerConfig(): Record<string, unknown>;

  /** Seed of the layer's random streams (initializers), from its config (default 0). */
  protected get seed(): number {
    return this.quant.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.buildParams(shape);
    this.builtInput = shape;
    this.prepareQuantizers();
    this.built = true;
  }

  /**
   * Replaces the layer's precision (and seed/DFXP settings when given), dropping its quantizers and their state;
   * formats that own tensors (learned widths) are created again at once when the layer is built.
   */
  reconfigure(cfg: LayerQuantConfig): void {
    this.quant.configure(cfg);
    if (this.builtInput) this.prepareQuantizers();
  }

  private prepareQuantizers(): void {
    const channels: Partial<Record<'weight' | 'bias' | 'activation', number>> = {};
    for (const p of this.qparams) if (p.role) channels[p.role] = (p.variable.shape as number[]).at(-1) ?? 1;
    const out = this.computeOutputShape(this.builtInput!) as tf.Shape;
    const c = out[out.length - 1];
    if (c != null) channels.activation = c;
    this.quant.prepare(channels);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => this.forward(Array.isArray(inputs) ? inputs[0]! : inputs, kwargs.training === true));
  }

  /** Adds a trainable parameter rounded by `role` in the forward pass (null: used as is). */
  protected addParam(name: string, shape: number[], init: Initializer, o: { role: 'weight' | 'bias' | null; clip?: boolean }): tf.LayerVariable {
    const variable = this.addWeight(name, shape, 'float32', init);
    this.qparams.push({ name, variable, clip: o.clip ?? false, role: o.role });
    return variable;
  }

  /** Adds a non-trainable weight (moving statistics, counters); it is saved with the model and never rounded. */
  protected addState(name: string, shape: number[], init: Initializer): tf.LayerVariable {
    return this.addWeight(name, shape, 'float32', init, undefined, false);
  }

  /** A parameter as the forward pass uses it: rounded by its role (with the role's estimator), else as stored. */
  protected use(p: tf.LayerVariable, training: boolean): tf.Tensor {
    const role = this.qparams.find((q) => q.variable === p)?.role;
    return role ? this.quant.param(role, p.read(), training) : p.read();
  }

  /** x·W ([…, K] by [K, N]): tfjs matMul, or the simulator's with the `accumulator` role. */
  protected matMul(x: tf.Tensor, w: tf.Tensor): tf.Tensor {
    const acc = this.quant.accumulator();
    return acc ? accumulatorMatMul(x, w, acc) : tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
  }

  /** A 2-D convolution (NHWC): tfjs conv2d, or im2col + the simulator's matmul with the `accumulator` role. */
  protected conv2d(x: tf.Tensor, w: tf.Tensor, strides: [number, number], padding: ConvPadding): tf.Tensor {
    const acc = this.quant.accumulator();
    return acc ? accumulatorConv2D(x as tf.Tensor4D, w as tf.Tensor4D, strides, padding, acc) : tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, padding);
  }

  /** f(z), then the `activation` role forward and the `error` role backward. */
  protected finish(z: tf.Tensor, training: boolean, activation: ActivationId = 'linear'): tf.Tensor {
    return this.quant.output(applyActivation(activation, z), training, activation === 'relu');
  }

  /** Hook of the training loop, called once after every optimizer step (a SAL advances its τ schedule). */
  afterTrainStep(): void {}

  /** Trainable parameters with their name and whether weight clipping applies (for the optimizers). */
  quantizedParams(): Array<{ name: string; variable: tf.LayerVariable; clip: boolean }> {
    return this.qparams.map(({ name, variable, clip }) => ({ name, variable, clip }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.layerConfig(), ...this.quant.toConfig() } as tf.serialization.ConfigDict;
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    const r = super.dispose();
    if (r.refCountAfterDispose === 0) this.quant.dispose();
    return r;
  }
}

/**
 * Type guard for lowbit's quantized layers.
 * @example
 * model.layers.filter(isQuantizedLayer).map((l) => l.name)
 */
export function isQuantizedLayer(layer: unknown): layer is QuantizedLayer {
  return layer instanceof QuantizedLayer;
}
