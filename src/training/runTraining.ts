import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/initBackend.js';
import { loadDataset } from '../datasets/loadDataset.js';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import { createOptimizer } from '../optimizers/createOptimizer.js';
import { lsqTraining } from '../quantizers/lsqTraining.js';
import { compilePolicy } from '../policy/compilePolicy.js';
import { buildModel } from './buildModel.js';
import { ShiftAttention2D, roundSalLayers } from '../shift/shiftAttention2D.js';
import { fit, validationSize, type FitReport } from './fit.js';
import { progressListener, type Progress } from './progress.js';
import { errorRate } from './trainData.js';
import { gitSha, runVersions, type RunRecord } from './runRecord.js';
import type { TrainConfig } from './trainConfig.js';
import type { TrainData } from './trainData.js';
import type { TrainingEvent, TrainingListener } from './trainingEvents.js';
import { methodTraining } from '../methods/methodConfig.js';
import { bitPruningSchedule } from '../bitpruning/bitPruningSchedule.js';

/**
 * Options of `runTraining`.
 * @example
 * await runTraining(config, { log: (line) => process.stderr.write(line + '\n'), onEvent: (e) => { if (e.type === 'epoch') plot(e.record); } })
 */
export interface RunTrainingOptions {
  /** A progress display, driven by the training events (`progressListener`). */
  progress?: Progress;
  /** Typed training events (`TrainingEvent`): epochs, steps, divergence. */
  onEvent?: TrainingListener;
  /** One line per event for people (epoch summaries, divergence), made from the typed events. */
  log?: (line: string) => void;
  /** Data to train on instead of `loadDataset(config.dataset)` (tests). */
  data?: TrainData;
}

function dfixedRanges(model: tf.LayersModel): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const l of model.layers) {
    if (!isQuantizedLayer(l)) continue;
    for (const q of l.quant.all()) {
      const d = (q as { dynamic?: { f: number } }).dynamic;
      if (d) out[q.key] = d.f;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The line `lowbit train` prints for an event (undefined: none).
 * @example
 * await runTraining(config, { onEvent: (e) => { const line = eventLine(e); if (line) console.log(line); } })
 */
export function eventLine(e: TrainingEvent): string | undefined {
  if (e.type === 'diverged') return e.divergence.message;
  if (e.type !== 'epoch') return undefined;
  const r = e.record;
  const head = e.phase === 'train' ? '' : e.phase === 'rangeInit' ? 'range init ' : `${e.phase} `;
  return `${head}epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)}, test error ${(100 * r.testError).toFixed(2)}%`
    + `${r.valError === undefined ? '' : `, val error ${(100 * r.valError).toFixed(2)}%`}${r.penalty === undefined ? '' : `, penalty ${r.penalty.toFixed(4)}`} (${r.seconds.toFixed(1)} s)`;
}

/**
 * Runs one training config end to end through the one loop (`fit`): starts the backend, loads the data set,
 * compiles the policy once and builds the model, then runs the phases the config asks for:
 * - DFXP range initialisation (`dfixed.rangeInitEpochs`): train with every DFXP role at 25 bits, restore the initial
 *   parameters and keep the ranges (Courbariaux et al.'s `init_range`);
 * - training (`epochs`), or with a `bitPruning` section BitPruning's schedule (`bitPruningSchedule`: learn with the
 *   width penalty → round the widths up → fine-tune; run.json gets `bitPruning` with the width trajectory);
 * - SAL rounding after training (run.json `sal`: test error before and after).
 * Never throws: an error gives status `failed` with its message; a divergence (non-finite loss, gradient,
 * parameter or optimizer state, or a loss above the bound) gives `diverged` with the reason.
 * @example const { record } = await runTraining(validateTrainConfig(json)); record.final.testError
 */
export async function runTraining(config: TrainConfig, options: RunTrainingOptions = {}): Promise<{ record: RunRecord; model?: tf.LayersModel }> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const record: RunRecord = {
    status: 'failed', config, seed: config.seed, backend: tf.getBackend() ?? 'none', lowbitKernels: false, versions: runVersions(), gitSha: gitSha(),
    epochs: [], final: { testError: null, epochs: 0, seconds: 0, stoppedEarly: false }, startedAt, finishedAt: startedAt,
  };
  const log = options.log ?? (() => {});
  const bar = options.progress ? progressListener(options.progress) : undefined;
  const onEvent: TrainingListener = (e) => {
    bar?.(e);
    options.onEvent?.(e);
    const line = eventLine(e);
    if (line) log(line);
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
    const dfixed = config.dfixed ? { updateEvery: config.dfixed.updateEvery, maxOverflowRate: config.dfixed.maxOverflowRate } : undefined;
    // SAL τ reaches tauFinal at the last step of training (validation examples are taken out of the training set)
    const es = config.earlyStopping;
    const trainN = data.train.n - validationSize(data.train.n, es);
    const salIters = config.epochs * Math.ceil(trainN / config.batchSize);
    const policy = compilePolicy(config.policy, { where: 'config.policy' });
    model = buildModel(config.model, { inputShape: data.inputShape, numClasses: data.numClasses, policy, seed: config.seed, dfixed, method: config.method, salIters });
    const method = methodTraining(config.method, model, config.seed);
    // learned scales (LSQ, amax=learned) train in a parameter group of their own
    const lsq = lsqTraining(model, config.optimizer);
    const common = { batchSize: config.batchSize, seed: config.seed, lrDecay: config.optimizer.lrDecay, method, onEvent, maxLossRatio: config.divergence?.maxLossRatio, ...(lsq ? { extensions: [lsq] } : {}) };
    let report: FitReport | undefined;
    const rangeEpochs = config.dfixed?.rangeInitEpochs ?? 0;
    if (rangeEpochs > 0) {
      const r0 = performance.now();
      const initial = model.getWeights().map((w) => w.clone());
      setRangeInit(model, true);
      report = await fit(model, data, { ...common, optimizer: createOptimizer(config.optimizer), epochs: rangeEpochs, phase: 'rangeInit' });
      setRangeInit(model, false);
      model.setWeights(initial);
      tf.dispose(initial);
      record.rangeInit = { epochs: report.epochs, seconds: (performance.now() - r0) / 1000 };
    }
    if (report?.status !== 'diverged') {
      if (config.bitPruning) {
        const bp = await bitPruningSchedule(model, data, config.bitPruning, config.optimizer, common);
        report = bp.report;
        record.bitPruning = bp.record;
      } else {
        report = await fit(model, data, { ...common, optimizer: createOptimizer(config.optimizer), epochs: config.epochs, earlyStopping: es });
      }
      record.epochs = report.epochs;
    }
    record.status = report!.status;
    if (report!.message) record.message = report!.message;
    if (report!.divergence) record.divergence = report!.divergence;
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
  } catch (e) {
    record.status = 'failed';
    record.message = e instanceof Error ? e.message : String(e);
    log(`training failed: ${record.message}`);
  }
  record.final.seconds = (performance.now() - t0) / 1000;
  record.finishedAt = new Date().toISOString();
  return { record, model };
}

function setRangeInit(model: tf.LayersModel, on: boolean): void {
  for (const l of model.layers) if (isQuantizedLayer(l)) l.quant.setRangeInit(on);
}
