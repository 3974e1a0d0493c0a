/**
 * SAL study plot: test accuracy against inference parameters (32-bit-float equivalents) and against MACs, one
 * point per variant; rounded SALs are plotted after rounding, with their soft accuracy as a hollow point.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** One variant's figures. */
export interface SalPlotRow {
  variant: string;
  /** 'trained' (before rounding) or 'rounded' (SAL after rounding; conv and shift have one 'trained' point). */
  stage: 'trained' | 'rounded';
  accuracyPct: number;
  params32: number;
  macs: number;
}

const CONFIG: Config = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  axis: { labelLimit: 0, titleLimit: 0 },
  legend: { labelLimit: 0, titleLimit: 0 },
  title: { limit: 0 },
};

/**
 * Accuracy against parameters and against MACs (log x), side by side.
 * @example salTradeoffSpec(rows, { title: 'Fashion-MNIST subset' })
 */
export function salTradeoffSpec(rows: readonly SalPlotRow[], options: { title?: string } = {}): TopLevelSpec {
  const panel = (field: 'params32' | 'macs', title: string) => ({
    width: 260,
    height: 220,
    mark: { type: 'point' as const, size: 90, filled: true },
    encoding: {
      x: { field, type: 'quantitative' as const, title, scale: { type: 'log' as const } },
      y: { field: 'accuracyPct', type: 'quantitative' as const, title: 'test accuracy (%)', scale: { zero: false } },
      color: { field: 'variant', type: 'nominal' as const, title: 'layer', sort: null },
      shape: { field: 'stage', type: 'nominal' as const, title: 'stage', sort: null },
      tooltip: [{ field: 'variant', type: 'nominal' as const }, { field: 'stage', type: 'nominal' as const }, { field: 'accuracyPct', type: 'quantitative' as const, format: '.2f' }],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    config: CONFIG,
    data: { values: rows.map((r) => ({ ...r })) },
    hconcat: [panel('params32', 'parameters (32-bit equivalents)'), panel('macs', 'MACs per example')],
  };
}

/** The figures of one study run that `salPlotRows` reads (`salRuns` rows). */
export interface SalResultRow {
  variant: string;
  accuracy: number;
  accuracyRounded?: number;
  training: { params32: number; macs: number };
  inference: { params32: number; macs: number };
}

/**
 * Plot rows from the study runs: conv and shift give one 'trained' point at their inference counts; a SAL
 * gives its soft accuracy at its training-time counts ('trained') and its rounded accuracy at the rounded counts.
 */
export function salPlotRows(rows: readonly SalResultRow[]): SalPlotRow[] {
  return rows.flatMap((r) => (r.accuracyRounded === undefined
    ? [{ variant: r.variant, stage: 'trained' as const, accuracyPct: 100 * r.accuracy, ...pick(r.inference) }]
    : [
      { variant: r.variant, stage: 'trained' as const, accuracyPct: 100 * r.accuracy, ...pick(r.training) },
      { variant: r.variant, stage: 'rounded' as const, accuracyPct: 100 * r.accuracyRounded, ...pick(r.inference) },
    ]));
}

const pick = (c: { params32: number; macs: number }) => ({ params32: c.params32, macs: c.macs });
