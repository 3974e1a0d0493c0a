/**
 * The default trial module of the study runner: one lowbit training run (`runTraining`, the same code as
 * `lowbit train`), its `run.json` in the run folder, and the cost model's price of the trained model as it holds
 * its formats (`modelCost`: learned widths included; the study's `cost`: by default horowitz45nm, training phase at
 * the config's batch size): energy per example and the bits of the parameters in their weight/bias formats. The
 * trained model is saved to `<run folder>/model/` (model.json + weights.bin), so the energy column equals
 * `lowbit cost --model <run folder>/model/model.json --phase training`.
 *
 * Progress: the trainer's typed epoch events (`TrainingEvent`); the recorded metrics come from the run record.
 */
import { validateTrainConfig, type TrainConfig } from '../../training/trainConfig.js';
import { runTraining } from '../../training/runTraining.js';
import { writeRunRecord } from '../../training/runRecord.js';
import { modelCost, optimizerState } from '../../profiler/modelCost.js';
import { getCostModel } from '../../../cost-models/costModelRegistry.js';
import { parseUserCostModel } from '../../../cost-models/userCostModel.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import { saveModel } from '../../io/saveLoad.js';
import type { StudyCostSpec } from '../spec/studySpec.js';
import type { EpochMetrics, TrialContext, TrialCost, TrialResult } from './trial.js';
import type { TrainingEvent } from '../../training/trainingEvents.js';

/**
 * An epoch listener over the trainer's typed events: every epoch of the run (BitPruning's fine-tune epochs continue
 * the count; DFXP range initialisation is not part of the run's epochs).
 */
function epochEvents(onEpoch: (m: EpochMetrics) => void): (e: TrainingEvent) => void {
  let n = 0;
  return (e) => {
    if (e.type === 'epoch' && e.phase !== 'rangeInit') onEpoch({ epoch: ++n, trainLoss: e.record.trainLoss, testError: e.record.testError, seconds: e.record.seconds });
  };
}

/** The energy model a study's `cost.model` names (default horowitz45nm). */
export function studyEnergyModel(cost?: StudyCostSpec): EnergyModel {
  const m = cost?.model ?? 'horowitz45nm';
  return typeof m === 'string' ? getCostModel(m) : parseUserCostModel(JSON.stringify(m), 'cost.model');
}

/** The trainer's strict validator (messages start with `config.<path>: `). */
export function validateConfig(config: Record<string, unknown>): void {
  validateTrainConfig(config);
}

/**
 * Energy (pJ per example of the priced phase) and parameter memory (bits) of a trained model as it holds its
 * formats (not the config's policy: learned widths, the input's real width), with the study's cost model, phase and
 * batch size (default horowitz45nm, training, the config's batch size) and the config's optimizer state.
 */
export function trainedModelCost(model: unknown, config: TrainConfig, cost?: StudyCostSpec): TrialCost {
  const phase = cost?.phase ?? 'training';
  const r = modelCost(model, { phase, batchSize: cost?.batchSize ?? config.batchSize, optimizer: optimizerState(config.optimizer), costModel: studyEnergyModel(cost) });
  return { energyPj: r.totals.energyPj, memoryBits: r.totals.weightBits, macs: r.totals.macs, params: r.totals.params };
}

export async function runTrial(raw: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
  const config = validateTrainConfig(raw);
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const { record, model } = await runTraining(config, { log, onEvent: epochEvents(ctx.onEpoch) });
  let cost: TrialCost | undefined;
  if (model) {
    try {
      cost = trainedModelCost(model, config, ctx.cost);
    } catch (e) {
      log(`cost model failed: ${(e as Error).message}`);
    }
    try {
      await saveModel(model, `${ctx.outDir}/model`, { policy: config.policy, extra: { config } });
    } catch (e) {
      log(`saving the model failed: ${(e as Error).message}`);
    }
    model.dispose();
  }
  writeRunRecord(ctx.outDir, record);
  return {
    status: record.status,
    epochs: record.epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, testError: e.testError, seconds: e.seconds })),
    finalTestError: record.final.testError,
    seed: record.seed,
    backend: record.backend,
    versions: { ...record.versions, ...(record.gitSha ? { git: record.gitSha } : {}) },
    error: record.message,
    cost,
    record,
  };
}
