import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/random/rng.js';
import type { BitlengthBank } from './bitlengthBank.js';
import { bitRegularizer, type BitRegularizerOptions } from './bitRegularizer.js';
import { BitTrajectory, bitSummary, type BitSummary } from './bitTrajectory.js';

/** A split as tensors: x with the batch first, y as integer labels [n] (int32 or float32). */
export interface TensorSplit {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

/** Options of `trainBitPruning`. */
export interface TrainBitPruningOptions {
  /** Epochs with learned bitlengths and the regularizer (may be 0: a float/fixed-bit baseline). */
  learnEpochs: number;
  /** Epochs at the rounded-up, frozen integer bitlengths (0 skips rounding too when learnEpochs is 0). */
  finetuneEpochs: number;
  batchSize: number;
  /** Adam learning rate of the weights, and learning rate of the bitlengths. */
  lr: number;
  /** Learning rate of the weights while fine-tuning (a fresh Adam; default `lr`). */
  finetuneLr?: number;
  bitLr: number;
  /**
   * Optimizer of the bitlengths (default 'adam': about `bitLr` bits per step whatever the gradient's scale, so the
   * cost weights act only through where task and cost gradients balance; 'sgd': steps ∝ gradient, so a bitlength
   * the cost prices high also falls faster).
   */
  bitOptimizer?: 'adam' | 'sgd';
  /** The regularizer; omit for none (λ = 0). */
  regularizer?: BitRegularizerOptions;
  /** Shuffling seed. */
  seed: number;
  /** Examples per evaluation batch (activation ranges are per batch; default 1000). */
  evalBatch?: number;
  /** Called after each epoch with its row. */
  onEpoch?: (row: BitEpochRow) => void;
}

/** One epoch of history. */
export interface BitEpochRow {
  epoch: number;
  phase: 'learn' | 'finetune';
  /** Mean task loss and mean penalty over the epoch's steps. */
  taskLoss: number;
  penalty: number;
  testAccuracy: number;
  meanBits: number;
  /** C(n) of the regularizer's target at the epoch end (NaN without a regularizer). */
  cost: number;
}

/** What `trainBitPruning` returns. */
export interface BitPruningReport {
  history: BitEpochRow[];
  trajectory: BitTrajectory;
  /** Test accuracy at the end of the learning phase (real-valued bitlengths), after rounding up, and at the end. */
  accuracyLearned: number;
  accuracyRounded: number;
  accuracyFinal: number;
  summary: BitSummary;
}

/**
 * BitPruning's schedule (Nikolić et al. 2020, arXiv:2002.03090; methods.md §8.2): (1) train weights and bitlengths
 * on L_task + λ·C(n) for `learnEpochs`; (2) round every bitlength up (`BitlengthBank.roundUp`, which freezes them);
 * (3) fine-tune the weights alone for `finetuneEpochs` at those integer bitlengths (a fresh Adam at `finetuneLr`). Records the bitlength of every
 * group after every epoch (`trajectory`). Weights and bitlengths have separate Adam optimizers; the bitlengths are
 * clipped to the bank's bounds after each step. Loss: softmax cross-entropy on the model's logits.
 * Not modelled: learning-rate schedules, weight decay, data augmentation.
 * @throws RangeError on bad epochs, batch size or learning rates.
 * @example await trainBitPruning(model, bank, train, test, { learnEpochs: 3, finetuneEpochs: 1, batchSize: 100, lr: 1e-3, bitLr: 0.02, seed: 1, regularizer: { target: 'bits', lambda: 0.1 } })
 */
export async function trainBitPruning(
  model: tf.LayersModel, bank: BitlengthBank, train: TensorSplit, test: TensorSplit, options: TrainBitPruningOptions,
): Promise<BitPruningReport> {
  const o = options;
  for (const [k, v] of [['learnEpochs', o.learnEpochs], ['finetuneEpochs', o.finetuneEpochs]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`trainBitPruning: ${k} must be an integer ≥ 0; got ${v}`);
  }
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new RangeError(`trainBitPruning: batchSize must be an integer ≥ 1; got ${o.batchSize}`);
  for (const [k, v] of [['lr', o.lr], ['bitLr', o.bitLr], ['finetuneLr', o.finetuneLr ?? o.lr]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`trainBitPruning: ${k} must be a positive finite number; got ${v}`);
  }
  const bitOptimizer = o.bitOptimizer ?? 'adam';
  if (bitOptimizer !== 'adam' && bitOptimizer !== 'sgd') throw new RangeError(`trainBitPruning: bitOptimizer must be 'adam' or 'sgd'; got ${JSON.stringify(bitOptimizer)}`);
  const reg = o.regularizer ? bitRegularizer(o.regularizer, model, bank) : undefined;
  const weights = model.trainableWeights.map((v) => v.read() as tf.Variable);
  let optW = tf.train.adam(o.lr);
  const optN = bitOptimizer === 'adam' ? tf.train.adam(o.bitLr) : tf.train.sgd(o.bitLr);
  const rng = new Rng(o.seed);
  const trajectory = new BitTrajectory();
  const history: BitEpochRow[] = [];
  trajectory.record(0, 'learn', bank);
  const evaluate = () => logitsAccuracy(model, test, o.evalBatch ?? 1000);
  let accuracyLearned = NaN;
  let accuracyRounded = NaN;
  const total = o.learnEpochs + o.finetuneEpochs;
  for (let epoch = 1; epoch <= total; epoch++) {
    const phase = epoch <= o.learnEpochs ? 'learn' : 'finetune';
    if (phase === 'finetune' && !bank.frozen) {
      accuracyLearned = evaluate();
      bank.roundUp();
      optW.dispose();
      optW = tf.train.adam(o.finetuneLr ?? o.lr);
      trajectory.record(epoch - 1, 'rounded', bank);
      accuracyRounded = evaluate();
    }
    const learnBits = phase === 'learn';
    let taskSum = 0;
    let penSum = 0;
    let steps = 0;
    for (const idx of batches(train.y.shape[0], o.batchSize, rng)) {
      const [task, pen] = step(model, train, idx, weights, learnBits ? bank.variables() : [], learnBits ? reg : undefined, optW, optN);
      if (learnBits) bank.project();
      taskSum += task;
      penSum += pen;
      steps++;
    }
    trajectory.record(epoch, phase, bank);
    const row: BitEpochRow = {
      epoch, phase, taskLoss: taskSum / steps, penalty: penSum / steps, testAccuracy: evaluate(),
      meanBits: bitSummary(bank, model).meanBits, cost: reg ? reg.cost() : NaN,
    };
    history.push(row);
    o.onEpoch?.(row);
  }
  optW.dispose();
  optN.dispose();
  const accuracyFinal = history.length ? history[history.length - 1]!.testAccuracy : evaluate();
  return { history, trajectory, accuracyLearned, accuracyRounded, accuracyFinal, summary: bitSummary(bank, model) };
}

/** One optimizer step; returns [task loss, penalty]. */
function step(
  model: tf.LayersModel, train: TensorSplit, idx: Int32Array, weights: tf.Variable[], bits: tf.Variable[],
  reg: ReturnType<typeof bitRegularizer> | undefined, optW: tf.Optimizer, optN: tf.Optimizer,
): [number, number] {
  const out = tf.tidy(() => {
    const i = tf.tensor1d(idx, 'int32');
    const x = tf.gather(train.x, i);
    const labels = tf.oneHot(tf.cast(tf.gather(train.y, i), 'int32'), model.outputs[0]!.shape[1] as number);
    let task: tf.Scalar | undefined;
    let pen: tf.Scalar | undefined;
    const { grads } = tf.variableGrads(() => {
      // kept: variableGrads disposes everything f makes except its result
      task = tf.keep(tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      pen = tf.keep(reg ? reg.penalty() : tf.scalar(0));
      return tf.add(task, pen) as tf.Scalar;
    }, [...weights, ...bits]);
    const pick = (vs: tf.Variable[]) => Object.fromEntries(vs.filter((v) => grads[v.name]).map((v) => [v.name, grads[v.name]!]));
    optW.applyGradients(pick(weights));
    if (bits.length) optN.applyGradients(pick(bits));
    const values = [task!.dataSync()[0]!, pen!.dataSync()[0]!];
    tf.dispose([task!, pen!]);
    return values;
  });
  return out as [number, number];
}

/** Top-1 accuracy of the model's logits on a split, evaluated in batches. */
export function logitsAccuracy(model: tf.LayersModel, split: TensorSplit, batch: number): number {
  const n = split.y.shape[0];
  let right = 0;
  for (let s = 0; s < n; s += batch) {
    const len = Math.min(batch, n - s);
    right += tf.tidy(() => {
      const x = tf.slice(split.x, s, len);
      const pred = tf.argMax(model.apply(x, { training: false }) as tf.Tensor, -1);
      return tf.sum(tf.cast(tf.equal(pred, tf.cast(tf.slice(split.y, s, len), 'int32')), 'int32')).dataSync()[0]!;
    });
  }
  return right / n;
}

/** A seeded Fisher–Yates permutation cut into batches (the last one may be short). */
function batches(n: number, size: number, rng: Rng): Int32Array[] {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s += size) out.push(perm.subarray(s, Math.min(n, s + size)));
  return out;
}
