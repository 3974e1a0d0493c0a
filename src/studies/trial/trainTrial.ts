/**
 * The default trial module of the study runner: one lowbit training run (`runTraining`, the same code as
 * `lowbit train`), its `run.json` in the run folder, and the cost model's estimate for the trained model and its
 * policy (the study's `cost`: by default horowitz45nm, training phase at the config's batch size): energy per
 * example and the bits of the parameters in their weight/bias formats. The trained model is saved to
 * `<run folder>/model/` (model.json + weights.bin).
 *
 * Progress: runTraining reports epochs as log lines (`epoch N: loss …, test error …% (… s)`); they are parsed
 * here for the progress bar only. The recorded metrics come from the run record.
 */
import { validateTrainConfig, type TrainConfig } from '../../training/trainConfig.js';
import { runTraining } from '../../training/runTraining.js';
import { writeRunRecord } from '../../training/runRecord.js';
import { profileModel } from '../../profiler/profileModel.js';
import { costReport } from '../../../cost-models/costReport.js';
import { getCostModel } from '../../../cost-models/costModelRegistry.js';
import { parseUserCostModel } from '../../../cost-models/userCostModel.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import { saveModel } from '../../io/saveLoad.js';
import type { StudyCostSpec } from '../spec/studySpec.js';
import type { EpochMetrics, TrialContext, TrialCost, TrialResult } from './trial.js';

const EPOCH_LINE = /^epoch (\d+): loss (\S+), test error (\S+)%.*\((\S+) s\)$/;

/**
 * The epoch metrics of one trainer log line, or null. Kept apart so that the switch to the trainer's typed epoch
 * events (issue 12) replaces this function only.
 */
function epochFromLog(line: string): EpochMetrics | null {
  const m = EPOCH_LINE.exec(line);
  return m ? { epoch: Number(m[1]), trainLoss: Number(m[2]), testError: Number(m[3]) / 100, seconds: Number(m[4]) } : null;
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
 * Energy (pJ per example of the priced phase) and parameter memory (bits) of a trained model under its policy,
 * with the study's cost model, phase and batch size (default horowitz45nm, training, the config's batch size).
 */
export function trainedModelCost(model: unknown, config: TrainConfig, cost?: StudyCostSpec): TrialCost {
  const type = config.optimizer.type;
  const optimizer = type === 'sgd' ? (config.optimizer.momentum ? 'momentum' : 'sgd') : 'adam'; // adam, adamax, shiftAdamax: two moments
  const phase = cost?.phase ?? 'training';
  const r = costReport(profileModel(model, { policy: config.policy, phase, batchSize: cost?.batchSize ?? config.batchSize, optimizer }), studyEnergyModel(cost));
  return { energyPj: r.totals.energyPj, memoryBits: r.totals.weightBits, macs: r.totals.macs, params: r.totals.params };
}

export async function runTrial(raw: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
  const config = validateTrainConfig(raw);
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
    const m = epochFromLog(line);
    if (m) ctx.onEpoch(m);
  };
  const { record, model } = await runTraining(config, { log });
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
