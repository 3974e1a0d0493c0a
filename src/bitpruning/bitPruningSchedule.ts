import type * as tf from '@tensorflow/tfjs';
import { getCostModel } from '../../cost-models/costModelRegistry.js';
import { createOptimizer, type OptimizerSpec } from '../optimizers/createOptimizer.js';
import { fit, type FitOptions, type FitReport, type TrainingExtension } from '../training/fit.js';
import type { EpochRecord } from '../training/trainingEvents.js';
import { errorRate, type TrainData } from '../training/trainData.js';
import type { BitPruningSpec } from './bitPruningConfig.js';
import { bitRegularizer } from './bitRegularizer.js';
import type { BitCostTarget } from './costModelBits.js';
import { BitTrajectory, bitSummary, type BitSummary, type BitTrajectoryPoint } from './bitTrajectory.js';
import { learnedWidths, widthValues } from './learnedWidths.js';

/**
 * One epoch of BitPruning's history.
 * @example
 * for (const row of record.bitPruning!.history) console.log(row.epoch, row.phase, row.meanBits, row.testAccuracy);
 */
export interface BitEpochRow {
  epoch: number;
  phase: 'learn' | 'finetune';
  /** Mean task loss (the training loss without the penalty) and mean penalty over the epoch's steps. */
  taskLoss: number;
  penalty: number;
  testAccuracy: number;
  meanBits: number;
  /** C(n) of the regularizer's target at the epoch end (NaN in the fine-tune phase). */
  cost: number;
}

/**
 * What a BitPruning run adds to run.json (`RunRecord.bitPruning`).
 * @example
 * const { record } = await runTraining(validateTrainConfig(config)); // a config with a bitPruning section
 * record.bitPruning!.finalBits // { 'dense_1/weight': 4, … }
 */
export interface BitPruningRecord {
  /** Test accuracy at the end of learning (real-valued n), just after rounding up, and at the end. */
  accuracyLearned: number;
  accuracyRounded: number;
  accuracyFinal: number;
  /** One row per epoch: task loss, penalty, test accuracy, mean bits, C(n). */
  history: BitEpochRow[];
  /** Every width before training, after every epoch and after rounding up. */
  trajectory: BitTrajectoryPoint[];
  /** Per-layer widths and their averages at the end. */
  summary: BitSummary;
  /** The widths by group (`<layer>/<role>`) at the end; the saved model holds the same in its layer configs. */
  finalBits: Record<string, number | number[]>;
}

/**
 * BitPruning as a training extension of the one loop (`fit`): the penalty λ·C(n)/C(n₀) (`bitRegularizer`, lowbit's
 * cost model) and one parameter group, the model's learned widths, with its own optimizer (`bitOptimizer` at
 * `bitLr`) and projection (clip into each format's [min, max] after every step).
 * @throws RangeError when the model has no learned width.
 * @example const bp = bitPruningTraining(model, config.bitPruning); await fit(model, data, { …, extensions: [bp.extension] })
 */
export function bitPruningTraining(
  model: tf.LayersModel,
  spec: BitPruningSpec,
): {
  /** The training extension to pass to `fit` (penalty, the widths' parameter group, the projection). */
  extension: TrainingExtension;
  /** C(n) of the current widths, as a number. */
  cost: () => number;
} {
  const widths = learnedWidths(model);
  if (widths.length === 0) throw new RangeError('bitPruning: the model has no learned width (no role with a learned(...) format)');
  const reg = bitRegularizer({ target: spec.target as BitCostTarget, lambda: spec.lambda, normalize: spec.normalize, energyModel: getCostModel(spec.energyModel) }, model);
  const optimizer = createOptimizer({ type: spec.bitOptimizer as 'adam' | 'sgd', lr: spec.bitLr });
  const bindings = widths.map((w) => ({ name: (w.quantizer.widths().read() as tf.Variable).name, variable: w.quantizer.widths(), clip: false }));
  return {
    extension: {
      penalty: () => reg.penalty(),
      groups: [{ name: 'learned widths', bindings, optimizer, project: () => widths.forEach((w) => w.quantizer.project()) }],
    },
    cost: () => reg.cost(),
  };
}

