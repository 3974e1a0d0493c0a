import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/initBackend.js';
import { loadDataset } from '../datasets/loadDataset.js';
import { isQuantizedLayer } from '../layers/_internal/layerQuant.js';
import { createOptimizer } from '../optimizers/createOptimizer.js';
import { buildModel } from './buildModel.js';
import { ShiftAttention2D, roundSalLayers } from '../shift/shiftAttention2D.js';
import { fit, type EpochRecord, type FitReport } from './fit.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { errorRate } from './trainData.js';
import { gitSha, runVersions, type RunRecord } from './runRecord.js';
import type { TrainConfig } from './trainConfig.js';
import type { TrainData } from './trainData.js';
import { methodTraining } from '../methods/methodConfig.js';
import { runBitPruningConfig } from '../bitpruning/runBitPruningConfig.js';

/** Options of `runTraining`. */
export interface RunTrainingOptions {
  progress?: Progress;
  /** One line per event (epoch summaries, divergence). */
  log?: (line: string) => void;
  /** Data to train on instead of `loadDataset(config.dataset)` (tests). */
  data?: TrainData;
}

function setRangeInit(model: tf.LayersModel, on: boolean): void {
  for (const l of model.layers) if (isQuantizedLayer(l)) l.quant.setRangeInit(on);
}

function dfixedRanges(model: tf.LayersModel): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const l of model.layers) {
    if (!isQuantizedLayer(l)) continue;
    for (const q of l.quant.all()) if (q.dynamic) out[q.key] = q.dynamic.f;
  }
  return Object.keys(out).length ? out : undefined;
}

const fmtEpoch = (e: EpochRecord) =>
  `epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)}, test error ${(100 * e.testError).toFixed(2)}%${e.valError === undefined ? '' : `, val error ${(100 * e.valError).toFixed(2)}%`} (${e.seconds.toFixed(1)} s)`;

/**
 * Runs one training config end to end: starts the backend, loads the data set, builds the model, runs the
 * optional DFXP range initialisation (train `rangeInitEpochs` epochs with every DFXP role at 25 bits, then restore
 * the initial parameters and keep the ranges, as Courbariaux et al.'s `init_range`), trains, and returns the run
 * record with the model. A config with a `bitPruning` section runs BitPruning's schedule instead
 * (`runBitPruningConfig`: learn → round up → fine-tune; run.json gets `bitPruning` with the bitlength trajectory). Never throws: an error gives status `failed` with its message; a NaN/Inf loss gives
 * `diverged`.
 * @example const { record } = await runTraining(validateTrainConfig(json)); record.final.testError
 */
