import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudySpec } from '../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../src/studies/spec/grid.js';
import { validateConfig } from '../../src/studies/trial/trainTrial.js';
import type { PointRow } from '../../src/studies/index.js';
import { renderSvg } from '../../src/plots/renderPlot.js';
import { modelPoints, mxFigureSpec } from '../../experiments/mx/figures.js';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'experiments', 'mx', 'fashion.json');

describe('experiments/mx/fashion.json', () => {
  it('expands to 2 models × 11 formats × 3 seeds of valid training configs, every role of the policy in the format', () => {
    const points = expandGrid(loadStudySpec(FILE), { validateConfig });
    expect(points).toHaveLength(66);
    expect(new Set(points.map((p) => p.point)).size).toBe(22);
    expect(points.slice(0, 3).map((p) => p.config.seed)).toEqual([1, 2, 3]);
    const formats = points.map((p) => (p.config.policy as { default: Record<string, { format: string }> }).default.weight!.format);
    expect(new Set(formats)).toEqual(
      new Set(['float32', 'mxfp8_e4m3', 'mxfp8_e5m2', 'mxfp6_e3m2', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8', 'nvfp4', 'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=channel)', 'dfixed(w=8)']),
    );
    for (const p of points) {
      const roles = (p.config.policy as { default: Record<string, { format: string }> }).default;
      expect(Object.keys(roles).sort()).toEqual(['activation', 'bias', 'error', 'gradient', 'momentum', 'weight']);
      expect(new Set(Object.values(roles).map((r) => r.format)).size).toBe(1);
      expect((p.config.dataset as { name: string }).name).toBe('fashion-mnist');
    }
  });
  it('recipe.json: 2 models × 2 MXFP4 recipes × 3 seeds; only weights, activations and errors in block formats', () => {
    const points = expandGrid(loadStudySpec(join(dirname(FILE), 'recipe.json')), { validateConfig });
    expect(points).toHaveLength(12);
    for (const p of points) {
      const roles = (p.config.policy as { default: Record<string, { format: string }> }).default;
      expect(Object.keys(roles).sort()).toEqual(['activation', 'error', 'weight']);
      expect(roles.weight!.format).toBe('mxfp4_e2m1');
    }
  });
  it('--quick keeps 8 small runs', () => {
    const quick = expandGrid(loadStudySpec(FILE), { validateConfig, quick: true });
    expect(quick).toHaveLength(8);
    for (const p of quick) expect([p.config.epochs, (p.config.dataset as { trainSize: number }).trainSize, p.config.seed]).toEqual([1, 500, 1]);
  });
});

/** A grid point of the mx study as readStudy gives it (one seed). */
function point(model: string, format: string, err: number, energyPj: number, memoryBits: number): PointRow {
  return {
    point: `model=${model}__format=${format}`, status: 'ok', family: format, bits: null, series: model, runs: 1, ok: 1, diverged: 0, failed: 0, seeds: [1],
    meanErrorPct: err, sdErrorPct: 0, seErrorPct: 0, energyPj, memoryBits, paretoEnergy: true, paretoMemory: true, labels: { model, format },
  };
}

describe('experiments/mx/figures.ts', () => {
  const points = [
    point('mlp', 'float32', 12, 200e6, 8e6), point('mlp', 'MXFP4', 20, 30e6, 1e6), point('mlp', 'MXFP8', 12.5, 60e6, 2e6), point('mlp', 'worse', 25, 70e6, 3e6),
    point('cnn', 'float32', 30, 90e6, 1e6), point('cnn', 'MXFP4', 10, 10e6, 1e5),
  ];
  it('computes the Pareto front within one model (the cnn points do not hide the mlp front)', () => {
    const mlp = modelPoints(points, 'mlp');
    expect(mlp.map((p) => p.family)).toEqual(['float32', 'MXFP4', 'MXFP8', 'worse']);
    expect(mlp.map((p) => p.paretoEnergy)).toEqual([true, true, true, false]);
    expect(mlp.map((p) => p.paretoMemory)).toEqual([true, true, true, false]);
    expect(modelPoints(points, 'cnn').map((p) => p.paretoEnergy)).toEqual([false, true]);
  });
  it('draws a labelled error-vs-cost figure that compiles without vega-lite warnings', async () => {
    const svg = await renderSvg(mxFigureSpec(points, 'mlp', 'memoryBits'));
    expect(svg).toMatch(/^<svg/);
    // each format twice: its legend entry and its point's label
    for (const f of ['float32', 'MXFP4', 'MXFP8', 'worse']) expect(svg.split(`>${f}</text>`).length - 1, f).toBe(2);
    expect(svg).not.toContain('>cnn');
  });
});
