/**
 * Renders the BitPruning figures from result files: `figures/bits-per-layer.{svg,png}` (all models found) and
 * `figures/trajectory-<model>.{svg,png}`.
 * Usage: node bin/run-ts.js experiments/bitpruning/figures.ts [results/mlp-wasm.json results/cnn-wasm.json]
 */
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg, svgToPng } from '../../src/index.js';
import { bitBarRows, bitLineRows, bitsPerLayerSpec, bitTrajectorySpec, type BitResultRow } from './plots.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : readdirSync(join(here, 'results')).filter((f) => f.endsWith('.json')).map((f) => join(here, 'results', f));
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as { config: { model: string }; rows: BitResultRow[] });
const out = join(here, 'figures');
mkdirSync(out, { recursive: true });
const write = async (stem: string, spec: Parameters<typeof renderSvg>[0]) => {
  const svg = await renderSvg(spec);
  writeFileSync(join(out, `${stem}.svg`), svg);
  writeFileSync(join(out, `${stem}.png`), svgToPng(svg));
  console.log(`wrote ${join(out, stem)}.{svg,png}`);
};
await write('bits-per-layer', bitsPerLayerSpec(results.flatMap((r) => bitBarRows(r.rows)), { title: 'Learned bitlength per layer and cost target (Fashion-MNIST subset)' }));
for (const r of results) await write(`trajectory-${r.config.model}`, bitTrajectorySpec(bitLineRows(r.rows), { title: `Bitlength trajectories, ${r.config.model}` }));
