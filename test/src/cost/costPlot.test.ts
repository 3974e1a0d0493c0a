import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import { costPlotSpec } from '../../../src/cost/costPlot.js';
import { renderSpec } from '../../../src/plots/renderPlot.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { zooModel } from '../../../src/zoo/zoo.js';

const report = costReport(profileModel(zooModel('lenet5'), { phase: 'training' }), horowitz45nm);

describe('costPlotSpec', () => {
  it('compiles with vega-lite without a warning', () => {
    const warnings: unknown[] = [];
    const logger = {
      level() { return logger; },
      warn(...a: unknown[]) { warnings.push(a); return logger; },
      info() { return logger; },
      debug() { return logger; },
      error(...a: unknown[]) { throw new Error(String(a)); },
    };
    compile(costPlotSpec(report), { logger: logger as never });
    expect(warnings).toEqual([]);
  });

  it('has one bar segment per layer and non-zero category, in µJ, views left out', () => {
    const values = (costPlotSpec(report).data as { values: Array<{ layer: string; category: string; energyUj: number }> }).values;
    expect(new Set(values.map((v) => v.layer))).toEqual(new Set(report.layers.filter((l) => l.energyPj > 0).map((l) => l.name)));
    expect(values.find((v) => v.layer === 'c5' && v.category === 'optimizerMemory')!.energyUj).toBeCloseTo(report.layers.find((l) => l.name === 'c5')!.energyPjByCategory.optimizerMemory / 1e6, 12);
    const sum = values.reduce((s, v) => s + v.energyUj, 0);
    expect(sum).toBeCloseTo(report.totals.energyPj / 1e6, 6);
  });
});

describe('renderSpec', () => {
  it('writes SVG and PNG files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-plot-'));
    await renderSpec(costPlotSpec(report), join(dir, 'a.svg'));
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toMatch(/^<svg[\s\S]*optimizerMemory[\s\S]*<\/svg>$/);
    await renderSpec(costPlotSpec(report), join(dir, 'a.png'));
    expect(readFileSync(join(dir, 'a.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('rejects other extensions', async () => {
    await expect(renderSpec(costPlotSpec(report), 'plot.pdf')).rejects.toThrow('renderSpec: file must end in .svg or .png; got "plot.pdf"');
  });
});
