/**
 * The study report's plots as typed vega-lite specs with their data inlined:
 * - test error against bit width, one line per format family (Courbariaux et al. 2014, Fig. 1–2 style), float32
 *   runs as a dashed reference rule, optionally one panel per series;
 * - test error against estimated energy and against memory, log–log, the Pareto front drawn in black;
 * - training curves (test error and train loss per epoch).
 *
 * Labels are never cut: without a canvas vega only estimates text widths, so every label/title limit is 0
 * (no limit). Errors are plotted in percent on a log axis, so 1 % and 50 % are both readable.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { CurveRow, ResultRow } from '../store/studyResults.js';

type LayerTop = Extract<TopLevelSpec, { layer: unknown }>;
type Layer = LayerTop['layer'][number];
type HConcatTop = Extract<TopLevelSpec, { hconcat: unknown }>;
type Unit = Extract<HConcatTop['hconcat'][number], { mark: unknown }>;
type Encoding = NonNullable<Unit['encoding']>;

/** Font of every plot; DejaVu Sans is what the PNG renderer finds on Debian (fonts-dejavu-core). */
export const PLOT_FONT = 'DejaVu Sans, Verdana, sans-serif';

const CONFIG: Config = {
  font: PLOT_FONT,
  axis: { labelLimit: 0, titleLimit: 0, labelFontSize: 11, titleFontSize: 12 },
  legend: { labelLimit: 0, titleLimit: 0, labelFontSize: 11, titleFontSize: 12 },
  header: { labelLimit: 0, titleLimit: 0 },
  title: { limit: 0, fontSize: 14 },
  view: { stroke: '#ddd' },
};

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const errorY = (aggregate?: 'mean'): Encoding['y'] => ({ field: 'testErrorPct', type: 'quantitative', title: 'test error (%)', scale: { type: 'log' }, ...(aggregate ? { aggregate } : {}) });
const FAMILY: Encoding['color'] = { field: 'family', type: 'nominal', title: 'format' };

/** Every plot of a report, by file stem. */
export type PlotId = 'error-vs-bits' | 'error-vs-energy' | 'error-vs-memory' | 'training-curves';

/**
 * Test error against bit width, one line (mean over seeds) per family plus each run as a point. Runs of family
 * `float32` are drawn as a dashed horizontal rule at their mean. With `series` values, one panel per series (a
 * run without a series, such as the float32 baseline, appears in every panel).
 * @example errorVsBitsSpec(rows, { title: 'MNIST MLP' })
 */
export function errorVsBitsSpec(rows: readonly ResultRow[], options: { title?: string; bitsTitle?: string } = {}): TopLevelSpec {
  const drawn = rows.filter((r) => r.status === 'ok' && r.testErrorPct !== null && (r.bits !== null || r.family === 'float32'));
  // a run outside every series (a float32 baseline) is drawn in every panel
  const series = [...new Set(drawn.flatMap((r) => (r.series === null ? [] : [r.series])))];
  const values = series.length === 0 ? drawn : drawn.flatMap((r) => (r.series !== null ? [r] : series.map((s) => ({ ...r, series: s }))));
  const x: Encoding['x'] = { field: 'bits', type: 'quantitative', title: options.bitsTitle ?? 'bit width', scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } };
  const notBase = { filter: "datum.family !== 'float32'" };
  const layer: Layer[] = [
    { transform: [notBase], mark: { type: 'line' }, encoding: { x, y: errorY('mean'), color: FAMILY } },
    {
      transform: [notBase],
      mark: { type: 'point', filled: true, size: 40 },
      encoding: { x, y: errorY(), color: FAMILY, tooltip: [{ field: 'name', type: 'nominal' }, { field: 'testErrorPct', type: 'quantitative', format: '.2f' }] },
    },
    { transform: [{ filter: "datum.family === 'float32'" }], mark: { type: 'rule', strokeDash: [6, 4], size: 1.5 }, encoding: { y: errorY('mean'), color: FAMILY } },
  ];
  const title = options.title ?? 'Test error against bit width';
  if (series.length === 0) {
    return { $schema: SCHEMA, title, config: CONFIG, width: 420, height: 300, data: { values: [...values] }, layer };
  }
  return { $schema: SCHEMA, title, config: CONFIG, data: { values: [...values] }, facet: { column: { field: 'series', type: 'nominal', title: null } }, spec: { width: 260, height: 260, layer } };
}

