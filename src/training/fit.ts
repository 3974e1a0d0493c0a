import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/random/rng.js';
import { permutation } from '../../simulators/random/permutation.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import { bindParams, type ParamBinding } from '../optimizers/paramBinding.js';
import type { MethodTraining } from '../methods/methodConfig.js';
import type { NonFiniteTensor, QuantizedOptimizer } from '../optimizers/quantizedOptimizer.js';
import { batchTensors, errorRate, subset, type DataSplit, type TrainData } from './trainData.js';
import type { Divergence, EpochRecord, TrainingListener } from './trainingEvents.js';
import { LossWatch } from './_internal/lossWatch.js';

export type { EpochRecord } from './trainingEvents.js';

/**
 * A set of parameters that are not layer weights, with an optimizer and a projection of its own (learned widths).
 * @example
 * // BitPruning's learned widths train as their own group, with their own optimizer and a clip after each step
 * const { extension } = bitPruningTraining(model, config.bitPruning);
 */
export interface ParamGroup {
  name: string;
  bindings: ParamBinding[];
  optimizer: QuantizedOptimizer;
  /** Called after each step of this group (e.g. clip the widths into their bounds). */
  project?: () => void;
}

/**
 * What a method adds to the one loop, besides layers and roles: a penalty in the loss, parameter groups with their
 * own optimizer, and a hook after each step. BitPruning is one (`bitPruningTraining`).
 * @example
 * await fit(model, data, { epochs: 3, batchSize: 50, seed: 1, optimizer, extensions: [bitPruningTraining(model, spec).extension] })
 */
export interface TrainingExtension {
  /** A differentiable penalty added to the loss (e.g. λ·C(n)/C(n₀)). */
  penalty?: () => tf.Scalar;
  groups?: ParamGroup[];
  /** Called after every optimizer step (e.g. BitPruning clips the widths into [min, max]). */
  afterStep?: () => void;
}

/**
 * Options of `fit`.
 * @example
 * await fit(model, loadDataset({ name: 'mnist' }), { epochs: 3, batchSize: 100, seed: 1, optimizer: createOptimizer({ type: 'sgd', lr: 0.05, momentum: 0.9 }), onEvent: console.log })
 */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  optimizer: QuantizedOptimizer;
  /** lr is multiplied by this after every epoch (default 1). */
  lrDecay?: number;
  /**
   * Stop after `patience` epochs without a lower validation error. The validation split is carved from the
   * training data (seeded): `validationSize` examples, default 10 % of them. The test set is only reported.
   */
  earlyStopping?: { patience: number; validationSize?: number };
  /** Divergence bound: a batch loss above `maxLossRatio` × the first epoch's mean loss stops the run (default 1e6). */
  maxLossRatio?: number;
  /** Typed events (`TrainingEvent`): progress bars, logs, study runners. */
  onEvent?: TrainingListener;
  /** Phase name, in events and mixed into the shuffling seed (default 'train'; e.g. 'rangeInit', 'learn'). */
  phase?: string;
  /** A binary method's loss, penalty, extra parameters and LR scales (`methodTraining`, docs/binary.md). */
  method?: MethodTraining;
  /** Further penalties, parameter groups and hooks (BitPruning). */
  extensions?: TrainingExtension[];
}

/**
 * How `fit` ended.
 * @example
 * const { status, epochs }: FitReport = await fit(model, data, options);
 */
export interface FitReport {
  status: 'ok' | 'diverged';
  message?: string;
  divergence?: Divergence;
  epochs: EpochRecord[];
  stoppedEarly: boolean;
}

/**
 * Default share of the training data held out for early stopping.
 * @example
 * // early stopping holds out 10 % of the training data unless earlyStopping.validationSize says otherwise
 * DEFAULT_VALIDATION_SHARE // 0.1
 */
export const DEFAULT_VALIDATION_SHARE = 0.1;

/**
 * Trains a model with lowbit's one loop: seeded shuffling each epoch, the method's loss (softmax cross-entropy by
 * default) plus every penalty, `tf.variableGrads`, then the quantized optimizer step (gradient, momentum, update
 * roles) and each parameter group's own step and projection, then the layers' per-step hooks (SAL τ) and
 * `endBatch` on every format state. Emits typed events (`TrainingEvent`).
 *
 * Divergence (recorded, never thrown): the run stops at once with status `diverged` when the loss is NaN/±Inf, a
 * gradient is non-finite (the step is not applied), a stored parameter or optimizer state becomes non-finite, or
 * a batch loss exceeds `maxLossRatio` × the first epoch's mean loss (× the first batch's loss during epoch 1).
 * No tensor outlives a batch.
 * @example await fit(model, data, { epochs: 10, batchSize: 100, seed: 1, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }) })
 */
