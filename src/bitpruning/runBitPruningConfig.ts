import * as tf from '@tensorflow/tfjs';
import { getCostModel } from '../../cost-models/costModelRegistry.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { EpochRecord } from '../training/fit.js';
import type { DataSplit, TrainData } from '../training/trainData.js';
import type { ModelSpec, TrainConfig } from '../training/trainConfig.js';
import { BitConv2D, BitDense } from './bitLayers.js';
import { BitlengthBank, type BitGranularity } from './bitlengthBank.js';
import type { BitPruningSpec } from './bitPruningConfig.js';
import type { BitCostTarget } from './costModelBits.js';
import type { BitSummary, BitTrajectoryPoint } from './bitTrajectory.js';
import { trainBitPruning, type BitEpochRow, type TensorSplit } from './trainBitPruning.js';

/** What a BitPruning run adds to run.json (`RunRecord.bitPruning`). */
export interface BitPruningRecord {
  /** Test accuracy at the end of learning (real-valued n), just after rounding up, and at the end. */
  accuracyLearned: number;
  accuracyRounded: number;
  accuracyFinal: number;
  /** One row per epoch: task loss, penalty, test accuracy, mean bits, C(n). */
  history: BitEpochRow[];
  /** Every group's bitlength before training, after every epoch and after rounding up. */
  trajectory: BitTrajectoryPoint[];
  /** Per-layer bitlengths and their averages at the end. */
  summary: BitSummary;
  /** The bank's final values by group (what `BitlengthBank.setValues` takes after reloading the model). */
  finalBits: Record<string, number | number[]>;
}

/**
 * The model of a `lowbit train` config with learned bitlengths: the layer names of `buildModel` (`conv_i`,
 * `pool_i`, `flatten`, `dense_i`, `output`), every conv a `BitConv2D` and every dense a `BitDense` (weights and output
 * activations learned; the logits `output` stay float). Seeds derive from the run seed by layer name.
 * @throws RangeError when the spec asks for what BitPruning layers lack (see `checkBitPruningConfig`).
 * @example buildBitPruningModel({ type: 'mlp', hidden: [64], activation: 'relu', batchNorm: false }, { inputShape: [784], numClasses: 10, seed: 1, bank, granularity: 'tensor' })
 */
export function buildBitPruningModel(
  spec: ModelSpec, o: { inputShape: number[]; numClasses: number; seed: number; bank: BitlengthBank; granularity: BitGranularity },
): tf.Sequential {
  const layers: tf.layers.Layer[] = [];
  const act = spec.activation === 'relu' ? 'relu' : 'linear';
  if (spec.activation !== 'relu' && spec.activation !== 'linear') throw new RangeError(`buildBitPruningModel: activation must be relu or linear; got ${JSON.stringify(spec.activation)}`);
  const first = () => (layers.length ? {} : { inputShape: spec.type === 'mlp' ? [o.inputShape.reduce((a, b) => a * b, 1)] : o.inputShape });
  const common = (name: string) => ({ name, bank: o.bank, granularity: o.granularity, seed: deriveSeed(o.seed, name) });
  if (spec.type === 'cnn') {
    spec.conv.forEach((c, j) => {
      const i = j + 1;
      if (c.type !== 'conv') throw new RangeError(`buildBitPruningModel: model.conv[${j}].type must be conv; got ${JSON.stringify(c.type)}`);
      layers.push(new BitConv2D({ ...first(), ...common(`conv_${i}`), filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding, activation: act }));
      if (c.pool) layers.push(tf.layers.maxPooling2d({ name: `pool_${i}`, poolSize: c.pool, strides: c.pool }));
    });
    layers.push(tf.layers.flatten({ name: 'flatten' }));
  }
  spec.hidden.forEach((units, j) => layers.push(new BitDense({ ...first(), ...common(`dense_${j + 1}`), units, activation: act })));
  layers.push(new BitDense({ ...first(), ...common('output'), units: o.numClasses, activation: 'linear', quantizeOutput: false }));
  return tf.sequential({ layers });
}

/** A split as tensors: x [n, ...shape] (flat for an MLP), y int32 labels. */
function toTensors(s: DataSplit, shape: number[]): TensorSplit {
  return { x: tf.tensor(s.x, [s.n, ...shape], 'float32'), y: tf.tensor1d(Int32Array.from(s.y), 'int32') };
}

/**
 * Runs the BitPruning schedule of a config's `bitPruning` section with `trainBitPruning` (learn → round up →
 * fine-tune): builds the bank and the model, trains, and returns the model, the bank (its variables stay alive for
 * the model), the epochs as `EpochRecord`s (testError = 1 − accuracy, trainLoss = task loss) and the BitPruning
 * record with the trajectory of every group.
 * @example const { record } = await runBitPruningConfig(config, data, { log: console.log })
 */
export async function runBitPruningConfig(
  config: TrainConfig & { bitPruning: BitPruningSpec }, data: TrainData, options: { log?: (line: string) => void } = {},
): Promise<{ model: tf.Sequential; bank: BitlengthBank; epochs: EpochRecord[]; record: BitPruningRecord }> {
  const bp = config.bitPruning;
  const bank = new BitlengthBank({ initBits: bp.initBits, minBits: bp.minBits, maxBits: bp.maxBits });
  const granularity = bp.granularity as BitGranularity;
  const model = buildBitPruningModel(config.model, { inputShape: data.inputShape, numClasses: data.numClasses, seed: config.seed, bank, granularity });
  const shape = config.model.type === 'mlp' ? [data.inputShape.reduce((a, b) => a * b, 1)] : data.inputShape;
  const train = toTensors(data.train, shape);
  const test = toTensors(data.test, shape);
  const epochs: EpochRecord[] = [];
  let t = performance.now();
  try {
    const report = await trainBitPruning(model, bank, train, test, {
      learnEpochs: bp.schedule.learnEpochs,
      finetuneEpochs: bp.schedule.finetuneEpochs,
      batchSize: config.batchSize,
      lr: config.optimizer.lr,
      ...(bp.schedule.finetuneLr !== undefined ? { finetuneLr: bp.schedule.finetuneLr } : {}),
      bitLr: bp.bitLr,
      bitOptimizer: bp.bitOptimizer,
      seed: config.seed,
      regularizer: { target: bp.target as BitCostTarget, lambda: bp.lambda, normalize: bp.normalize, energyModel: getCostModel(bp.energyModel) },
      onEpoch: (r) => {
        const now = performance.now();
        epochs.push({ epoch: r.epoch, trainLoss: r.taskLoss, testError: 1 - r.testAccuracy, seconds: (now - t) / 1000 });
        t = now;
        options.log?.(`epoch ${r.epoch} (${r.phase}): task loss ${r.taskLoss.toFixed(4)}, penalty ${r.penalty.toFixed(4)}, `
          + `test error ${(100 * (1 - r.testAccuracy)).toFixed(2)}%, mean bits ${r.meanBits.toFixed(2)}`);
      },
    });
    const { history, accuracyLearned, accuracyRounded, accuracyFinal, summary } = report;
    return { model, bank, epochs, record: { accuracyLearned, accuracyRounded, accuracyFinal, history, trajectory: report.trajectory.points, summary, finalBits: bank.values() } };
  } catch (e) {
    model.dispose();
    bank.dispose();
    throw e;
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
}
