/**
 * BitPruning study plots as typed vega-lite specs with inlined data:
 * - the final (rounded) bitlength of every (layer, role), one bar per cost target, one panel per model;
 * - the bitlength trajectory of every group over the epochs, one panel per target.
 * Label limits are 0 (no limit): without a canvas vega only estimates text widths.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** One bar: a tensor's final bitlength under a target. */
export interface BitBarRow {
  model: string;
  target: string;
  /** `<layer> <role>`, e.g. `conv2 weight`. */
  tensor: string;
  bits: number;
}

/** One trajectory point. */
export interface BitLineRow {
  target: string;
  group: string;
  epoch: number;
  bits: number;
}

const CONFIG: Config = {
  font: 'DejaVu Sans, Verdana, sans-serif',
  axis: { labelLimit: 0, titleLimit: 0 },
  legend: { labelLimit: 0, titleLimit: 0 },
  header: { labelLimit: 0, titleLimit: 0 },
  title: { limit: 0 },
};
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Bitlength per layer and role for each cost target (grouped bars), one panel per model: shows that memory pushes
 * the large layers down and ops the layers with many MACs.
 * @example bitsPerLayerSpec(rows, { title: 'Fashion-MNIST' })
 */
export function bitsPerLayerSpec(rows: readonly BitBarRow[], options: { title?: string } = {}): TopLevelSpec {
  const models = [...new Set(rows.map((r) => r.model))];
  // grouped bars as a column facet per tensor (vega-lite 6's xOffset drew zero-wide bars in headless vega here)
  return {
    $schema: SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    config: { ...CONFIG, facet: { spacing: 4 } },
    vconcat: models.map((model) => ({
      data: { values: rows.filter((r) => r.model === model).map((r) => ({ ...r })) },
      facet: { column: { field: 'tensor', type: 'nominal' as const, title: `${model}: layer and role`,
        sort: [...new Set(rows.filter((r) => r.model === model).map((r) => r.tensor))], header: { labelAngle: -30, labelAlign: 'right' as const, labelOrient: 'bottom' as const, titleOrient: 'bottom' as const } } },
      spec: {
        width: { step: 12 },
        height: 150,
        mark: { type: 'bar' as const },
        encoding: {
          x: { field: 'target', type: 'nominal' as const, title: null, sort: null, axis: null },
          y: { field: 'bits', type: 'quantitative' as const, title: 'bits (rounded up)' },
          color: { field: 'target', type: 'nominal' as const, title: 'cost target', sort: null },
          tooltip: [{ field: 'target', type: 'nominal' as const }, { field: 'tensor', type: 'nominal' as const }, { field: 'bits', type: 'quantitative' as const }],
        },
      },
    })),
  };
}

/**
 * Bitlength of every group against epochs (mean over a group's channels), one panel per target.
 * @example bitTrajectorySpec(rows)
 */
export function bitTrajectorySpec(rows: readonly BitLineRow[], options: { title?: string } = {}): TopLevelSpec {
  return {
    $schema: SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    config: CONFIG,
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { column: { field: 'target', type: 'nominal', title: null, sort: ['bits', 'ops', 'memory', 'energy'] } },
    spec: {
      width: 180,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'bits', type: 'quantitative', title: 'bitlength (bits)' },
        color: { field: 'group', type: 'nominal', title: 'group', sort: null },
      },
    },
  };
}

/** The parts of one study run (`bitRuns` rows) that the plot rows read. */
export interface BitResultRow {
  model: string;
  target: string;
  summary: { layers: Array<{ layer: string; role: string; bits: number }> };
  trajectory: Array<{ epoch: number; phase: string; group: string; mean: number }>;
}

/** Bars from result rows (the 16-bit twins are skipped). */
export function bitBarRows(rows: readonly BitResultRow[]): BitBarRow[] {
  return rows.filter((r) => r.target !== 'twin16')
    .flatMap((r) => r.summary.layers.map((l) => ({ model: r.model, target: r.target, tensor: `${l.layer} ${l.role}`, bits: l.bits })));
}

/** Trajectory lines from result rows: every epoch-end record (the 'rounded' record is drawn at its epoch too). */
export function bitLineRows(rows: readonly BitResultRow[]): BitLineRow[] {
  return rows.filter((r) => r.target !== 'twin16')
    .flatMap((r) => r.trajectory.map((p) => ({ target: r.target, group: p.group, epoch: p.epoch + (p.phase === 'rounded' ? 0.5 : 0), bits: p.mean })));
}
