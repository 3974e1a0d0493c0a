/**
 * The study report's plots as typed vega-lite specs with their data inlined:
 * - test error against bit width, one line per format family (Courbariaux et al. 2014, Fig. 1–2 style): the mean
 *   over seeds with standard-error bars, each run as a faint point, float32 as a dashed rule at its mean; a point
 *   with no ok run (diverged, failed) breaks the line and is marked with a red cross at the top, never bridged;
 *   optionally one panel per series;
 * - test error against estimated energy and against memory, log–log, in SI units (J, B), means with error bars,
 *   the Pareto front of the means drawn in black; the axis names the cost model and phase;
 * - training curves (mean test error and train loss per epoch), one panel row per family, one colour per width.
 *
 * Labels are never cut: without a canvas vega only estimates text widths, so every label/title limit is 0
 * (no limit). Errors are plotted in percent on a log axis, so 1 % and 50 % are both readable.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { CurveRow, PointRow, ResultRow } from '../store/studyResults.js';
import type { StudyCostSpec } from '../spec/studySpec.js';

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
/** Where a point without a mean (diverged, failed) is marked: the top of the error axis. */
const MARK_AT_PCT = 100;
const errorY = (field = 'mean'): Encoding['y'] => ({ field, type: 'quantitative', title: 'test error (%), mean ± s.e.', scale: { type: 'log' } });
const FAMILY: Encoding['color'] = { field: 'family', type: 'nominal', title: 'format' };
const TOOLTIP: Encoding['tooltip'] = [
  { field: 'point', type: 'nominal' },
  { field: 'mean', type: 'quantitative', title: 'test error (%)', format: '.2f' },
  { field: 'se', type: 'quantitative', title: 's.e.', format: '.2f' },
  { field: 'n', type: 'quantitative', title: 'ok runs' },
];

/**
 * Every plot of a report, by file stem.
 * @example
 * const id: PlotId = 'error-vs-bits'; // the plot written to plots/error-vs-bits.svg
 */
export type PlotId = 'error-vs-bits' | 'error-vs-energy' | 'error-vs-memory' | 'training-curves';

/** A point as plotted: mean, error-bar ends (mean ± s.e., kept above 0 for the log axis), SI costs. */
interface PlotPoint {
  point: string;
  family: string;
  bits: number | null;
  series: string | null;
  status: string;
  n: number;
  mean: number | null;
  se: number | null;
  lo: number | null;
  hi: number | null;
  energyJ: number | null;
  memoryBytes: number | null;
  pareto: boolean;
}

function plotPoint(p: PointRow, pareto = false): PlotPoint {
  const m = p.meanErrorPct;
  const se = p.seErrorPct ?? 0;
  return {
    point: p.point, family: p.family, bits: p.bits, series: p.series, status: p.status, n: p.ok,
    mean: m, se: m === null ? null : se, lo: m === null ? null : Math.max(m - se, m / 10), hi: m === null ? null : m + se,
    energyJ: p.energyPj === null ? null : p.energyPj * 1e-12, memoryBytes: p.memoryBits === null ? null : p.memoryBits / 8, pareto,
  };
}

/** A red cross per point with no ok run, at the top of the error axis, in the legend as its status. */
function notOkLayer(x: Encoding['x']): Layer {
  return {
    transform: [{ filter: 'datum.mean === null' }, { calculate: `${MARK_AT_PCT}`, as: 'markAt' }],
    mark: { type: 'point', shape: 'cross', size: 90, color: '#c0392b', filled: true },
    encoding: { x, y: errorY('markAt'), tooltip: [{ field: 'point', type: 'nominal' }, { field: 'status', type: 'nominal' }] },
  };
}

/**
 * Test error against bit width: per family, the mean over seeds (line, diamonds) with standard-error bars, and
 * each ok run as a faint dot. Runs of family `float32` are a dashed rule at their mean. A point with no ok run
 * breaks its family's line and gets a red cross at the top. With `series` values, one panel per series.
 * @example errorVsBitsSpec(points, rows, { title: 'MNIST MLP' })
 */
