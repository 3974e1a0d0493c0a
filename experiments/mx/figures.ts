/**
 * Renders the mx study's figures, one per model and cost: `figures/<model>-error-vs-energy.{svg,png}` and
 * `figures/<model>-error-vs-memory.{svg,png}` (test error against the training energy per example and against the
 * bits of the weights and biases), with the Pareto front computed within the model. The study report
 * (`studies/mx/report.html`) draws both models in one plot with one front across them; these figures keep the
 * MLP and the CNN apart.
 * Usage: node bin/run-ts.js experiments/mx/figures.ts [STUDY_DIR (default studies/mx)]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { errorVsCostSpec, paretoFront, readStudy, type PointRow } from '../../src/studies/index.js';
import { renderSvg, svgToPng } from '../../src/index.js';

/** The points of one model (label `model`), their Pareto flags recomputed among themselves. */
export function modelPoints(points: readonly PointRow[], model: string): PointRow[] {
  const mine = points.filter((p) => p.labels.model === model).map((p) => ({ ...p, paretoEnergy: false, paretoMemory: false }));
  for (const [key, flag] of [['energyPj', 'paretoEnergy'], ['memoryBits', 'paretoMemory']] as const) {
    const ok = mine.filter((p) => p.meanErrorPct !== null && p[key] !== null);
    paretoFront(ok.map((p) => ({ cost: p[key]!, error: p.meanErrorPct! }))).forEach((on, i) => (ok[i]![flag] = on));
  }
  return mine;
}

type Enc = Record<string, Record<string, unknown> | undefined>;

/**
 * The error-vs-cost spec of one model: the study report's plot, with 20 colours (the 11 formats never share one),
 * each point labelled with its format, and the error axis fitted to the data (not widened to 10–100 %).
 */
export function mxFigureSpec(points: readonly PointRow[], model: string, cost: 'energyPj' | 'memoryBits'): TopLevelSpec {
  const what = cost === 'energyPj' ? 'estimated training energy' : 'memory of the parameters';
  const spec = errorVsCostSpec(modelPoints(points, model), cost, { title: `${model.toUpperCase()}, Fashion-MNIST: test error against ${what}`, costModel: 'horowitz45nm, training' });
  const layers = (spec as unknown as { layer: Array<{ mark: unknown; encoding: Enc }> }).layer;
  for (const { encoding } of layers) {
    if (encoding.color) encoding.color = { ...encoding.color, scale: { scheme: 'tableau20' } };
    if (encoding.y) encoding.y = { ...encoding.y, scale: { type: 'log', nice: false, padding: 16 } };
  }
  const { x, y } = layers[layers.length - 1]!.encoding;
  layers.push({ mark: { type: 'text', align: 'left', dx: 7, dy: -6, fontSize: 9 }, encoding: { x, y, text: { field: 'family', type: 'nominal' } } });
  return spec;
}

if (process.argv[1] && /figures\.ts$/.test(process.argv[1])) {
  const dir = process.argv[2] ?? 'studies/mx';
  const { points } = readStudy(dir);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'figures');
  mkdirSync(out, { recursive: true });
  for (const model of [...new Set(points.map((p) => p.labels.model!))]) {
    for (const [cost, name] of [['energyPj', 'energy'], ['memoryBits', 'memory']] as const) {
      const svg = await renderSvg(mxFigureSpec(points, model, cost));
      const file = join(out, `${model}-error-vs-${name}`);
      writeFileSync(`${file}.svg`, svg);
      writeFileSync(`${file}.png`, svgToPng(svg));
      console.log(`wrote ${file}.{svg,png}`);
    }
  }
}