/**
 * BitPruning's schedule on the one loop (Nikolić et al. 2020, arXiv:2002.03090; methods.md §8.2): (1) `fit` for
 * `learnEpochs` (phase `learn`) with `bitPruningTraining`; (2) every width rounded up and frozen
 * (`LearnedQuantizer.roundUp`); (3) `fit` for `finetuneEpochs` (phase `finetune`) with a fresh optimizer of the
 * config's type at `finetuneLr`, no penalty. Records the width of every group before training, after every epoch
 * and after rounding (`trajectory`). Stops at a divergence of either phase.
 * Not modelled: learning-rate schedules beyond `lrDecay`, weight decay, data augmentation.
 * @example const { report, record } = await bitPruningSchedule(model, data, config.bitPruning, config.optimizer, common)
 */
export async function bitPruningSchedule(
  model: tf.LayersModel, data: TrainData, spec: BitPruningSpec, optimizer: OptimizerSpec, common: Omit<FitOptions, 'epochs' | 'optimizer' | 'phase'>,
): Promise<{ report: FitReport; record: BitPruningRecord }> {
  const bp = bitPruningTraining(model, spec);
  const trajectory = new BitTrajectory();
  const history: BitEpochRow[] = [];
  const shape = (model.inputs[0]!.shape as number[]).slice(1);
  const accuracy = () => 1 - errorRate(model, data.test, shape, data.numClasses);
  const row = (phase: BitEpochRow['phase'], offset: number, cost: () => number) => (e: EpochRecord) => {
    const epoch = e.epoch + offset;
    trajectory.record(epoch, phase, model);
    const penalty = e.penalty ?? 0;
    history.push({ epoch, phase, taskLoss: e.trainLoss - penalty, penalty, testAccuracy: 1 - e.testError, meanBits: bitSummary(model).meanBits, cost: cost() });
  };
  trajectory.record(0, 'learn', model);
  const s = spec.schedule;
  const learn = await fit(model, data, {
    ...common, epochs: s.learnEpochs, optimizer: createOptimizer(optimizer), phase: 'learn', extensions: [...(common.extensions ?? []), bp.extension],
    onEvent: tap(common.onEvent, row('learn', 0, bp.cost)),
  });
  let report: FitReport = learn;
  const accuracyLearned = learn.epochs.length ? 1 - learn.epochs[learn.epochs.length - 1]!.testError : accuracy();
  let accuracyRounded = NaN;
  if (learn.status === 'ok') {
    for (const w of learnedWidths(model)) w.quantizer.roundUp();
    trajectory.record(s.learnEpochs, 'rounded', model);
    accuracyRounded = accuracy();
    const finetune = await fit(model, data, {
      ...common, epochs: s.finetuneEpochs, optimizer: createOptimizer({ ...optimizer, lr: s.finetuneLr ?? optimizer.lr }), phase: 'finetune',
      onEvent: tap(common.onEvent, row('finetune', s.learnEpochs, () => NaN)),
    });
    const renumbered = finetune.epochs.map((e) => ({ ...e, epoch: e.epoch + s.learnEpochs }));
    report = { ...finetune, epochs: [...learn.epochs, ...renumbered] };
  }
  const last = history[history.length - 1];
  const record: BitPruningRecord = {
    accuracyLearned, accuracyRounded, accuracyFinal: last ? last.testAccuracy : accuracy(), history,
    trajectory: trajectory.points, summary: bitSummary(model), finalBits: widthValues(model),
  };
  return { report, record };
}

/** A listener that also calls `onEpoch` for every epoch event. */
function tap(listener: FitOptions['onEvent'], onEpoch: (e: EpochRecord) => void): NonNullable<FitOptions['onEvent']> {
  return (e) => {
    if (e.type === 'epoch') onEpoch(e.record);
    listener?.(e);
  };
}