export function errorVsBitsSpec(points: readonly PointRow[], rows: readonly ResultRow[], options: { title?: string; bitsTitle?: string } = {}): TopLevelSpec {
  const drawn = points.filter((p) => p.bits !== null || p.family === 'float32').map((p) => plotPoint(p));
  const runs = rows.filter((r) => r.status === 'ok' && r.testErrorPct !== null && r.bits !== null && r.family !== 'float32').map((r) => ({ ...r, run: r.testErrorPct }));
  // a point outside every series (a float32 baseline) is drawn in every panel
  const series = [...new Set(drawn.flatMap((p) => (p.series === null ? [] : [p.series])))];
  const spread = <T extends { series: string | null }>(xs: T[]): T[] => (series.length === 0 ? xs : xs.flatMap((r) => (r.series !== null ? [r] : series.map((s) => ({ ...r, series: s })))));
  const values = [...spread(drawn).map((p) => ({ ...p, kind: 'point' })), ...spread(runs).map((r) => ({ ...r, kind: 'run' }))];
  const x: Encoding['x'] = { field: 'bits', type: 'quantitative', title: options.bitsTitle ?? 'bit width', scale: { zero: false }, axis: { tickMinStep: 1, format: 'd' } };
  const pts = "datum.kind === 'point' && datum.family !== 'float32'";
  const layer: Layer[] = [
    { transform: [{ filter: "datum.kind === 'run'" }], mark: { type: 'point', filled: true, size: 18, opacity: 0.35 }, encoding: { x, y: errorY('run'), color: FAMILY } },
    { transform: [{ filter: pts }], mark: { type: 'line', invalid: 'break-paths-filter-domains' }, encoding: { x, y: errorY(), color: FAMILY } },
    { transform: [{ filter: `${pts} && datum.mean !== null` }], mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { ...errorY('lo'), title: 'test error (%), mean ± s.e.' } as Encoding['y'], y2: { field: 'hi' }, color: FAMILY } },
    { transform: [{ filter: `${pts} && datum.mean !== null` }], mark: { type: 'point', shape: 'diamond', filled: true, size: 50 }, encoding: { x, y: errorY(), color: FAMILY, tooltip: TOOLTIP } },
    { ...notOkLayer(x), transform: [{ filter: pts }, ...(notOkLayer(x) as { transform: unknown[] }).transform] } as Layer,
    { transform: [{ filter: "datum.kind === 'point' && datum.family === 'float32' && datum.mean !== null" }], mark: { type: 'rule', strokeDash: [6, 4], size: 1.5 }, encoding: { y: errorY(), color: FAMILY } },
  ];
  const title = options.title ?? 'Test error against bit width';
  if (series.length === 0) return { $schema: SCHEMA, title, config: CONFIG, width: 420, height: 300, data: { values }, layer };
  return { $schema: SCHEMA, title, config: CONFIG, data: { values }, facet: { column: { field: 'series', type: 'nominal', title: null } }, spec: { width: 260, height: 260, layer } };
}

/**
 * A vega expression printing an axis value with an SI prefix and a unit, the way the CLI prints energies:
 * `60 nJ`, `1.2 µJ`, `300 J`, `100 kB` (d3's `~s` gives `60n`; the prefix is moved after a space).
 */
function siLabel(unit: string): string {
  const s = "format(datum.value, '.3~s')";
  return `test(regexp('[^0-9.]$'), ${s}) ? slice(${s}, 0, -1) + ' ' + slice(${s}, -1) + '${unit}' : ${s} + ' ${unit}'`;
}

/** The x-axis of a cost: SI-prefixed joules or bytes, log scale. */
function costAxis(cost: 'energyPj' | 'memoryBits', model: string): Encoding['x'] {
  const energy = cost === 'energyPj';
  return {
    field: energy ? 'energyJ' : 'memoryBytes', type: 'quantitative',
    title: energy ? `estimated energy per example (${model})` : 'memory of the parameters (cost model)',
    scale: { type: 'log', nice: false, padding: 12 },
    axis: { labelExpr: siLabel(energy ? 'J' : 'B'), labelOverlap: true },
  };
}

/**
 * Test error against a cost (estimated energy per example, or parameter memory), log–log in SI units: each point's
 * mean with standard-error bars, one colour per family; the Pareto-optimal means (no other point both cheaper
 * and better on average) are diamonds joined by a black staircase.
 * @example errorVsCostSpec(points, 'energyPj', { costModel: 'horowitz45nm, training' })
 */
