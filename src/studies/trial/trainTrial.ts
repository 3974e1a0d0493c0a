/**
 * The default trial module of the study runner: one lowbit training run (`runTraining`, the same code as
 * `lowbit train`), its `run.json` in the run folder, and the cost model's estimate for the trained model and its
 * policy (horowitz45nm, training phase at the config's batch size): energy per training example and the bits of
 * the parameters in their weight/bias formats.
 *
 * Progress: runTraining reports epochs as log lines (`epoch N: loss …, test error …% (… s)`); they are parsed
 * here for the progress bar only. The recorded metrics come from the run record.
 */
import { validateTrainConfig, type TrainConfig } from '../../training/trainConfig.js';
import { runTraining } from '../../training/runTraining.js';
import { writeRunRecord } from '../../training/runRecord.js';
import { profileModel } from '../../profiler/profileModel.js';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import type { TrialContext, TrialCost, TrialResult } from './trial.js';

const EPOCH_LINE = /^epoch (\d+): loss (\S+), test error (\S+)%.*\((\S+) s\)$/;

/** The trainer's strict validator (messages start with `config.<path>: `). */
export function validateConfig(config: Record<string, unknown>): void {
  validateTrainConfig(config);
}

/** Energy (pJ per training example) and parameter memory (bits) of a trained model under its policy. */
export function trainedModelCost(model: unknown, config: TrainConfig): TrialCost {
  const type = config.optimizer.type;
  const optimizer = type === 'sgd' ? (config.optimizer.momentum ? 'momentum' : 'sgd') : 'adam'; // adam, adamax, shiftAdamax: two moments
  const r = costReport(profileModel(model, { policy: config.policy, phase: 'training', batchSize: config.batchSize, optimizer }), horowitz45nm);
  return { energyPj: r.totals.energyPj, memoryBits: r.totals.weightBits, macs: r.totals.macs, params: r.totals.params };
}

export async function runTrial(raw: Record<string, unknown>, ctx: TrialContext): Promise<TrialResult> {
  const config = validateTrainConfig(raw);
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
    const m = EPOCH_LINE.exec(line);
    if (m) ctx.onEpoch({ epoch: Number(m[1]), trainLoss: Number(m[2]), testError: Number(m[3]) / 100, seconds: Number(m[4]) });
  };
  const { record, model } = await runTraining(config, { log });
  let cost: TrialCost | undefined;
  if (model) {
    try {
      cost = trainedModelCost(model, config);
    } catch (e) {
      log(`cost model failed: ${(e as Error).message}`);
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
  };
}
