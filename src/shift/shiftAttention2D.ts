import * as tf from '@tensorflow/tfjs';
import { salAttention, checkSchedule } from './salAttention.js';
import { roundedSalForward } from './roundedSal.js';
import { checkLayerInts, convOutSize, pair } from './_internal/checks.js';

/** Config of `ShiftAttention2D` (channels-last, NHWC). */
export interface ShiftAttention2DConfig {
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
  /** Seed of the Glorot-uniform W and the U(0, 1) attention logits (default 0). */
  seed?: number;
  /** True after `roundAttention()`: the layer is shifts + 1×1 convolutions. */
  rounded?: boolean;
  name?: string;
  inputShape?: number[];
  trainable?: boolean;
}

/** What `roundAttention` reports about the attention it replaced. */
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
 * shape [C_in, C_out, k²] (or [C_in, 1, k²] when `shared`), `y = conv(x, K, stride, pad ⌊k/2⌋) + b`.
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
export class ShiftAttention2D extends tf.layers.Layer {
  static className = 'ShiftAttention2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: [number, number];
  readonly shared: boolean;
  readonly tau0: number;
  readonly tauFinal: number;
  readonly totalIters: number;
  readonly useBias: boolean;
  readonly seed: number;
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
    this.seed = config.seed ?? 0;
    checkLayerInts('ShiftAttention2D', { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, seed: this.seed });
    if (this.kernelSize < 3 || this.kernelSize % 2 === 0) throw new RangeError(`ShiftAttention2D: kernelSize must be an odd integer ≥ 3; got ${this.kernelSize}`);
    this.tau0 = config.tau0 ?? 20;
    this.tauFinal = config.tauFinal ?? 70;
    this.totalIters = config.totalIters;
    checkSchedule('ShiftAttention2D', this.tau0, this.tauFinal, this.totalIters);
    this.shared = config.shared ?? false;
    this.useBias = config.useBias ?? false;
    this.roundedFlag = config.rounded ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const cin = shape[shape.length - 1]!;
    const k = this.kernelSize;
    const heads = this.shared ? 1 : this.filters;
    this.kernel = this.addWeight('kernel', [k, k, cin, this.filters], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.logits = this.addWeight('attention', [cin, heads, k * k], 'float32', tf.initializers.randomUniform({ minval: 0, maxval: 1, seed: this.seed + 1 }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.step = this.addWeight('step', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.shiftIndex = this.addWeight('shiftIndex', [cin, heads], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = inputShape as tf.Shape;
    return [n ?? null, convOutSize(h ?? null, this.strides[0]), convOutSize(w ?? null, this.strides[1]), this.filters];
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

  /** The effective kernel K = W ⊙ A (one-hot A once rounded), [k, k, C_in, filters]. */
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

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const r = (this.kernelSize - 1) / 2;
      let y: tf.Tensor = this.roundedFlag
        ? roundedSalForward(x, this.kernel!.read() as tf.Tensor4D, this.shiftTaps(), this.strides)
        : tf.conv2d(x, this.effectiveKernel(), this.strides, r);
      if (this.bias) y = tf.add(y, this.bias.read());
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, shared: this.shared,
      tau0: this.tau0, tauFinal: this.tauFinal, totalIters: this.totalIters, useBias: this.useBias,
      seed: this.seed, rounded: this.roundedFlag,
    };
  }
}

/**
 * Advances τ of every `ShiftAttention2D` in `model` by one iteration; call it after each optimizer step.
 * @returns how many layers were advanced.
 */
export function advanceSalLayers(model: tf.LayersModel): number {
  const sal = model.layers.filter((l): l is ShiftAttention2D => l instanceof ShiftAttention2D);
  for (const l of sal) l.advanceTau();
  return sal.length;
}

/** Rounds every `ShiftAttention2D` in `model` (`roundAttention`); returns the reports by layer name. */
export function roundSalLayers(model: tf.LayersModel): Record<string, SalRoundReport> {
  const out: Record<string, SalRoundReport> = {};
  for (const l of model.layers) if (l instanceof ShiftAttention2D && !l.rounded) out[l.name] = l.roundAttention();
  return out;
}