export function errorVsCostSpec(points: readonly PointRow[], cost: 'energyPj' | 'memoryBits', options: { title?: string; costModel?: string } = {}): TopLevelSpec {
  const flag = cost === 'energyPj' ? 'paretoEnergy' : 'paretoMemory';
  const values = points.filter((p) => p.meanErrorPct !== null && p[cost] !== null && p[cost]! > 0).map((p) => plotPoint(p, p[flag]));
  const x = costAxis(cost, options.costModel ?? 'cost model');
  const tooltip: Encoding['tooltip'] = [...(TOOLTIP as object[]), { field: x && 'field' in x ? (x.field as string) : 'energyJ', type: 'quantitative', format: '.4~s' }] as Encoding['tooltip'];
  return {
    $schema: SCHEMA, config: CONFIG, width: 420, height: 300,
    title: options.title ?? (cost === 'energyPj' ? 'Test error against estimated energy' : 'Test error against memory'),
    data: { values },
    layer: [
      {
        transform: [{ filter: 'datum.pareto' }],
        mark: { type: 'line', color: 'black', strokeWidth: 1.5, interpolate: 'step-after' },
        encoding: { x, y: errorY(), order: { field: (x as { field: string }).field, type: 'quantitative' } },
      },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { ...errorY('lo') } as Encoding['y'], y2: { field: 'hi' }, color: FAMILY } },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x, y: errorY(), color: FAMILY, tooltip,
          shape: { field: 'pareto', type: 'nominal', title: 'on the Pareto front (means)', scale: { domain: [true, false], range: ['diamond', 'circle'] } },
        },
      },
    ],
  };
}

/**
 * Training curves: the mean test error and train loss per epoch of every grid point, one panel row per family and
 * one colour per bit width (a sequential scheme: narrow widths light, wide ones dark), so widths are told apart.
 * @example trainingCurvesSpec(curves)
 */
export function trainingCurvesSpec(curves: readonly CurveRow[], options: { title?: string } = {}): TopLevelSpec {
  const values = curves.map((c) => ({ ...c, width: c.bits === null ? 'float32' : String(c.bits) }));
  const widths = [...new Set(values.map((v) => v.width))].sort((a, b) => (a === 'float32' ? 1 : b === 'float32' ? -1 : Number(a) - Number(b)));
  const x: Encoding['x'] = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const color: Encoding['color'] = { field: 'width', type: 'ordinal', title: 'bits', sort: widths, scale: { scheme: 'viridis', reverse: true } };
  const detail: Encoding['detail'] = { field: 'point', type: 'nominal' };
  const tooltip: Encoding['tooltip'] = [{ field: 'point', type: 'nominal' }, { field: 'epoch', type: 'quantitative' }];
  const row: Encoding['row'] = { field: 'family', type: 'nominal', title: null };
  const panel = (filter: string, y: Encoding['y']): Unit => ({ width: 300, height: 160, transform: [{ filter }], mark: { type: 'line', point: true }, encoding: { x, y, color, detail, tooltip, row } });
  return {
    $schema: SCHEMA, config: CONFIG, title: options.title ?? 'Training curves (mean over seeds)',
    data: { values },
    hconcat: [
      panel('isValid(datum.testErrorPct) && datum.testErrorPct > 0', { field: 'testErrorPct', type: 'quantitative', title: 'test error (%)', scale: { type: 'log' } }),
      panel('isValid(datum.trainLoss) && datum.trainLoss > 0', { field: 'trainLoss', type: 'quantitative', title: 'train loss', scale: { type: 'log' } }),
    ],
  };
}

/** How the report names its cost model: `horowitz45nm, training` (default) or the user model's id. */
export function costModelLabel(cost?: StudyCostSpec): string {
  const m = cost?.model ?? 'horowitz45nm';
  const id = typeof m === 'string' ? m : typeof m.id === 'string' ? m.id : 'user cost model';
  return `${id}, ${cost?.phase ?? 'training'}`;
}

/**
 * All plots of a report, in report order.
 * @example
 * for (const p of studyPlots(readStudy('studies/default'))) await renderSpec(p.spec, `${p.id}.svg`);
 */
export function studyPlots(
  data: { points: readonly PointRow[]; rows: readonly ResultRow[]; curves: readonly CurveRow[] },
  options: { title?: string; bitsTitle?: string; cost?: StudyCostSpec } = {},
): { id: PlotId; title: string; spec: TopLevelSpec }[] {
  const t = (s: string): string => (options.title ? `${options.title}: ${s}` : s);
  const costModel = costModelLabel(options.cost);
  return [
    { id: 'error-vs-bits', title: t('test error against bit width'), spec: errorVsBitsSpec(data.points, data.rows, { title: t('test error against bit width'), bitsTitle: options.bitsTitle }) },
    { id: 'error-vs-energy', title: t('test error against estimated energy'), spec: errorVsCostSpec(data.points, 'energyPj', { title: t('test error against estimated energy'), costModel }) },
    { id: 'error-vs-memory', title: t('test error against memory'), spec: errorVsCostSpec(data.points, 'memoryBits', { title: t('test error against memory'), costModel }) },
    { id: 'training-curves', title: t('training curves (mean over seeds)'), spec: trainingCurvesSpec(data.curves, { title: t('training curves (mean over seeds)') }) },
  ];
}
