import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorVsBitsSpec, errorVsCostSpec, trainingCurvesSpec, studyPlots } from '../../../../src/studies/report/plots.js';
import { renderSvg, svgToPng } from '../../../../src/plots/renderPlot.js';
import { compileQuiet } from '../../../../src/plots/compileQuiet.js';
import { readStudy } from '../../../../src/studies/store/studyResults.js';
import { writeFixtureStudy } from '../_fixtureStudy.js';

const dir = mkdtempSync(join(tmpdir(), 'lowbit-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFixtureStudy(join(dir, 'a'));
writeFixtureStudy(join(dir, 'b'), { series: true });
const a = readStudy(join(dir, 'a'));
const b = readStudy(join(dir, 'b'));

describe('study results', () => {
  it('labels a family by the format parameters that stay fixed along bits; float32 is the baseline', () => {
    const byName = new Map(a.rows.map((r) => [r.name, r]));
    expect(byName.get('format=float32__p=8__seed=1')).toMatchObject({ family: 'float32', bits: 32 });
    expect(byName.get('format=fixed__p=12__seed=1')).toMatchObject({ family: 'fixed i=4', bits: 12, seed: 1, status: 'ok', point: 'format=fixed__p=12' });
    expect(byName.get('format=float__p=8__seed=1')).toMatchObject({ family: 'float e=4', bits: 8 });
    expect(a.rows).toHaveLength(18);
    expect(b.rows[0]!.series).toBe('seed 1');
  });
  it('aggregates replicates: mean, sample sd and standard error of the ok runs; a point with no ok run has no mean', () => {
    expect(a.points).toHaveLength(9);
    const p = a.points.find((x) => x.point === 'format=float__p=8')!;
    const errs = a.rows.filter((r) => r.point === p.point).map((r) => r.testErrorPct!);
    const m = (errs[0]! + errs[1]!) / 2;
    const sd = Math.abs(errs[0]! - errs[1]!) / Math.SQRT2;
    expect(p).toMatchObject({ runs: 2, ok: 2, seeds: [1, 2], status: 'ok' });
    expect(p.meanErrorPct).toBeCloseTo(m, 12);
    expect(p.sdErrorPct).toBeCloseTo(sd, 12);
    expect(p.seErrorPct).toBeCloseTo(sd / Math.SQRT2, 12);
    // the fixture's run 7 failed and run 9 diverged: their points keep one ok replicate each
    const one = a.points.filter((x) => x.ok === 1);
    expect(one.map((x) => [x.point, x.failed, x.diverged])).toEqual([['format=fixed__p=8', 1, 0], ['format=fixed__p=12', 0, 1]]);
    expect(one[0]!.seErrorPct).toBe(0);
    expect(a.curves.filter((c) => c.point === 'format=float__p=8').map((c) => c.epoch)).toEqual([1, 2, 3]);
  });
  it('marks the Pareto front on the means', () => {
    const front = a.points.filter((p) => p.paretoEnergy);
    expect(front.length).toBeGreaterThan(0);
    for (const f of front) expect(a.points.some((p) => p.meanErrorPct !== null && p.energyPj! < f.energyPj! && p.meanErrorPct < f.meanErrorPct!)).toBe(false);
    expect(a.rows.filter((r) => r.paretoEnergy).every((r) => front.some((f) => f.point === r.point))).toBe(true);
  });
});

describe('plot specs', () => {
  const cases = [
    ['bits', errorVsBitsSpec(a.points, a.rows)],
    ['bits with series', errorVsBitsSpec(b.points, b.rows)],
    ['energy', errorVsCostSpec(a.points, 'energyPj')],
    ['memory', errorVsCostSpec(a.points, 'memoryBits')],
    ['curves', trainingCurvesSpec(a.curves)],
    ['empty bits', errorVsBitsSpec([], [])],
    ['empty energy', errorVsCostSpec([], 'energyPj')],
    ['empty curves', trainingCurvesSpec([])],
  ] as const;
  it.each(cases)('%s compiles with zero vega-lite warnings', (_, spec) => {
    expect(compileQuiet(spec).warnings).toEqual([]);
  });
  it('marks a point with no ok run instead of bridging it', () => {
    const points = a.points.map((p) => (p.point === 'format=fixed__p=12' ? { ...p, status: 'diverged', ok: 0, meanErrorPct: null, seErrorPct: null } : p));
    const spec = errorVsBitsSpec(points, []) as { data: { values: { point: string; mean: number | null }[] }; layer: { mark: { type: string; invalid?: string; shape?: string } }[] };
    expect(spec.data.values.find((v) => v.point === 'format=fixed__p=12')!.mean).toBeNull();
    expect(spec.layer.find((l) => l.mark.type === 'line')!.mark.invalid).toBe('break-paths-filter-domains');
    expect(spec.layer.some((l) => l.mark.type === 'point' && l.mark.shape === 'cross')).toBe(true);
  });
  it('renders to SVG with every label whole, error bars, SI units and the cost model, and to PNG', async () => {
    for (const p of studyPlots(a, { cost: { model: 'qtools', phase: 'inference' } })) {
      const svg = await renderSvg(p.spec);
      expect(svg).toMatch(/^<svg[^>]*width="\d+/);
      expect(svg).not.toMatch(/…/); // vega marks a cut label with an ellipsis
      expect(svg).not.toMatch(/>[^<]*\de[+-]\d[^<]*<\/text>/); // no 2.330e+8 in any text drawn
      if (p.id === 'error-vs-energy') {
        expect(svg).toContain('estimated energy per example (qtools, inference)');
        expect(svg).toMatch(/>[0-9.]+ [µnmk]?J</);
      }
      if (p.id === 'error-vs-memory') expect(svg).toMatch(/>[0-9.]+ [kM]?B</);
      const png = svgToPng(svg);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    const svg = await renderSvg(errorVsBitsSpec(b.points, b.rows));
    expect(svg).toContain('seed 2');
    expect(svg).toContain('test error (%), mean ± s.e.');
  });
  it('renderSvg refuses a spec that compiles with warnings', async () => {
    await expect(renderSvg({ data: { values: [] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'nosuch' as 'mean' } } })).rejects.toThrow(/^vega-lite warnings: /);
  });
});
