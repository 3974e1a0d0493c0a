/**
 * Renders the SAL figure from result files: `figures/sal-tradeoff.{svg,png}`. SAL rows of a file whose τ_0 is not
 * the base one are labelled with it, e.g. `sal (τ0=0.5)`.
 * Usage: node bin/run-ts.js experiments/sal/figures.ts [results/sal-wasm.json results/sal-tau0.5-wasm.json]
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg, svgToPng } from '../../src/index.js';
import { SAL_BASE } from './base.js';
import { salPlotRows, salTradeoffSpec, type SalResultRow } from './plots.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : readdirSync(join(here, 'results')).filter((f) => f.endsWith('.json')).sort().map((f) => join(here, 'results', f));
const rows = files.flatMap((f) => {
  const r = JSON.parse(readFileSync(f, 'utf8')) as { config: { tau0: number }; rows: SalResultRow[] };
  const tag = r.config.tau0 === SAL_BASE.tau0 ? '' : ` (τ0=${r.config.tau0})`;
  return r.rows.map((row) => ({ ...row, variant: row.accuracyRounded === undefined ? row.variant : `${row.variant}${tag}` }));
});
const out = join(here, 'figures');
mkdirSync(out, { recursive: true });
const svg = await renderSvg(salTradeoffSpec(salPlotRows(rows), { title: 'Conv vs shift vs SAL, Fashion-MNIST subset (6000 train, 4 epochs)' }));
writeFileSync(join(out, 'sal-tradeoff.svg'), svg);
writeFileSync(join(out, 'sal-tradeoff.png'), svgToPng(svg));
console.log(`wrote ${join(out, 'sal-tradeoff')}.{svg,png}`);
