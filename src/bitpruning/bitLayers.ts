import * as tf from '@tensorflow/tfjs';
import { BitLayerQuant, type BitLayerConfig } from './_internal/bitLayerQuant.js';
import type { BitlengthBank } from './bitlengthBank.js';

export type { BitLayerConfig };

/** Config of `BitDense`. */
export interface BitDenseConfig extends BitLayerConfig {
  units: number;
  useBias?: boolean;
  name?: string;
  inputShape?: number[];
}

/** Config of `BitConv2D` (NHWC). */
export interface BitConv2DConfig extends BitLayerConfig {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  name?: string;
  inputShape?: number[];
}

/** A layer with learned bitlengths (its groups and quantizers live in `bitQuant`). */
export interface BitLayer {
  readonly bitQuant: BitLayerQuant;
  /** Output channels: the length of its 'channel'-granularity bitlength vectors. */
  readonly channels: number;
}

const checkInt = (cls: string, key: string, v: unknown) => {
  if (!Number.isInteger(v) || (v as number) < 1) throw new RangeError(`${cls}: ${key} must be an integer ≥ 1; got ${JSON.stringify(v)}`);
};

/**
 * A dense layer whose kernel and output are quantized with learned bitlengths (BitPruning, Nikolić et al. 2020,
 * arXiv:2002.03090): y = Q_{n_a}(act(x · Q_{n_w}(W) + b)), the roles `weight` and `activation` of lowbit's policy
 * (the activation of a layer is its output, read by the next layer's MACs). The bias stays float32 (not modelled:
 * bias bitlength). The activation range is the batch's max |y| in training and a running range at inference
 * (`ACTIVATION_RANGE_MOMENTUM`, non-trainable weight `activation_range`). Groups come from the bank by `granularity` (see `bitGroup`); at 'channel' granularity both are
 * per output unit, as the cost model's per-channel bitlengths (src/cost `createBitVariables`).
 * @example new BitDense({ units: 100, activation: 'relu', bank, granularity: 'layer', inputShape: [784] })
 */
export class BitDense extends tf.layers.Layer implements BitLayer {
  static className = 'BitDense';
  readonly bitQuant: BitLayerQuant;
  readonly units: number;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private range: tf.LayerVariable | null = null;
  private inputDim = 0;

  get channels(): number {
    return this.units;
  }

  constructor(config: BitDenseConfig) {
    super(config);
    checkInt('BitDense', 'units', config.units);
    this.units = config.units;
    this.useBias = config.useBias ?? true;
    this.bitQuant = new BitLayerQuant('BitDense', config);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    this.inputDim = shape[shape.length - 1]!;
    this.kernel = this.addWeight('kernel', [this.inputDim, this.units], 'float32', tf.initializers.glorotUniform({ seed: this.bitQuant.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.range = runningRange(this, this.units);
    if (this.bitQuant.bank) this.bitQuant.ensure(this.name, this.units);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor2D;
      let z = tf.matMul(x, this.bitQuant.quantizeWeight(this.name, this.kernel!.read()) as tf.Tensor2D);
      if (this.bias) z = tf.add(z, this.bias.read());
      return this.bitQuant.output(this.name, z, kwargs?.training === true, this.range);
    });
  }


  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias, ...(this.bitQuant.toConfig() as tf.serialization.ConfigDict) };
  }
}

/**
 * A 2-D convolution (NHWC) with learned bitlengths for its kernel and output, as `BitDense`:
 * y = Q_{n_a}(act(conv(x, Q_{n_w}(W)) + b)). 'channel' granularity: both per output filter.
 * @example new BitConv2D({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', bank, inputShape: [28, 28, 1] })
 */
export class BitConv2D extends tf.layers.Layer implements BitLayer {
  static className = 'BitConv2D';
  readonly bitQuant: BitLayerQuant;
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private range: tf.LayerVariable | null = null;
  private inShape: number[] = [];

  get channels(): number {
    return this.filters;
  }

  constructor(config: BitConv2DConfig) {
    super(config);
    for (const k of ['filters', 'kernelSize'] as const) checkInt('BitConv2D', k, config[k]);
    checkInt('BitConv2D', 'strides', config.strides ?? 1);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.strides = config.strides ?? 1;
    this.padding = config.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') throw new RangeError(`BitConv2D: padding must be 'same' or 'valid'; got ${JSON.stringify(config.padding)}`);
    this.useBias = config.useBias ?? true;
    this.bitQuant = new BitLayerQuant('BitConv2D', config);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.inShape = (inputShape as tf.Shape).slice(1).map((d) => d ?? 0);
    const cin = this.inShape[2]!;
    const k = this.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, cin, this.filters], 'float32', tf.initializers.glorotUniform({ seed: this.bitQuant.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.range = runningRange(this, this.filters);
    if (this.bitQuant.bank) this.bitQuant.ensure(this.name, this.filters);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    const out = (s: number | null | undefined) => (s == null ? null : this.padding === 'same'
      ? Math.ceil(s / this.strides) : Math.floor((s - this.kernelSize) / this.strides) + 1);
    return [n ?? null, out(h), out(w), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      let z: tf.Tensor = tf.conv2d(x, this.bitQuant.quantizeWeight(this.name, this.kernel!.read()) as tf.Tensor4D, this.strides, this.padding);
      if (this.bias) z = tf.add(z, this.bias.read());
      return this.bitQuant.output(this.name, z, kwargs?.training === true, this.range);
    });
  }


  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding,
      useBias: this.useBias, ...(this.bitQuant.toConfig() as tf.serialization.ConfigDict),
    };
  }
}

/** The non-trainable running activation range of a layer whose output is quantized (null otherwise). */
function runningRange(layer: tf.layers.Layer & BitLayer, channels: number): tf.LayerVariable | null {
  const q = layer.bitQuant;
  if (!q.quantizeOutput) return null;
  return (layer as unknown as { addWeight: AddWeight }).addWeight('activation_range', q.rangeShape(layer.name, channels), 'float32', tf.initializers.zeros(), undefined, false);
}
type AddWeight = (name: string, shape: number[], dtype: 'float32', init: tf.serialization.Serializable, reg: undefined, trainable: boolean) => tf.LayerVariable;

/** True for lowbit's learned-bitlength layers. */
export function isBitLayer(layer: unknown): layer is tf.layers.Layer & BitLayer {
  return layer instanceof BitDense || layer instanceof BitConv2D;
}

/**
 * Attaches `bank` to every learned-bitlength layer of `model` (after `tf.loadLayersModel`, which cannot
 * deserialise it) and creates any missing groups. Returns the number of layers.
 */
export function attachBitlengthBank(model: tf.LayersModel, bank: BitlengthBank): number {
  let count = 0;
  for (const l of model.layers) {
    if (!isBitLayer(l)) continue;
    l.bitQuant.bank = bank;
    l.bitQuant.ensure(l.name, l.channels);
    count++;
  }
  return count;
}

