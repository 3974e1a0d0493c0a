import * as tf from '@tensorflow/tfjs';
import { shift2d, tapOffset, type ShiftOffset } from './shift2d.js';
import { checkLayerInts, convOutSize, pair } from './_internal/checks.js';

/** Config of `ShiftConv2D` (channels-last, NHWC). */
export interface ShiftConv2DConfig {
  /** Output channels of the 1×1 convolution. */
  filters: number;
  /** Side k of the (odd) neighbourhood the shifts are drawn from (default 3: offsets in {−1, 0, 1}²). */
  kernelSize?: number;
  /** Strides of the 1×1 convolution (default 1). */
  strides?: number | [number, number];
  /** One tap index in [0, k²) per input channel (row-major, see `tapOffset`); default: `defaultShiftTaps`. */
  taps?: number[];
  useBias?: boolean;
  /** Seed of the Glorot-uniform 1×1 kernel initialiser (default 0). */
  seed?: number;
  name?: string;
  inputShape?: number[];
  trainable?: boolean;
}

/**
 * Wu et al.'s channel assignment: channel c of C gets tap ⌊c·k²/C⌋, so the k² offsets get contiguous, nearly
 * equal blocks of channels (when C < k², some offsets are unused). Contiguous blocks make `shift2d` one slice per
 * block. Wu et al. put the remainder channels on the centre tap; lowbit spreads them instead.
 * @example defaultShiftTaps(3, 9) // [0, 1, 2, 3, 4, 5, 6, 7, 8]
 */
export function defaultShiftTaps(k: number, channels: number): number[] {
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`defaultShiftTaps: channels must be an integer ≥ 1; got ${channels}`);
  tapOffset(k, 0); // checks k
  return Array.from({ length: channels }, (_, c) => Math.floor((c * k * k) / channels));
}

/**
 * A shift layer (Wu et al. 2018, "Shift: A Zero FLOP, Zero Parameter Alternative to Spatial Convolutions",
 * arXiv:1711.08141; the "SL" of Boukli Hacene et al. 2019, arXiv:1905.12300): every input channel is shifted by a
 * fixed spatial offset (`shift2d`, zero fill), then a 1×1 convolution mixes channels:
 * `y = conv1×1(shift(x), W) + b`, W of shape [1, 1, C_in, filters].
 *
 * The shifts are fixed and not trained; they cost no multiplication and no parameter (the cost model counts them
 * as memory moves). Output size: ⌈H/s⌉ × ⌈W/s⌉ ('same').
 * Not modelled: learned or per-(out, in) shifts (see `ShiftAttention2D`), dilation, activation (add a layer).
 * @example new ShiftConv2D({ filters: 32, inputShape: [28, 28, 16] })
 */
export class ShiftConv2D extends tf.layers.Layer {
  static className = 'ShiftConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: [number, number];
  readonly useBias: boolean;
  readonly seed: number;
  private tapsConfig: number[] | undefined;
  private offsets: ShiftOffset[] = [];
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: ShiftConv2DConfig) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize ?? 3;
    this.strides = pair(config.strides ?? 1);
    this.seed = config.seed ?? 0;
    checkLayerInts('ShiftConv2D', { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, seed: this.seed });
    tapOffset(this.kernelSize, 0);
    this.useBias = config.useBias ?? true;
    this.tapsConfig = config.taps === undefined ? undefined : [...config.taps];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const cin = shape[shape.length - 1]!;
    const taps = this.tapsConfig ?? defaultShiftTaps(this.kernelSize, cin);
    if (taps.length !== cin || !taps.every((t) => Number.isInteger(t) && t >= 0 && t < this.kernelSize ** 2)) {
      throw new RangeError(`ShiftConv2D: taps must hold ${cin} integers in [0, ${this.kernelSize ** 2}); got ${JSON.stringify(taps)}`);
    }
    this.tapsConfig = taps;
    this.offsets = taps.map((t) => tapOffset(this.kernelSize, t));
    this.kernel = this.addWeight('kernel', [1, 1, cin, this.filters], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    return [n ?? null, convOutSize(h ?? null, this.strides[0]), convOutSize(w ?? null, this.strides[1]), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2d(shift2d(x, this.offsets), this.kernel!.read() as tf.Tensor4D, this.strides, 'same');
      if (this.bias) y = tf.add(y, this.bias.read());
      return y;
    });
  }

  /** The per-input-channel offsets [dy, dx] (after build). */
  shiftOffsets(): ShiftOffset[] {
    return this.offsets.map((o) => [o[0], o[1]] as const);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      useBias: this.useBias,
      seed: this.seed,
      ...(this.tapsConfig ? { taps: this.tapsConfig } : {}),
    };
  }
}
