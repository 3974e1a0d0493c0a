/**
 * SAL study: a small CNN on a Fashion-MNIST subset with its two inner 3×3 convolutions as standard convolutions,
 * shift layers, unshared SALs and shared SALs (Boukli Hacene et al. 2019, arXiv:1905.12300). Writes
 * `experiments/sal/results/sal-<backend>.json` and prints a table.
 *
 * Usage: node bin/run-ts.js experiments/sal/run.ts [--train 6000] [--test 2000] [--epochs 4] [--variants conv,shift,sal,salShared]
 *        [--tau0 20] [--out file]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/index.js';
import { registerShiftLayers } from '../../src/shift/index.js';
import { loadTensorDataset } from '../bitpruning/splitTensors.js';
import { provenance } from '../bitpruning/provenance.js';
import { SAL_VARIANTS, salNet, salNetCounts, type SalNetSpec, type SalVariant } from './salModels.js';
import { trainSal } from './trainSal.js';
import { SAL_BASE } from './base.js';

const { values } = parseArgs({ options: {
  train: { type: 'string' }, test: { type: 'string' }, epochs: { type: 'string' }, variants: { type: 'string' }, out: { type: 'string' },
  tau0: { type: 'string' },
} });
const cfg = {
  ...SAL_BASE,
  trainSize: Number(values.train ?? SAL_BASE.trainSize),
  testSize: Number(values.test ?? SAL_BASE.testSize),
  epochs: Number(values.epochs ?? SAL_BASE.epochs),
  tau0: Number(values.tau0 ?? SAL_BASE.tau0),
};
const variants = (values.variants?.split(',') ?? SAL_VARIANTS) as SalVariant[];
for (const v of variants) if (!SAL_VARIANTS.includes(v)) throw new RangeError(`sal/run: --variants: unknown ${JSON.stringify(v)}; known: ${SAL_VARIANTS.join(', ')}`);

const backend = await initBackend(cfg.backend);
registerShiftLayers();
const ds = loadTensorDataset({ name: 'fashion-mnist', trainSize: cfg.trainSize, testSize: cfg.testSize, seed: cfg.seed }, 'image');
const steps = Math.ceil(cfg.trainSize / cfg.batchSize) * cfg.epochs;
const rows = [];
for (const variant of variants) {
  const spec: SalNetSpec = { variant, filters: cfg.filters, tau0: cfg.tau0, tauFinal: cfg.tauFinal, totalIters: steps, seed: cfg.seed };
  const model = salNet(spec);
  const t0 = Date.now();
  const r = await trainSal(model, ds.train, ds.test, {
    epochs: cfg.epochs, batchSize: cfg.batchSize, lr: cfg.lr, seed: cfg.seed,
    onEpoch: (e, loss, acc) => console.log(`${variant} epoch ${e}: loss ${loss.toFixed(4)}, test accuracy ${(100 * acc).toFixed(2)}%`),
  });
  const row = {
    variant, ...r, seconds: (Date.now() - t0) / 1000,
    training: salNetCounts(spec, 'training'), inference: salNetCounts(spec, 'inference', r.distinctTaps ?? {}),
  };
  console.log(`${variant}: accuracy ${(100 * r.accuracy).toFixed(2)}%${r.accuracyRounded !== undefined ? ` → rounded ${(100 * r.accuracyRounded).toFixed(2)}%` : ''}; `
    + `inference params32 ${row.inference.params32.toFixed(0)}, MACs ${row.inference.macs}, shift moves ${row.inference.shiftMoves} (${row.seconds.toFixed(0)} s)`);
  rows.push(row);
  model.dispose();
}
ds.dispose();
const here = dirname(fileURLToPath(import.meta.url));
const out = values.out ?? join(here, 'results', `sal-${backend.name}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ config: { ...cfg, variants, steps }, dataset: ds.spec, source: ds.source, provenance: provenance(backend), rows }, null, 2) + '\n');
console.log(`wrote ${out}`);
