import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorVsBitsSpec, errorVsCostSpec, trainingCurvesSpec, studyPlots } from '../../../../src/studies/report/plots.js';
import { renderSvg, svgToPng } from '../../../../src/plots/renderPlot.js';
import { compileQuiet } from '../../../../src/plots/compileQuiet.js';
import { loadStudyResults } from '../../../../src/studies/store/studyResults.js';
import { writeFixtureStudy } from '../_fixtureStudy.js';

const dir = mkdtempSync(join(tmpdir(), 'lowbit-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFixtureStudy(join(dir, 'a'));
writeFixtureStudy(join(dir, 'b'), { series: true });
const a = loadStudyResults(join(dir, 'a'));
const b = loadStudyResults(join(dir, 'b'));

describe('study results', () => {
  it('derives family and bits from the weight format; float32 is the baseline', () => {
    const byName = new Map(a.rows.map((r) => [r.name, r]));
    expect(byName.get('format=float32__p=8__seed=1')).toMatchObject({ family: 'float32', bits: 32 });
    expect(byName.get('format=fixed__p=12__seed=1')).toMatchObject({ family: 'fixed', bits: 12, seed: 1, status: 'ok' });
    expect(byName.get('format=float__p=8__seed=1')).toMatchObject({ family: 'float', bits: 8 });
    expect(a.rows).toHaveLength(18);
    expect(a.curves.filter((c) => c.name === a.rows[0]!.name).map((c) => c.epoch)).toEqual([1, 2, 3]);
    expect(b.rows[0]!.series).toBe('seed 1');
  });
  it('marks the Pareto front among ok runs only', () => {
    const front = a.rows.filter((r) => r.paretoEnergy);
    expect(front.length).toBeGreaterThan(0);
    for (const f of front) {
      expect(f.status).toBe('ok');
      expect(a.rows.some((r) => r.status === 'ok' && r.energyPj! < f.energyPj! && r.testErrorPct! < f.testErrorPct!)).toBe(false);
    }
  });
});

describe('plot specs', () => {
  const cases = [
    ['bits', errorVsBitsSpec(a.rows)],
    ['bits with series', errorVsBitsSpec(b.rows)],
    ['energy', errorVsCostSpec(a.rows, 'energyPj')],
    ['memory', errorVsCostSpec(a.rows, 'memoryBits')],
    ['curves', trainingCurvesSpec(a.curves)],
    ['empty bits', errorVsBitsSpec([])],
    ['empty energy', errorVsCostSpec([], 'energyPj')],
    ['empty curves', trainingCurvesSpec([])],
  ] as const;
  it.each(cases)('%s compiles with zero vega-lite warnings', (_, spec) => {
    expect(compileQuiet(spec).warnings).toEqual([]);
  });
  it('inlines only the runs that can be drawn', () => {
    const spec = errorVsBitsSpec(a.rows) as { data: { values: { status: string }[] } };
    expect(spec.data.values.every((r) => r.status === 'ok')).toBe(true);
    expect(spec.data.values).toHaveLength(16);
  });
  it('renders to SVG with every label whole and to PNG', async () => {
    for (const p of studyPlots(a.rows, a.curves)) {
      const svg = await renderSvg(p.spec);
      expect(svg).toMatch(/^<svg[^>]*width="\d+/);
      expect(svg).not.toMatch(/…/); // vega marks a cut label with an ellipsis
      const png = svgToPng(svg);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
    const svg = await renderSvg(errorVsBitsSpec(b.rows));
    expect(svg).toContain('seed 2');
    expect(svg).toContain('test error (%)');
  });
  it('renderSvg refuses a spec that compiles with warnings', async () => {
    await expect(renderSvg({ data: { values: [] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'nosuch' as 'mean' } } })).rejects.toThrow(/^vega-lite warnings: /);
  });
});
