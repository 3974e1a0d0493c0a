/**
 * BitPruning study (Nikolić et al. 2020, arXiv:2002.03090): an MLP and a small CNN on a Fashion-MNIST subset, trained
 * with learned bitlengths under each cost target (bits, ops, memory, energy), then rounded up and fine-tuned, next to
 * a float twin. Writes `experiments/bitpruning/results/<model>-<backend>.json` (history, per-epoch bitlength
 * trajectory, per-layer bits) and prints a table.
 *
 * Usage: node bin/run-ts.js experiments/bitpruning/run.ts [--models mlp,cnn] [--targets float,bits,ops,memory,energy]
 *        [--lambda 0.5] [--train 6000] [--test 5000] [--learn 4] [--finetune 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/index.js';
import { BIT_COST_TARGETS, BitlengthBank, trainBitPruning, type BitCostTarget } from '../../src/bitpruning/index.js';
import { BIT_BASE, type BitRunSpec } from './base.js';
import { BIT_MODEL_NAMES, bitModel, type BitModelName } from './bitModels.js';
import { loadTensorDataset } from './splitTensors.js';
import { provenance } from './provenance.js';

const { values } = parseArgs({ options: {
  models: { type: 'string' }, targets: { type: 'string' }, lambda: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' },
  learn: { type: 'string' }, finetune: { type: 'string' }, out: { type: 'string' }, bitopt: { type: 'string' }, bitlr: { type: 'string' },
} });
const cfg = {
  ...BIT_BASE,
  lambda: Number(values.lambda ?? BIT_BASE.lambda),
  trainSize: Number(values.train ?? BIT_BASE.trainSize),
  testSize: Number(values.test ?? BIT_BASE.testSize),
  learnEpochs: Number(values.learn ?? BIT_BASE.learnEpochs),
  finetuneEpochs: Number(values.finetune ?? BIT_BASE.finetuneEpochs),
  bitOptimizer: (values.bitopt ?? BIT_BASE.bitOptimizer) as 'adam' | 'sgd',
  bitLr: Number(values.bitlr ?? BIT_BASE.bitLr),
};
const models = (values.models?.split(',') ?? BIT_MODEL_NAMES) as BitModelName[];
const targets = (values.targets?.split(',') ?? ['float', ...BIT_COST_TARGETS]) as Array<BitCostTarget | 'float'>;
for (const m of models) if (!BIT_MODEL_NAMES.includes(m)) throw new RangeError(`bitpruning/run: --models: unknown ${JSON.stringify(m)}; known: ${BIT_MODEL_NAMES.join(', ')}`);
for (const t of targets) if (t !== 'float' && !BIT_COST_TARGETS.includes(t)) throw new RangeError(`bitpruning/run: --targets: unknown ${JSON.stringify(t)}; known: float, ${BIT_COST_TARGETS.join(', ')}`);

const backend = await initBackend(cfg.backend);
const here = dirname(fileURLToPath(import.meta.url));
for (const modelName of models) {
  const ds = loadTensorDataset({ name: 'fashion-mnist', trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed }, modelName === 'mlp' ? 'flat' : 'image');
  const rows = [];
  for (const target of targets) {
    const spec: BitRunSpec = { model: modelName, target, lambda: target === 'float' ? 0 : cfg.lambda };
    const bank = new BitlengthBank({ initBits: cfg.initBits, minBits: cfg.minBits, maxBits: cfg.maxBits });
    const model = bitModel(modelName, target === 'float' ? undefined : bank, cfg.granularity, cfg.seed);
    const t0 = Date.now();
    const report = await trainBitPruning(model, bank, ds.train, ds.test, {
      // the float twin follows the same schedule (its "rounding" changes nothing)
      learnEpochs: cfg.learnEpochs, finetuneEpochs: cfg.finetuneEpochs,
      batchSize: cfg.batchSize, lr: cfg.lr, finetuneLr: cfg.finetuneLr, bitLr: cfg.bitLr, bitOptimizer: cfg.bitOptimizer, seed: cfg.seed, ...(target === 'float' ? {} : { regularizer: { target, lambda: cfg.lambda } }),
      onEpoch: (r) => console.log(`${modelName}/${target} epoch ${r.epoch} (${r.phase}): task loss ${r.taskLoss.toFixed(4)}, `
        + `penalty ${r.penalty.toFixed(4)}, test accuracy ${(100 * r.testAccuracy).toFixed(2)}%, mean bits ${r.meanBits.toFixed(2)}`),
    });
    const row = { ...spec, ...report, trajectory: report.trajectory.points, seconds: (Date.now() - t0) / 1000 };
    console.log(`${modelName}/${target}: accuracy ${(100 * report.accuracyFinal).toFixed(2)}% (learned ${(100 * report.accuracyLearned).toFixed(2)}%, `
      + `rounded ${(100 * report.accuracyRounded).toFixed(2)}%), weight bits ${report.summary.meanWeightBits.toFixed(2)}, `
      + `activation bits ${report.summary.meanActivationBits.toFixed(2)} (${row.seconds.toFixed(0)} s)`);
    rows.push(row);
    model.dispose();
    bank.dispose();
  }
  ds.dispose();
  const out = values.out ?? join(here, 'results', `${modelName}-${backend.name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ config: { ...cfg, model: modelName, targets }, dataset: ds.spec, source: ds.source, provenance: provenance(backend), rows }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
