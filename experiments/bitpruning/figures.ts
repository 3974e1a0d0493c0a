/**
 * Collects the BitPruning study's runs (`bitRuns`) into `results/bitpruning-runs.json`, prints the results tables
 * (energy: `lowbit cost --model` of each saved model, inference, horowitz45nm, per example)
 * and renders `figures/bits-per-layer.{svg,png}` and `figures/trajectory-<model>.{svg,png}`.
 * Usage: node bin/run-ts.js experiments/bitpruning/figures.ts [STUDY_DIR (default studies/bitpruning)]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg, svgToPng } from '../../src/index.js';
import { bitBarRows, bitLineRows, bitsPerLayerSpec, bitTrajectorySpec } from './plots.js';
import { bitRuns } from './bitRuns.js';

const here = dirname(fileURLToPath(import.meta.url));
const ORDER = ['mlp', 'cnn', 'bits', 'ops', 'memory', 'energy', 'twin16'];
const rank = (x: string) => (ORDER.includes(x) ? ORDER.indexOf(x) : ORDER.length);
const runs = bitRuns(process.argv[2] ?? 'studies/bitpruning')
  .sort((a, b) => rank(a.model) - rank(b.model) || rank(a.target) - rank(b.target));
writeFileSync(join(here, 'results', 'bitpruning-runs.json'), JSON.stringify(runs, null, 2) + '\n');
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const uj = (pj: number | null) => (pj === null ? 'n/a' : `${(pj / 1e6).toFixed(2)} µJ`);
const kib = (bits: number | null) => (bits === null ? 'n/a' : `${(bits / 8 / 1024).toFixed(1)} KiB`);
for (const model of [...new Set(runs.map((r) => r.model))]) {
  const rows = runs.filter((r) => r.model === model);
  const twin = rows.find((r) => r.target === 'twin16');
  const layers = rows[0]!.summary.layers.map((l) => `${l.layer} ${l.role === 'weight' ? 'w' : 'a'}`).join(' / ');
  console.log(`\n**${model.toUpperCase()}** (16-bit twin: ${twin ? `${pct(twin.accuracyFinal)}, ${uj(twin.energyPj)} (qtools ${uj(twin.energyQtoolsPj)}), ${kib(twin.weightBits)} of weights, ${Math.round(twin.seconds)} s` : 'n/a'})\n`);
  console.log(`| target | final | Δ vs twin | learned | rounded | mean bits | weights | activations | ${layers} | energy horowitz45nm | energy qtools | weight memory | wall time |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows.filter((x) => x !== twin)) {
    const delta = twin ? (100 * (r.accuracyFinal - twin.accuracyFinal)).toFixed(2).replace('-', '−') : 'n/a';
    const widths = r.summary.layers.map((l) => l.bits).join(' / ');
    console.log(`| ${r.target} | ${pct(r.accuracyFinal)} | ${delta} | ${pct(r.accuracyLearned)} | ${pct(r.accuracyRounded)} | ${r.summary.meanBits.toFixed(2)} | `
      + `${r.summary.meanWeightBits.toFixed(2)} | ${r.summary.meanActivationBits.toFixed(2)} | ${widths} | ${uj(r.energyPj)} | ${uj(r.energyQtoolsPj)} | ${kib(r.weightBits)} | ${Math.round(r.seconds)} s |`);
  }
}
const out = join(here, 'figures');
mkdirSync(out, { recursive: true });
const write = async (stem: string, spec: Parameters<typeof renderSvg>[0]) => {
  const svg = await renderSvg(spec);
  writeFileSync(join(out, `${stem}.svg`), svg);
  writeFileSync(join(out, `${stem}.png`), svgToPng(svg));
  console.log(`wrote ${join(out, stem)}.{svg,png}`);
};
await write('bits-per-layer', bitsPerLayerSpec(bitBarRows(runs), { title: 'Learned bitlength per layer and cost target (Fashion-MNIST subset)' }));
for (const model of [...new Set(runs.map((r) => r.model))]) {
  await write(`trajectory-${model}`, bitTrajectorySpec(bitLineRows(runs.filter((r) => r.model === model)), { title: `Bitlength trajectories, ${model}` }));
}