/**
 * Test error against a cost (estimated energy per example, or memory), log–log, one colour per family; the
 * Pareto-optimal runs (no other run is both cheaper and better) are diamonds joined by a black staircase.
 * @example errorVsCostSpec(rows, 'energyPj')
 */
export function errorVsCostSpec(rows: readonly ResultRow[], cost: 'energyPj' | 'memoryBits', options: { title?: string } = {}): TopLevelSpec {
  const values = rows.filter((r) => r.status === 'ok' && r.testErrorPct !== null && r[cost] !== null && r[cost]! > 0);
  const front = cost === 'energyPj' ? 'paretoEnergy' : 'paretoMemory';
  const xTitle = cost === 'energyPj' ? 'estimated energy per training example (pJ, cost model)' : 'memory of the parameters (bits, cost model)';
  const x: Encoding['x'] = { field: cost, type: 'quantitative', title: xTitle, scale: { type: 'log', nice: false, padding: 12 }, axis: { format: '~s' } };
  return {
    $schema: SCHEMA, config: CONFIG, width: 420, height: 300,
    title: options.title ?? (cost === 'energyPj' ? 'Test error against estimated energy' : 'Test error against memory'),
    data: { values: [...values] },
    layer: [
      {
        transform: [{ filter: `datum.${front}` }],
        mark: { type: 'line', color: 'black', strokeWidth: 1.5, interpolate: 'step-after' },
        encoding: { x, y: errorY(), order: { field: cost, type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x, y: errorY(), color: FAMILY,
          shape: { field: front, type: 'nominal', title: 'on the Pareto front', scale: { domain: [true, false], range: ['diamond', 'circle'] } },
          tooltip: [{ field: 'name', type: 'nominal' }, { field: 'testErrorPct', type: 'quantitative', format: '.2f' }, { field: cost, type: 'quantitative', format: '.4~s' }],
        },
      },
    ],
  };
}

/**
 * Training curves: test error and train loss per epoch, one line per run, coloured by family.
 * @example trainingCurvesSpec(curves)
 */
export function trainingCurvesSpec(curves: readonly CurveRow[], options: { title?: string } = {}): TopLevelSpec {
  const x: Encoding['x'] = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const detail: Encoding['detail'] = { field: 'name', type: 'nominal' };
  const tooltip: Encoding['tooltip'] = [{ field: 'name', type: 'nominal' }, { field: 'epoch', type: 'quantitative' }];
  const panel = (filter: string, y: Encoding['y']): Unit => ({ width: 320, height: 240, transform: [{ filter }], mark: { type: 'line', point: true }, encoding: { x, y, color: FAMILY, detail, tooltip } });
  return {
    $schema: SCHEMA, config: CONFIG, title: options.title ?? 'Training curves',
    data: { values: [...curves] },
    hconcat: [
      panel('isValid(datum.testErrorPct) && datum.testErrorPct > 0', errorY()),
      panel('isValid(datum.trainLoss) && datum.trainLoss > 0', { field: 'trainLoss', type: 'quantitative', title: 'train loss', scale: { type: 'log' } }),
    ],
  };
}

/** All plots of a report, in report order. */
export function studyPlots(rows: readonly ResultRow[], curves: readonly CurveRow[], title?: string, bitsTitle?: string): { id: PlotId; title: string; spec: TopLevelSpec }[] {
  const t = (s: string): string => (title ? `${title}: ${s}` : s);
  return [
    { id: 'error-vs-bits', title: t('test error against bit width'), spec: errorVsBitsSpec(rows, { title: t('test error against bit width'), bitsTitle }) },
    { id: 'error-vs-energy', title: t('test error against estimated energy'), spec: errorVsCostSpec(rows, 'energyPj', { title: t('test error against estimated energy') }) },
    { id: 'error-vs-memory', title: t('test error against memory'), spec: errorVsCostSpec(rows, 'memoryBits', { title: t('test error against memory') }) },
    { id: 'training-curves', title: t('training curves'), spec: trainingCurvesSpec(curves, { title: t('training curves') }) },
  ];
}