export async function fit(model: tf.LayersModel, data: TrainData, opts: FitOptions): Promise<FitReport> {
  const exampleShape = (model.inputs[0]!.shape as number[]).slice(1);
  const C = data.numClasses;
  const phase = opts.phase ?? 'train';
  const emit = opts.onEvent ?? (() => {});
  const rng = new Rng(deriveSeed(opts.seed, 'shuffle', phase));
  const { train, val } = splitValidation(data.train, opts);
  const bindings: ParamBinding[] = bindParams(model);
  opts.method?.scaleBindings(bindings);
  bindings.push(...(opts.method?.extraParams ?? []));
  const groups = (opts.extensions ?? []).flatMap((e) => e.groups ?? []);
  const vars = [...bindings, ...groups.flatMap((g) => g.bindings)].map((b) => b.variable.read() as tf.Variable);
  const penalties = [opts.method?.penalty, ...(opts.extensions ?? []).map((e) => e.penalty)].filter((p): p is () => tf.Scalar => p !== undefined);
  const layers = model.layers.filter(isQuantizedLayer);
  const watch = new LossWatch(opts.maxLossRatio ?? 1e6);
  const epochs: EpochRecord[] = [];
  let best = Infinity;
  let sinceBest = 0;
  const batches = Math.ceil(train.n / opts.batchSize);
  emit({ type: 'phaseStart', phase, epochs: opts.epochs, batches });
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const t0 = performance.now();
    const order = permutation(train.n, rng);
    let lossSum = 0;
    let penaltySum = 0;
    for (let b = 0; b < batches; b++) {
      const idx = order.subarray(b * opts.batchSize, Math.min(train.n, (b + 1) * opts.batchSize));
      const { x, y } = batchTensors(train, idx, exampleShape, C);
      let pen: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(x, { training: true }) as tf.Tensor;
        const m = opts.method;
        const task = m ? m.loss(y, logits) : (tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar);
        if (!penalties.length) return task;
        pen = tf.keep(penalties.map((p) => p()).reduce((a, c) => tf.add(a, c) as tf.Scalar));
        return tf.add(task, pen) as tf.Scalar;
      }, vars);
      const loss = value.dataSync()[0]!;
      const penalty = pen ? pen.dataSync()[0]! : 0;
      const where = { epoch, batch: b + 1, batches, loss };
      let bad = watch.check(loss, where);
      if (!bad) bad = stepAll(opts.optimizer, bindings, groups, grads, where);
      tf.dispose([x, y, value, ...(pen ? [pen] : []), ...Object.values(grads)]);
      if (bad) {
        emit({ type: 'diverged', phase, divergence: bad });
        return { status: 'diverged', message: bad.message, divergence: bad, epochs, stoppedEarly: false };
      }
      for (const l of layers) l.afterTrainStep();
      for (const e of opts.extensions ?? []) e.afterStep?.();
      for (const l of layers) for (const q of l.quant.all()) q.endBatch();
      lossSum += loss;
      penaltySum += penalty;
      emit({ type: 'step', phase, epoch, batch: b + 1, batches, loss: lossSum / (b + 1) });
      if (b % 20 === 19) await new Promise((r) => setImmediate(r)); // lets the progress bar redraw
    }
    watch.endEpoch(lossSum / batches);
    const rec: EpochRecord = { epoch, trainLoss: lossSum / batches, testError: errorRate(model, data.test, exampleShape, C), seconds: 0 };
    if (penalties.length) rec.penalty = penaltySum / batches;
    if (val) rec.valError = errorRate(model, val, exampleShape, C);
    rec.seconds = (performance.now() - t0) / 1000;
    epochs.push(rec);
    emit({ type: 'epoch', phase, record: rec });
    opts.optimizer.lr *= opts.lrDecay ?? 1;
    if (opts.earlyStopping && val) {
      if (rec.valError! < best) {
        best = rec.valError!;
        sinceBest = 0;
      } else if (++sinceBest >= opts.earlyStopping.patience) {
        return { status: 'ok', epochs, stoppedEarly: true };
      }
    }
  }
  return { status: 'ok', epochs, stoppedEarly: false };
}

/** Examples held out for early stopping from `n` training examples (0 without early stopping). */
export function validationSize(n: number, earlyStopping: FitOptions['earlyStopping']): number {
  if (!earlyStopping) return 0;
  return earlyStopping.validationSize ?? Math.max(1, Math.round(DEFAULT_VALIDATION_SHARE * n));
}

/** The training split, and with early stopping a seeded validation split carved from it. */
function splitValidation(s: DataSplit, opts: FitOptions): { train: DataSplit; val?: DataSplit } {
  const es = opts.earlyStopping;
  if (!es) return { train: s };
  const size = validationSize(s.n, es);
  if (!Number.isInteger(size) || size < 1 || size >= s.n) throw new RangeError(`fit: earlyStopping.validationSize must be an integer in [1, ${s.n - 1}]; got ${size}`);
  const p = permutation(s.n, new Rng(deriveSeed(opts.seed, 'validation')));
  return { val: subset(s, p.subarray(0, size)), train: subset(s, p.subarray(size)) };
}

/**
 * The model's step, then every group's step and projection. Every gradient is read and checked before any group
 * steps; a non-finite gradient, parameter or optimizer state is a divergence.
 */
function stepAll(opt: QuantizedOptimizer, bindings: ParamBinding[], groups: ParamGroup[], grads: tf.NamedTensorMap, at: { epoch: number; batch: number; batches: number; loss: number }): Divergence | undefined {
  const all = [{ optimizer: opt, bindings, project: undefined as (() => void) | undefined }, ...groups];
  const read = all.map((g) => g.optimizer.gradients(g.bindings, grads));
  const diverged = (bad: NonFiniteTensor): Divergence => {
    const reason = bad.kind === 'gradient' ? 'non-finite gradient' : bad.kind === 'parameter' ? 'non-finite parameter' : 'non-finite optimizer state';
    return { reason, ...at, tensor: bad.tensor, message: `training diverged: ${reason} in ${bad.tensor} at epoch ${at.epoch}, batch ${at.batch}/${at.batches}` };
  };
  for (const r of read) if (!Array.isArray(r)) return diverged(r);
  for (const [i, g] of all.entries()) {
    const bad = g.optimizer.applyGradients(read[i] as Array<[ParamBinding, Float32Array]>);
    g.project?.();
    if (bad) return diverged(bad);
  }
  return undefined;
}
