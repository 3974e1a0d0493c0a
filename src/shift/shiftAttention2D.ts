import * as tf from '@tensorflow/tfjs';
import { salAttention, checkSchedule } from './salAttention.js';
import { roundedSalForward } from './roundedSal.js';
import { checkLayerInts, pair } from './_internal/checks.js';
import { QuantizedLayer, type QuantizedLayerConfig } from '../layers/quantizedLayer.js';
import { checkActivation, type ActivationId } from '../layers/_internal/activations.js';
import { convOutputLengthOrNull } from '../layers/convGeometry.js';

/**
 * Config of `ShiftAttention2D` (channels-last, NHWC).
 * @example
 * new ShiftAttention2D({ filters: 64, kernelSize: 3, tau0: 20 })
 */
export interface ShiftAttention2DConfig extends QuantizedLayerConfig {
  filters: number;
  /** Odd kernel side k ≥ 3 (default 3). */
  kernelSize?: number;
  strides?: number | [number, number];
  /** One attention per input channel (a learned shift layer) instead of one per (output, input) pair. */
  shared?: boolean;
  /** τ schedule (official CIFAR defaults τ_0 = 20, τ_final = 70); `totalIters` = iterations per epoch · epochs. */
  tau0?: number;
  tauFinal?: number;
  totalIters: number;
  /** Default false, as the official layer (`bias=False`; it is followed by batch norm). */
  useBias?: boolean;
  /** Activation after the convolution, before the `activation` role (default linear). */
  activation?: ActivationId;
  /** True after `roundAttention()`: the layer is shifts + 1×1 convolutions. */
  rounded?: boolean;
}

/**
 * What `roundAttention` reports about the attention it replaced.
 * @example
 * const reports = roundSalLayers(model);
 * reports.sal_1.kernels
 */
export interface SalRoundReport {
  kernels: number;
  /** Smallest max_k²(A) over kernels: how close the softest kernel was to one-hot. */
  minMaxAttention: number;
  /** Kernels with max(A) ≤ 0.5: the official `torch.round(A)` would have zeroed them; lowbit keeps the argmax. */
  keptBelowHalf: number;
}

/**
 * Shift Attention Layer (Boukli Hacene, Lassance, Gripon, Courbariaux, Bengio 2019, arXiv:1905.12300; official code
 * `eghouti/SAL` `sat.py` / `satshared.py`; methods.md §7.1). A k×k convolution whose kernel is gated by an
 * attention over its k² taps: `K = W ⊙ A`, `A = softmax_{k²}(τ_t · M / std_{k²}(M))` (`salAttention`), with M of
 * shape [C_in, C_out, k²] (or [C_in, 1, k²] when `shared`), `y = Q_act(f(conv(x, Q_w(W) ⊙ A, stride, pad ⌊k/2⌋) + Q_b(b)))`.
 * The policy roles are those of every quantized layer (`QuantizedLayer`): the weight role rounds W (A is a
 * training-time gate, one-hot and exact once rounded); M is a parameter without a forward role (the optimizers'
 * gradient, momentum and update roles apply to it).
 *
 * τ_t = τ_0 · (τ_final/τ_0)^(t/totalIters), t = the iteration counter `step` (a non-trainable weight, so it is
 * saved with the model): call `advanceTau()` once per training step (`advanceSalLayers` does every SAL of a model).
 * `roundAttention()` ends training: A ← one-hot(argmax A), written to the non-trainable weight `shiftIndex`; the
 * layer then computes shifts + 1×1 convolutions (`roundedSalForward`), which equals `conv(x, W ⊙ onehot)`.
 *
 * Differences from the official code (documented, deliberate):
 * - rounding is argmax one-hot, not `torch.round(A)`: a kernel with max(A) ≤ 0.5 keeps its best tap instead of
 *   becoming all zero (`SalRoundReport.keptBelowHalf` counts them);
 * - std gets `SAL_STD_EPSILON` added;
 * - padding is ⌊k/2⌋ on every side (PyTorch `padding=1`), not TF's 'same', which at stride 2 pads only bottom/right.
 * @example new ShiftAttention2D({ filters: 32, totalIters: 6000, inputShape: [28, 28, 16] })
 */