export async function runTraining(config: TrainConfig, options: RunTrainingOptions = {}): Promise<{ record: RunRecord; model?: tf.LayersModel }> {
  const log = options.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const record: RunRecord = {
    status: 'failed',
    config,
    seed: config.seed,
    backend: tf.getBackend() ?? 'none',
    lowbitKernels: false,
    versions: runVersions(),
    gitSha: gitSha(),
    epochs: [],
    final: { testError: null, epochs: 0, seconds: 0, stoppedEarly: false },
    startedAt,
    finishedAt: startedAt,
  };
  let model: tf.LayersModel | undefined;
  try {
    const info = await initBackend(config.backend);
    Object.assign(record, { backend: info.name, lowbitKernels: info.lowbitKernels, versions: runVersions(info.versions) });
    let data = options.data;
    if (!data) {
      const ds = loadDataset(config.dataset);
      record.dataset = { spec: ds.spec, source: ds.source, trainN: ds.train.n, testN: ds.test.n };
      data = ds;
    }
    if (config.bitPruning) {
      // BitPruning trains its own layers with its own loop (learn → round up → fine-tune)
      const bp = await runBitPruningConfig({ ...config, bitPruning: config.bitPruning }, data, { log });
      model = bp.model;
      const bad = bp.epochs.find((e) => !Number.isFinite(e.trainLoss));
      Object.assign(record, { status: bad ? 'diverged' : 'ok', epochs: bp.epochs, bitPruning: bp.record });
      if (bad) record.message = `training diverged: mean loss is ${bad.trainLoss} at epoch ${bad.epoch}`;
      record.final = { testError: 1 - bp.record.accuracyFinal, epochs: bp.epochs.length, seconds: 0, stoppedEarly: false };
      record.final.seconds = (performance.now() - t0) / 1000;
      record.finishedAt = new Date().toISOString();
      return { record, model };
    }
    const dfixed = config.dfixed ? { updateEvery: config.dfixed.updateEvery, maxOverflowRate: config.dfixed.maxOverflowRate } : undefined;
    // SAL τ reaches tauFinal at the last step of the main phase (validation examples are taken out of the training set)
    const salIters = config.epochs * Math.ceil((data.train.n - (config.earlyStopping?.validationSize ?? 0)) / config.batchSize);
    model = buildModel(config.model, { inputShape: data.inputShape, numClasses: data.numClasses, policy: config.policy, seed: config.seed, dfixed, method: config.method, salIters });
    const method = methodTraining(config.method, model, config.seed);
    const optimizer = createOptimizer(config.optimizer);
    const common = { batchSize: config.batchSize, seed: config.seed, optimizer, lrDecay: config.optimizer.lrDecay, progress: options.progress ?? NO_PROGRESS, method };
    let report: FitReport | undefined;
    let mainPhase = false;
    const rangeEpochs = config.dfixed?.rangeInitEpochs ?? 0;
    if (rangeEpochs > 0) {
      const r0 = performance.now();
      const initial = model.getWeights().map((w) => w.clone());
      setRangeInit(model, true);
      report = await fit(model, data, { ...common, epochs: rangeEpochs, phase: 'rangeInit', onEpoch: (e) => log(`range init ${fmtEpoch(e)}`) });
      setRangeInit(model, false);
      model.setWeights(initial);
      tf.dispose(initial);
      optimizer.reset();
      optimizer.lr = config.optimizer.lr;
      record.rangeInit = { epochs: report.epochs, seconds: (performance.now() - r0) / 1000 };
    }
    if (report?.status !== 'diverged') {
      mainPhase = true;
      report = await fit(model, data, {
        ...common,
        epochs: config.epochs,
        earlyStopping: config.earlyStopping,
        onEpoch: (e) => log(fmtEpoch(e)),
      });
    }
    record.status = report!.status;
    if (report!.message) record.message = report!.message;
    record.epochs = mainPhase ? report!.epochs : [];
    const last = record.epochs[record.epochs.length - 1];
    record.final = { testError: last?.testError ?? null, epochs: record.epochs.length, seconds: 0, stoppedEarly: report!.stoppedEarly };
    record.dfixedRanges = dfixedRanges(model);
    if (record.status === 'ok' && model.layers.some((l) => l instanceof ShiftAttention2D)) {
      const rounding = roundSalLayers(model);
      const after = errorRate(model, data.test, (model.inputs[0]!.shape as number[]).slice(1), data.numClasses);
      record.sal = { testErrorBeforeRounding: record.final.testError, testErrorAfterRounding: after, rounding: { ...rounding } };
      log(`SAL attention rounded to one-hot: test error ${(100 * (record.final.testError ?? NaN)).toFixed(2)}% → ${(100 * after).toFixed(2)}%`);
    }
    const extras = method.record();
    if (Object.keys(extras).length) record.method = extras;
    method.dispose();
    if (record.status === 'diverged') log(record.message!);
  } catch (e) {
    record.status = 'failed';
    record.message = e instanceof Error ? e.message : String(e);
    log(`training failed: ${record.message}`);
  }
  record.final.seconds = (performance.now() - t0) / 1000;
  record.finishedAt = new Date().toISOString();
  return { record, model };
}
