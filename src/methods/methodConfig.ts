import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { QDense, type QDenseConfig } from '../layers/qDense.js';
import { BatchNorm, type BatchNormConfig } from '../layers/batchNorm.js';
import type { ParamBinding } from '../optimizers/paramBinding.js';
import { ByteInput } from './byteInput.js';
import { QbpDense } from './qbpDense.js';
import { ShiftBatchNorm } from './shiftBatchNorm.js';
import { squaredHinge } from './squaredHinge.js';
import { glorotLrScale } from './glorotLrScale.js';
import { BnnPlusRegularizer } from './bnnPlusRegularizer.js';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';

const exponent = z.number().int().min(-126).max(126);

/**
 * The `method` section of a training config (strict): the parts of the binary methods that are not precision
 * roles (those are in `policy`; see `methodPolicy`).
 *
 * | key              | effect                                                                  | method            |
 * |------------------|-------------------------------------------------------------------------|-------------------|
 * | `loss`           | `squaredHinge` (L2-SVM, ±1 targets) instead of softmax cross-entropy      | BC, Lin, BNN, QNN |
 * | `glorotLrScale`  | kernels' updates × 1/√(1.5/(fan_in + fan_out))                            | BC, BNN           |
 * | `inputBits`      | `ByteInput` first: pixels as n-bit integers (bit-plane first layer)       | BNN (XNOR export) |
 * | `shiftBatchNorm` | `ShiftBatchNorm` (AP2) instead of `BatchNorm`                              | BNN (Torch)       |
 * | `outputBatchNorm`| a batch norm `output_bn` after the logits (no sign), as BC/BNN's last layer | BC, Lin, BNN, QNN |
 * | `qbp`            | dense layers are `QbpDense`: power-of-two input in the weight gradient    | Lin et al.        |
 * | `testWeights`    | `real`: the weight role is skipped at inference (stochastic BC)           | BC                |
 * | `kernelInit`     | `uniform`: kernels start U(−1, 1) (BinaryConnect's H = 1), not Glorot     | BC, Lin, BNN      |
 * | `bnnPlus`        | regularizer λ·Σ R(α, w) with trainable α (`BnnPlusRegularizer`)           | BNN+              |
 */
export const METHOD_SCHEMA = z.strictObject({
  /** The method's loss of one-hot labels and logits (e.g. the squared hinge). */
  loss: z.enum(['softmaxCrossEntropy', 'squaredHinge']).default('softmaxCrossEntropy'),
  glorotLrScale: z.boolean().default(false),
  inputBits: z.number().int().min(1).max(8).optional(),
  shiftBatchNorm: z.boolean().default(false),
  outputBatchNorm: z.boolean().default(false),
  qbp: z.strictObject({ expMin: exponent.default(-4), expMax: exponent.default(3) }).optional(),
  testWeights: z.enum(['quantized', 'real']).default('quantized'),
  kernelInit: z.enum(['glorot', 'uniform']).default('glorot'),
  bnnPlus: z.strictObject({ kind: z.enum(['R1', 'R2']), lambda: z.number().min(0), alpha: z.enum(['layer', 'filter']).default('layer') }).optional(),
});

/** A validated `method` section with defaults. */
export type MethodSpec = z.infer<typeof METHOD_SCHEMA>;

/** The layer constructors `buildModel` uses under a method (plain lowbit layers when `method` is absent). */
export interface MethodFactories {
  /** The first layer, if the method adds one (ByteInput). */
  input?: (cfg: { inputShape?: number[] }) => tf.layers.Layer;
  dense: (cfg: QDenseConfig) => QDense;
  batchNorm: (cfg: BatchNormConfig) => tf.layers.Layer;
  /** The batch norm after the output layer, if the method adds one (give it the name `output_bn`). */
  outputNorm?: (cfg: BatchNormConfig) => tf.layers.Layer;
}