export class ShiftAttention2D extends QuantizedLayer {
  static className = 'ShiftAttention2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: [number, number];
  readonly shared: boolean;
  readonly tau0: number;
  readonly tauFinal: number;
  readonly totalIters: number;
  readonly useBias: boolean;
  readonly activation: ActivationId;
  private roundedFlag: boolean;
  private kernel: tf.LayerVariable | null = null;
  private logits: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private step: tf.LayerVariable | null = null;
  private shiftIndex: tf.LayerVariable | null = null;

  constructor(config: ShiftAttention2DConfig) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize ?? 3;
    this.strides = pair(config.strides ?? 1);
    checkLayerInts('ShiftAttention2D', { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, seed: this.seed });
    if (this.kernelSize < 3 || this.kernelSize % 2 === 0) throw new RangeError(`ShiftAttention2D: kernelSize must be an odd integer ≥ 3; got ${this.kernelSize}`);
    this.tau0 = config.tau0 ?? 20;
    this.tauFinal = config.tauFinal ?? 70;
    this.totalIters = config.totalIters;
    checkSchedule('ShiftAttention2D', this.tau0, this.tauFinal, this.totalIters);
    this.shared = config.shared ?? false;
    this.useBias = config.useBias ?? false;
    this.activation = checkActivation('ShiftAttention2D', config.activation ?? 'linear');
    this.roundedFlag = config.rounded ?? false;
  }

  protected buildParams(shape: tf.Shape): void {
    const cin = shape[shape.length - 1]!;
    const k = this.kernelSize;
    const heads = this.shared ? 1 : this.filters;
    this.kernel = this.addParam('kernel', [k, k, cin, this.filters], tf.initializers.glorotUniform({ seed: this.seed }), { role: 'weight', clip: true });
    this.logits = this.addParam('attention', [cin, heads, k * k], tf.initializers.randomUniform({ minval: 0, maxval: 1, seed: this.seed + 1 }), { role: null });
    if (this.useBias) this.bias = this.addParam('bias', [this.filters], tf.initializers.zeros(), { role: 'bias' });
    this.step = this.addState('step', [], tf.initializers.zeros());
    this.shiftIndex = this.addState('shiftIndex', [cin, heads], tf.initializers.zeros());
  }

  /** Padding ⌊k/2⌋ on every side. */
  private get pad(): number {
    return (this.kernelSize - 1) / 2;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    const k = this.kernelSize;
    return [n ?? null, convOutputLengthOrNull(h, k, this.strides[0], this.pad), convOutputLengthOrNull(w, k, this.strides[1], this.pad), this.filters];
  }

  /** True once `roundAttention` ran (or the config said so). */
  get rounded(): boolean {
    return this.roundedFlag;
  }

  /** τ at the current step. */
  tau(): number {
    const t = this.step!.read().dataSync()[0]!;
    return this.tau0 * Math.pow(this.tauFinal / this.tau0, t / this.totalIters);
  }

  /** Advances the schedule by one iteration (t ← t + 1). */
  advanceTau(): void {
    tf.tidy(() => {
      this.step!.write(tf.add(this.step!.read(), 1) as tf.Scalar);
    });
  }

  /** The per-step hook of the training loop: one τ iteration per optimizer step (the official schedule). */
  override afterTrainStep(): void {
    if (!this.roundedFlag) this.advanceTau();
  }

  /** The attention A as [k, k, C_in, C_out or 1] at the current τ (soft), or the one-hot A once rounded. */
  attention(): tf.Tensor4D {
    const k = this.kernelSize;
    const [cin, heads] = this.shiftIndex!.shape as [number, number];
    return tf.tidy(() => {
      const a = this.roundedFlag
        ? tf.oneHot(tf.cast(this.shiftIndex!.read(), 'int32'), k * k).cast('float32')
        : salAttention(this.logits!.read(), this.tau());
      return tf.reshape(tf.transpose(a, [2, 0, 1]), [k, k, cin, heads]) as tf.Tensor4D;
    });
  }

  /** The effective kernel K = W ⊙ A (one-hot A once rounded), [k, k, C_in, filters], W as stored. */
  effectiveKernel(): tf.Tensor4D {
    return tf.tidy(() => tf.mul(this.kernel!.read(), this.attention()) as tf.Tensor4D);
  }

  /** Replaces A by one-hot(argmax A) for good: the layer becomes shifts + 1×1 convolutions. */
  roundAttention(): SalRoundReport {
    if (this.roundedFlag) throw new Error(`ShiftAttention2D '${this.name}': roundAttention was already called`);
    const [idx, maxA] = tf.tidy(() => {
      const a = salAttention(this.logits!.read(), this.tau());
      return [tf.cast(tf.argMax(a, -1), 'float32'), tf.max(a, -1)];
    });
    const peaks = maxA.dataSync();
    this.shiftIndex!.write(idx);
    tf.dispose([idx, maxA]);
    this.roundedFlag = true;
    let minMax = Infinity;
    let below = 0;
    for (const p of peaks) {
      minMax = Math.min(minMax, p);
      if (p <= 0.5) below++;
    }
    return { kernels: peaks.length, minMaxAttention: minMax, keptBelowHalf: below };
  }

  /** The shift tap (row-major index in [0, k²)) of each kernel, [C_in][C_out or 1]; only once rounded. */
  shiftTaps(): number[][] {
    if (!this.roundedFlag) throw new Error(`ShiftAttention2D '${this.name}': shiftTaps needs roundAttention() first`);
    return this.shiftIndex!.read().arraySync() as number[][];
  }

  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    const w = this.use(this.kernel!, training) as tf.Tensor4D;
    let y: tf.Tensor = this.roundedFlag
      ? roundedSalForward(x as tf.Tensor4D, w, this.shiftTaps(), this.strides, (xs, w1, s) => this.conv2d(xs, w1, s, 'valid') as tf.Tensor4D)
      : this.conv2d(x, tf.mul(w, this.attention()), this.strides, this.pad);
    if (this.bias) y = tf.add(y, this.use(this.bias, training));
    return this.finish(y, training, this.activation);
  }

  protected layerConfig(): Record<string, unknown> {
    return {
      filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, shared: this.shared,
      tau0: this.tau0, tauFinal: this.tauFinal, totalIters: this.totalIters, useBias: this.useBias,
      activation: this.activation, rounded: this.roundedFlag,
    };
  }
}

/**
 * Advances τ of every `ShiftAttention2D` in `model` by one iteration; call it after each optimizer step.
 * @returns how many layers were advanced.
 * @example
 * advanceSalLayers(model) // after each training step: τ of every SAL moves one step along its schedule
 */
export function advanceSalLayers(model: tf.LayersModel): number {
  const sal = model.layers.filter((l): l is ShiftAttention2D => l instanceof ShiftAttention2D);
  for (const l of sal) l.advanceTau();
  return sal.length;
}

/**
 * Rounds every `ShiftAttention2D` in `model` (`roundAttention`); returns the reports by layer name.
 * @example
 * const reports = roundSalLayers(model); // at the end of training: each kernel keeps its arg-max shift
 */
export function roundSalLayers(model: tf.LayersModel): Record<string, SalRoundReport> {
  const out: Record<string, SalRoundReport> = {};
  for (const l of model.layers) if (l instanceof ShiftAttention2D && !l.rounded) out[l.name] = l.roundAttention();
  return out;
}
