import * as tf from '@tensorflow/tfjs';
import { advanceSalLayers } from '../shift/shiftAttention2D.js';
import { Rng } from '../../simulators/random/rng.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import { isQuantizedLayer } from '../layers/_internal/layerQuant.js';
import type { RoleQuantizer } from '../quantizers/roleQuantizer.js';
import { bindParams, type ParamBinding } from '../optimizers/paramBinding.js';
import type { MethodTraining } from '../methods/methodConfig.js';
import type { QuantizedOptimizer } from '../optimizers/quantizedOptimizer.js';
import { batchTensors, errorRate, subset, type DataSplit, type TrainData } from './trainData.js';
import { permutation } from '../../simulators/random/permutation.js';
import { NO_PROGRESS, type Progress } from './progress.js';

/** One epoch of a run (the `epochs` entries of run.json). */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss (softmax cross-entropy) over the epoch's batches. */
  trainLoss: number;
  /** Test error as a fraction in [0, 1]. */
  testError: number;
  /** Validation error when early stopping holds out a validation set. */
  valError?: number;
  /** Wall time of the epoch: its training batches and its evaluation. */
  seconds: number;
}

/** Options of `fit`. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  optimizer: QuantizedOptimizer;
  /** lr is multiplied by this after every epoch (default 1). */
  lrDecay?: number;
  /** Stop after `patience` epochs without a lower monitored error (validation error when validationSize > 0, else test error). */
  earlyStopping?: { patience: number; validationSize: number };
  progress?: Progress;
  /** Called after every epoch. */
  onEpoch?: (e: EpochRecord) => void;
  /** Phase name mixed into the shuffling seed (e.g. 'rangeInit'). */
  phase?: string;
  /** A binary method's loss, penalty, extra parameters and LR scales (`methodTraining`, docs/binary.md). */
  method?: MethodTraining;
}

/** How `fit` ended. */
export interface FitReport {
  status: 'ok' | 'diverged';
  message?: string;
  epochs: EpochRecord[];
  stoppedEarly: boolean;
}

/** Every quantizer of the model's lowbit layers (for `endBatch`). */
function modelQuantizers(model: tf.LayersModel): RoleQuantizer[] {
  return model.layers.flatMap((l) => (isQuantizedLayer(l) ? l.quant.all() : []));
}

/**
 * Trains a model with lowbit's loop: seeded shuffling each epoch, softmax cross-entropy, `tf.variableGrads`, then
 * the quantized optimizer step (gradient, momentum, update roles), then `endBatch` on every DFXP state.
 * A non-finite batch loss stops the run with status `diverged` and a message naming the epoch and batch (the
 * step is not applied). No tensor outlives a batch.
 * @example await fit(model, data, { epochs: 10, batchSize: 100, seed: 1, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }) })
 */
export async function fit(model: tf.LayersModel, data: TrainData, opts: FitOptions): Promise<FitReport> {
  const exampleShape = (model.inputs[0]!.shape as number[]).slice(1);
  const C = data.numClasses;
  const progress = opts.progress ?? NO_PROGRESS;
  const rng = new Rng(deriveSeed(opts.seed, 'shuffle', opts.phase ?? 'train'));
  let train: DataSplit = data.train;
  let val: DataSplit | undefined;
  const es = opts.earlyStopping;
  if (es && es.validationSize > 0) {
    if (es.validationSize >= data.train.n) throw new RangeError(`fit: earlyStopping.validationSize must be < ${data.train.n}; got ${es.validationSize}`);
    const p = permutation(data.train.n, new Rng(deriveSeed(opts.seed, 'validation')));
    val = subset(data.train, p.subarray(0, es.validationSize));
    train = subset(data.train, p.subarray(es.validationSize));
  }
  const bindings: ParamBinding[] = bindParams(model);
  opts.method?.scaleBindings(bindings);
  bindings.push(...(opts.method?.extraParams ?? []));
  const vars = bindings.map((b) => b.variable.read() as tf.Variable);
  const epochs: EpochRecord[] = [];
  let best = Infinity;
  let sinceBest = 0;
  const batches = Math.ceil(train.n / opts.batchSize);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const t0 = performance.now();
    const order = permutation(train.n, rng);
    let lossSum = 0;
    progress.start(batches, `epoch ${epoch}/${opts.epochs}`);
    for (let b = 0; b < batches; b++) {
      const idx = order.subarray(b * opts.batchSize, Math.min(train.n, (b + 1) * opts.batchSize));
      const { x, y } = batchTensors(train, idx, exampleShape, C);
      const { value, grads } = tf.variableGrads(
        () =>
          tf.tidy(() => {
            const logits = model.apply(x, { training: true }) as tf.Tensor;
            const m = opts.method;
            const l = m ? m.loss(y, logits) : (tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar);
            return m?.penalty ? (tf.add(l, m.penalty()) as tf.Scalar) : l;
          }),
        vars,
      );
      const loss = value.dataSync()[0]!;
      if (Number.isFinite(loss)) opts.optimizer.step(bindings, grads);
      if (Number.isFinite(loss)) advanceSalLayers(model); // SAL τ schedule: one iteration per step
      tf.dispose([x, y, value, grads]);
      if (!Number.isFinite(loss)) {
        progress.stop();
        return { status: 'diverged', message: `training diverged: loss is ${loss} at epoch ${epoch}, batch ${b + 1}/${batches}`, epochs, stoppedEarly: false };
      }
      for (const q of modelQuantizers(model)) q.endBatch();
      lossSum += loss;
      progress.update(b + 1, lossSum / (b + 1));
      if (b % 20 === 19) await new Promise((r) => setImmediate(r)); // lets the progress bar redraw
    }
    progress.stop();
    const rec: EpochRecord = {
      epoch,
      trainLoss: lossSum / batches,
      testError: errorRate(model, data.test, exampleShape, C),
      seconds: 0,
    };
    if (val) rec.valError = errorRate(model, val, exampleShape, C);
    rec.seconds = (performance.now() - t0) / 1000;
    epochs.push(rec);
    opts.onEpoch?.(rec);
    opts.optimizer.lr *= opts.lrDecay ?? 1;
    if (es) {
      const monitored = rec.valError ?? rec.testError;
      if (monitored < best) {
        best = monitored;
        sinceBest = 0;
      } else if (++sinceBest >= es.patience) {
        return { status: 'ok', epochs, stoppedEarly: true };
      }
    }
  }
  return { status: 'ok', epochs, stoppedEarly: false };
}