/**
 * Layer factories for a method: `QbpDense` for dense layers under `qbp`, `ShiftBatchNorm` under `shiftBatchNorm`,
 * a `ByteInput` first under `inputBits`, a linear batch norm after the logits under `outputBatchNorm`, and
 * `testWeights: 'real'` passed to every dense layer.
 * @example const f = methodFactories(config.method); layers.push(f.dense({ name: 'dense_1', units: 100 }))
 */
export function methodFactories(method: MethodSpec | undefined): MethodFactories {
  const real = method?.testWeights === 'real' ? { testWeights: 'real' as const } : {};
  const qbp = method?.qbp;
  const bn = (cfg: BatchNormConfig) => (method?.shiftBatchNorm ? new ShiftBatchNorm(cfg) : new BatchNorm(cfg));
  return {
    ...(method?.inputBits ? { input: (cfg: { inputShape?: number[] }) => new ByteInput({ ...cfg, name: 'bytes', bits: method.inputBits }) } : {}),
    dense: (cfg) => (qbp ? new QbpDense({ ...cfg, ...real, qbp }) : new QDense({ ...cfg, ...real })),
    batchNorm: bn,
    ...(method?.outputBatchNorm ? { outputNorm: (cfg: BatchNormConfig) => bn({ ...cfg, activation: 'linear' }) } : {}),
  };
}

/**
 * What the training loop needs from a method: its loss, an extra penalty and extra parameters.
 * @example
 * // what fit() gets from a config's method section: its loss (e.g. the squared hinge) and an optional penalty
 * const loss = method.loss(onehot, logits);
 */
export interface MethodTraining {
  /** The method's loss of one-hot labels and logits (e.g. the squared hinge). */
  loss: (onehot: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  /** λ·ΣR of BNN+, when set. */
  penalty?: () => tf.Scalar;
  /** Parameters that are not layer weights (BNN+'s α). */
  extraParams: ParamBinding[];
  /** Sets `lrScale` (Glorot) on the kernel bindings, when set; call on the model's bindings. */
  scaleBindings: (bindings: ParamBinding[]) => void;
  /** Run-record extras (final α per layer). */
  record: () => Record<string, unknown>;
  /** Frees what the method allocated (tfjs variables of a regularizer). */
  dispose: () => void;
}

/**
 * Re-initialises every clipped kernel (QDense/QConv2D) to U(−1, 1), seeded per layer: BinaryConnect's code draws
 * W ~ U(−H, H) with H = 1, so the real weights have the scale of the binary ones (which matters when the real
 * weights are used at test time, and for how soon signs flip).
 */
function uniformKernels(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer)) continue;
    for (const p of layer.quantizedParams()) {
      if (!p.clip) continue;
      const init = tf.randomUniform(p.variable.shape as number[], -1, 1, 'float32', deriveSeed(seed, layer.name, 'uniformInit') % 2 ** 31);
      p.variable.write(init);
      init.dispose();
    }
  }
}

/**
 * The training-loop side of a method for a built model (and, for `kernelInit: 'uniform'`, its initial kernels).
 * @example const mt = methodTraining(config.method, model, config.seed); loss = mt.loss(y, logits)
 */
export function methodTraining(method: MethodSpec | undefined, model: tf.LayersModel, seed = 0): MethodTraining {
  if (method?.kernelInit === 'uniform') uniformKernels(model, seed);
  const reg = method?.bnnPlus ? new BnnPlusRegularizer(model, method.bnnPlus) : undefined;
  return {
    loss: method?.loss === 'squaredHinge' ? squaredHinge : (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
    ...(reg ? { penalty: () => reg.penalty() } : {}),
    extraParams: reg ? reg.bindings() : [],
    scaleBindings: (bindings) => {
      if (!method?.glorotLrScale) return;
      for (const b of bindings) if (b.clip) (b as ParamBinding & { lrScale?: number }).lrScale = glorotLrScale(b.variable.shape as number[]);
    },
    record: () => (reg ? { bnnPlusAlpha: reg.alphas() } : {}),
    dispose: () => reg?.dispose(),
  };
}
