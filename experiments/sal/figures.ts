/**
 * Collects the SAL study's runs (`salRuns`) into `results/sal-runs.json`, prints the results table and renders
 * `figures/sal-tradeoff.{svg,png}`. SAL rows whose τ0 is not 20 are labelled with it, e.g. `sal (τ0=0.5)`.
 * Usage: node bin/run-ts.js experiments/sal/figures.ts [STUDY_DIR (default studies/sal)]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg, svgToPng } from '../../src/index.js';
import { salPlotRows, salTradeoffSpec } from './plots.js';
import { salRuns } from './salRuns.js';

const here = dirname(fileURLToPath(import.meta.url));
const runs = salRuns(process.argv[2] ?? 'studies/sal');
writeFileSync(join(here, 'results', 'sal-runs.json'), JSON.stringify(runs, null, 2) + '\n');
const n = (x: number) => Math.round(x).toLocaleString('en-US');
console.log('| variant | τ0 | test acc. before rounding | after rounding | params (32-bit eq.) | index bits | MACs | shift moves | wall time |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  const i = r.inference;
  console.log(`| ${r.variant} | ${r.tau0 ?? '–'} | ${(100 * r.accuracy).toFixed(2)} % | ${r.accuracyRounded === undefined ? '–' : `${(100 * r.accuracyRounded).toFixed(2)} %`} | `
    + `${n(i.params32)} | ${n(i.indexBits)} | ${n(i.macs)} | ${n(i.shiftMoves)} | ${n(r.seconds)} s |`);
}
const rows = runs.map((r) => ({
  variant: r.tau0 !== null && r.tau0 !== 20 ? `${r.variant} (τ0=${r.tau0})` : r.variant,
  accuracy: r.accuracy, ...(r.accuracyRounded === undefined ? {} : { accuracyRounded: r.accuracyRounded }),
  training: r.training, inference: r.inference,
}));
const out = join(here, 'figures');
mkdirSync(out, { recursive: true });
const svg = await renderSvg(salTradeoffSpec(salPlotRows(rows), { title: 'Conv vs shift vs SAL, Fashion-MNIST subset (6000 train, 4 epochs)' }));
writeFileSync(join(out, 'sal-tradeoff.svg'), svg);
writeFileSync(join(out, 'sal-tradeoff.png'), svgToPng(svg));
console.log(`wrote ${join(dirname(out), 'results', 'sal-runs.json')} and ${join(out, 'sal-tradeoff')}.{svg,png}`);
