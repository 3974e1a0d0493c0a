import type { TopLevelSpec } from 'vega-lite';
import type { CostReport } from '../../cost-models/costReport.js';
import { ENERGY_CATEGORIES } from '../../cost-models/priceTrace.js';

/**
 * A vega-lite stacked bar chart of a cost report: one bar per layer (in model order), its energy in µJ stacked
 * by category (multiply, accumulate, add, compare, weight/activation/optimizer memory). Layers with zero energy
 * (views) are left out. Labels are not truncated (`labelLimit` raised: without a canvas vega only estimates
 * text widths).
 * @example await renderSpec(costPlotSpec(report), 'resnet18.svg')
 */
export function costPlotSpec(report: CostReport): TopLevelSpec {
  const values = report.layers.flatMap((l, order) =>
    ENERGY_CATEGORIES.filter((c) => l.energyPjByCategory[c] > 0).map((c) => ({ layer: l.name, order, category: c, stack: ENERGY_CATEGORIES.indexOf(c), energyUj: l.energyPjByCategory[c] / 1e6 })),
  );
  const layers = new Set(values.map((v) => v.layer)).size;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${report.model}: energy per layer (${report.phase}, ${report.costModel.id})`, subtitle: `total ${(report.totals.energyPj / 1e6).toPrecision(4)} µJ` },
    width: Math.max(300, 14 * layers),
    height: 300,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'layer', type: 'nominal', sort: { field: 'order', op: 'min' }, title: 'layer', axis: { labelAngle: -90, labelLimit: 400 } },
      y: { field: 'energyUj', type: 'quantitative', aggregate: 'sum', title: 'energy (µJ)' },
      color: { field: 'category', type: 'nominal', scale: { domain: [...ENERGY_CATEGORIES] }, legend: { labelLimit: 400, title: 'category' } },
      order: { field: 'stack', type: 'quantitative' },
      tooltip: [
        { field: 'layer', type: 'nominal' },
        { field: 'category', type: 'nominal' },
        { field: 'energyUj', type: 'quantitative', aggregate: 'sum', title: 'energy (µJ)', format: '.4g' },
      ],
    },
  };
}
