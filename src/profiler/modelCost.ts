import { costReport, type CostReport } from '../../cost-models/costReport.js';
import type { EnergyModel } from '../../cost-models/energyModel.js';
import { horowitz45nm } from '../../cost-models/horowitz45nm.js';
import type { OpTrace, Phase } from '../../cost-models/opTrace.js';
import type { PolicySpec } from '../policy/policySpec.js';
import type { CompiledPolicy } from '../policy/compilePolicy.js';
import type { Optimizer } from './_internal/traffic.js';
import { profileModel } from './profileModel.js';

/**
 * Options of `modelCost`.
 * @example const opts: ModelCostOptions = { phase: 'training', batchSize: 100, costModel: horowitz45nm };
 */
export interface ModelCostOptions {
  /** `inference` (default) or `training`. */
  phase?: Phase;
  /** Training: examples per step (default: the batch size the model was trained with, else 1). */
  batchSize?: number;
  /** Training: the optimizer's state tensors (default: those of the optimizer the model was trained with, else `momentum`). */
  optimizer?: Optimizer;
  /** A what-if policy overriding the formats the model holds (the report is labelled as such). */
  policy?: PolicySpec | CompiledPolicy;
  /** Energy model (default horowitz45nm). */
  costModel?: EnergyModel;
}

/** The optimizer state the profiler prices for a training config's optimizer: Adam-like ones keep two moments. */
export function optimizerState(optimizer: { type: string; momentum?: number }): Optimizer {
  if (optimizer.type === 'sgd') return optimizer.momentum ? 'momentum' : 'sgd';
  return 'adam'; // adam, adamax, shiftAdamax: two moment tensors
}

/**
 * The training setup a saved lowbit model records (model.json `userDefinedMetadata.lowbit.extra.config`, written by
 * `lowbit train`): its batch size and the optimizer state it kept. Empty for other models.
 * @example trainingSetup(readModelFile('runs/x/model/model.json')) // { batchSize: 50, optimizer: 'adam' }
 */
export function trainingSetup(model: unknown): { batchSize?: number; optimizer?: Optimizer } {
  const meta = (model as { userDefinedMetadata?: { lowbit?: { extra?: { config?: unknown } } } } | null)?.userDefinedMetadata;
  const cfg = meta?.lowbit?.extra?.config as { batchSize?: unknown; optimizer?: { type?: unknown; momentum?: unknown } } | undefined;
  const out: { batchSize?: number; optimizer?: Optimizer } = {};
  if (typeof cfg?.batchSize === 'number' && Number.isSafeInteger(cfg.batchSize) && cfg.batchSize > 0) out.batchSize = cfg.batchSize;
  if (typeof cfg?.optimizer?.type === 'string') out.optimizer = optimizerState({ type: cfg.optimizer.type, momentum: Number(cfg.optimizer.momentum ?? 0) });
  return out;
}

/**
 * The cost report of a model as it holds its formats (each layer's saved precision, learned widths included; the
 * model input at its real width): what `lowbit cost --model FILE` prints and what a study records for a trained
 * run. In training, the batch size and optimizer state default to those the model was trained with
 * (`trainingSetup`). A `policy` is a what-if override, labelled as such in the report (`formats`).
 * @throws RangeError as `profileModel` for a model or policy it cannot cost.
 * @example modelCost(readModelFile('runs/bp/model/model.json'), { phase: 'training' }).totals.energyPj
 */
export function modelCost(model: unknown, options: ModelCostOptions = {}): CostReport {
  return costReport(modelTrace(model, options), options.costModel ?? horowitz45nm);
}

/**
 * The op trace `modelCost` prices: `profileModel` with the training batch size and optimizer state of the model
 * when not given.
 * @throws RangeError as `profileModel`.
 */
export function modelTrace(model: unknown, options: Omit<ModelCostOptions, 'costModel'> = {}): OpTrace {
  const setup = options.phase === 'training' ? trainingSetup(model) : {};
  return profileModel(model, {
    phase: options.phase ?? 'inference',
    batchSize: options.batchSize ?? setup.batchSize ?? 1,
    optimizer: options.optimizer ?? setup.optimizer ?? 'momentum',
    ...(options.policy ? { policy: options.policy } : {}),
  });
}
