import * as tf from '@tensorflow/tfjs';
import { shift2d, tapOffset, type ShiftOffset } from './shift2d.js';
import { checkLayerInts, pair } from './_internal/checks.js';
import { QuantizedLayer, type QuantizedLayerConfig } from '../layers/quantizedLayer.js';
import { checkActivation, type ActivationId } from '../layers/_internal/activations.js';
import { convOutputLengthOrNull } from '../layers/convGeometry.js';

/**
 * Config of `ShiftConv2D` (channels-last, NHWC).
 * @example
 * new ShiftConv2D({ filters: 64, kernelSize: 3 })
 */
export interface ShiftConv2DConfig extends QuantizedLayerConfig {
  /** Output channels of the 1×1 convolution. */
  filters: number;
  /** Side k of the (odd) neighbourhood the shifts are drawn from (default 3: offsets in {−1, 0, 1}²). */
  kernelSize?: number;
  /** Strides of the 1×1 convolution (default 1). */
  strides?: number | [number, number];
  /** One tap index in [0, k²) per input channel (row-major, see `tapOffset`); default: `defaultShiftTaps`. */
  taps?: number[];
  useBias?: boolean;
  /** Activation after the 1×1 convolution, before the `activation` role (default linear). */
  activation?: ActivationId;
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
 * `y = Q_act(f(conv1×1(shift(x), Q_w(W)) + Q_b(b)))`, W of shape [1, 1, C_in, filters], with the policy roles of
 * every quantized layer (a `QuantizedLayer`: weight, bias, activation, error, accumulator, and the optimizers').
 *
 * The shifts are fixed and not trained; they cost no multiplication and no parameter (the cost model counts them
 * as memory moves). Output size: ⌈H/s⌉ × ⌈W/s⌉ ('same').
 * Not modelled: learned or per-(out, in) shifts (see `ShiftAttention2D`), dilation.
 * @example new ShiftConv2D({ filters: 32, inputShape: [28, 28, 16] })
 */
export class ShiftConv2D extends QuantizedLayer {
  static className = 'ShiftConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: [number, number];
  readonly useBias: boolean;
  readonly activation: ActivationId;
  private tapsConfig: number[] | undefined;
  private offsets: ShiftOffset[] = [];
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: ShiftConv2DConfig) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize ?? 3;
    this.strides = pair(config.strides ?? 1);
    checkLayerInts('ShiftConv2D', { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, seed: this.seed });
    tapOffset(this.kernelSize, 0);
    this.useBias = config.useBias ?? true;
    this.activation = checkActivation('ShiftConv2D', config.activation ?? 'linear');
    this.tapsConfig = config.taps === undefined ? undefined : [...config.taps];
  }

  protected buildParams(shape: tf.Shape): void {
    const cin = shape[shape.length - 1]!;
    const taps = this.tapsConfig ?? defaultShiftTaps(this.kernelSize, cin);
    if (taps.length !== cin || !taps.every((t) => Number.isInteger(t) && t >= 0 && t < this.kernelSize ** 2)) {
      throw new RangeError(`ShiftConv2D: taps must hold ${cin} integers in [0, ${this.kernelSize ** 2}); got ${JSON.stringify(taps)}`);
    }
    this.tapsConfig = taps;
    this.offsets = taps.map((t) => tapOffset(this.kernelSize, t));
    this.kernel = this.addParam('kernel', [1, 1, cin, this.filters], tf.initializers.glorotUniform({ seed: this.seed }), { role: 'weight', clip: true });
    if (this.useBias) this.bias = this.addParam('bias', [this.filters], tf.initializers.zeros(), { role: 'bias' });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    return [n ?? null, convOutputLengthOrNull(h, 1, this.strides[0], 'same'), convOutputLengthOrNull(w, 1, this.strides[1], 'same'), this.filters];
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    let y = this.conv2d(shift2d(x, this.offsets), this.use(this.kernel!, training), this.strides, 'same');
    if (this.bias) y = tf.add(y, this.use(this.bias, training));
    return this.finish(y, training, this.activation);
  }

  /** The per-input-channel offsets [dy, dx] (after build). */
  shiftOffsets(): ShiftOffset[] {
    return this.offsets.map((o) => [o[0], o[1]] as const);
  }

  protected layerConfig(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      useBias: this.useBias,
      activation: this.activation,
      ...(this.tapsConfig ? { taps: this.tapsConfig } : {}),
    };
  }
}
