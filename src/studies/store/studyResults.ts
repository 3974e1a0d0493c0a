/**
 * The results of a study folder as flat rows for plots, the CSV and the HTML table: one ResultRow per grid point
 * that has a run, one CurveRow per recorded epoch.
 *
 * A run's `family` and `bits` come from the spec's `report.family` / `report.bits` templates (over the grid
 * variables and axis labels) when given; otherwise from the format at `report.formatPath` (default
 * `policy.default.weight.format`): its kind (`fixed`, `dfixed`, `float`, …) and bit width. A run without that
 * format, or with the `float32` preset, is the `float32` baseline.
 */
import { parseFormat, presetName } from '../../../simulators/formats/parseFormat.js';
import { formatBits } from '../../../simulators/formats/formatBits.js';
import { StudyStore, type EpochRecord, type RunRecord } from './studyStore.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { StudySpec } from '../spec/studySpec.js';
import { expandTemplate } from '../spec/template.js';
import { getAtPath, parseConfigPath } from '../spec/_internal/configPath.js';
import { paretoFront } from '../report/pareto.js';

/**
 * One run of a study as the report reads it: its axes, seed, error, energy and memory.
 * @example
 * for (const r of readStudy('studies/default').rows) console.log(r.name, r.testErrorPct, r.energyPj);
 */
export interface ResultRow {
  name: string;
  /** The grid point this run replicates (its name without the seed). */
  point: string;
  status: string;
  family: string;
  bits: number | null;
  series: string | null;
  seed: number | null;
  testErrorPct: number | null;
  trainLoss: number | null;
  energyPj: number | null;
  memoryBits: number | null;
  macs: number | null;
  params: number | null;
  paretoEnergy: boolean;
  paretoMemory: boolean;
  epochs: number;
  seconds: number | null;
  attempts: number;
  backend: string | null;
  error: string | null;
  /** Axis name → label (also spread into CSV columns). */
  labels: Record<string, string>;
}

/**
 * One training curve point: the mean over a grid point's ok replicates at one epoch.
 * @example
 * readStudy('studies/default').curves.filter((c) => c.point === 'format=float32')
 */
export interface CurveRow {
  point: string;
  family: string;
  bits: number | null;
  series: string | null;
  epoch: number;
  testErrorPct: number | null;
  trainLoss: number | null;
}

/**
 * One grid point, aggregated over its replicates (seeds): the mean, standard deviation and standard error
 * (sd / √n) of the test error over its `ok` runs, the mean energy and memory. `status` is `ok` when at least one
 * replicate is ok, else the status of its replicates (`diverged`, `failed`, `running`, …); a point with no ok run
 * has no mean, so plots break their line there and mark it instead.
 * @example
 * readStudy('studies/default').points.map((p) => [p.point, p.meanErrorPct])
 */
export interface PointRow {
  point: string;
  status: string;
  family: string;
  bits: number | null;
  series: string | null;
  /** Runs of the point (replicates) and how many of them are ok, diverged, failed. */
  runs: number;
  ok: number;
  diverged: number;
  failed: number;
  seeds: number[];
  meanErrorPct: number | null;
  sdErrorPct: number | null;
  seErrorPct: number | null;
  energyPj: number | null;
  memoryBits: number | null;
  paretoEnergy: boolean;
  paretoMemory: boolean;
  labels: Record<string, string>;
}

/**
 * Everything a report is made of: the spec, the grid, one row per run, one per grid point, and the curves.
 * @example
 * const { rows, points, curves }: StudyResults = readStudy('studies/default');
 */
export interface StudyResults {
  spec: StudySpec;
  grid: string[];
  rows: ResultRow[];
  points: PointRow[];
  curves: CurveRow[];
}

const DEFAULT_FORMAT_PATH = 'policy.default.weight.format';

/**
 * A format family labelled by the parameters that stay fixed along its bit-width axis: `float e=4` and `float e=5`
 * are two families; `fixed i=6` has 6 integer bits (w − f, the sign included); other kinds are their kind.
 * @example
 * familyLabel(parseFormat('float(e=5,m=2)')) // 'float e=5'
 */
export function familyLabel(fmt: FormatSpec): string {
  if (fmt.kind === 'float') return `float e=${fmt.e}`;
  if (fmt.kind === 'fixed') return `fixed i=${fmt.w - fmt.f}`;
  return fmt.kind;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample standard deviation (n − 1); 0 for one value. */
const sd = (xs: readonly number[]): number => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

function classify(run: RunRecord, spec: StudySpec): { family: string; bits: number | null; series: string | null } {
  const scope = { ...run.labels, ...run.vars };
  const tmpl = (t: string | undefined): string | number | null => {
    if (t === undefined) return null;
    try {
      return expandTemplate(t, scope);
    } catch {
      return null;
    }
  };
  const series = tmpl(spec.report?.series);
  let family = tmpl(spec.report?.family);
  let bits = tmpl(spec.report?.bits);
  if (family === null || bits === null) {
    const path = spec.report?.formatPath ?? DEFAULT_FORMAT_PATH;
    const text = path.startsWith('$') ? (Object.hasOwn(run.vars, path.slice(1)) ? run.vars[path.slice(1)] : undefined) : getAtPath(run.config, parseConfigPath(path));
    let f = 'float32';
    let b: number | null = 32;
    if (typeof text === 'string') {
      try {
        const fmt = parseFormat(text);
        f = presetName(fmt) === 'float32' ? 'float32' : familyLabel(fmt);
        b = formatBits(fmt);
      } catch {
        f = text;
        b = null;
      }
    }
    family ??= f;
    bits ??= b;
  }
  const nbits = typeof bits === 'number' ? bits : Number(bits);
  return { family: String(family), bits: Number.isFinite(nbits) ? nbits : null, series: series === null ? null : String(series) };
}

/** The points of a study, aggregated over their replicates, in grid order. */
function aggregate(rows: readonly ResultRow[]): PointRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) groups.set(r.point, [...(groups.get(r.point) ?? []), r]);
  return [...groups].map(([point, rs]) => {
    const ok = rs.filter((r) => r.status === 'ok' && r.testErrorPct !== null);
    const errs = ok.map((r) => r.testErrorPct!);
    const energies = ok.flatMap((r) => (r.energyPj === null ? [] : [r.energyPj]));
    const mems = ok.flatMap((r) => (r.memoryBits === null ? [] : [r.memoryBits]));
    const count = (s: string) => rs.filter((r) => r.status === s).length;
    const statuses = [...new Set(rs.map((r) => r.status))];
    const labels = Object.fromEntries(Object.entries(rs[0]!.labels).filter(([k]) => k !== 'seed'));
    return {
      point, status: ok.length ? 'ok' : statuses.length === 1 ? statuses[0]! : statuses.join('+'),
      family: rs[0]!.family, bits: rs[0]!.bits, series: rs[0]!.series,
      runs: rs.length, ok: ok.length, diverged: count('diverged'), failed: count('failed'),
      seeds: rs.flatMap((r) => (r.seed === null ? [] : [r.seed])),
      meanErrorPct: errs.length ? mean(errs) : null, sdErrorPct: errs.length ? sd(errs) : null,
      seErrorPct: errs.length ? sd(errs) / Math.sqrt(errs.length) : null,
      energyPj: energies.length ? mean(energies) : null, memoryBits: mems.length ? mean(mems) : null,
      paretoEnergy: false, paretoMemory: false, labels,
    };
  });
}

/**
 * Reads a study folder (read-only): one row per run and one per grid point (mean over its seeds), in grid order,
 * with the Pareto fronts of the means, and the mean training curve of each point. Rows of runs no longer in the
 * grid are left out.
 * @throws RangeError when the folder holds no study.
 * @example const { points } = readStudy('studies/default'); points[0].meanErrorPct
 */
export function readStudy(dir: string): StudyResults {
  const store = StudyStore.open(dir, { readonly: true });
  try {
    const spec = JSON.parse(store.getMeta('spec') ?? 'null') as StudySpec | null;
    if (!spec) throw new RangeError(`DIR: ${dir} has no study spec recorded; run 'lowbit study run' first`);
    const grid = JSON.parse(store.getMeta('grid') ?? '[]') as string[];
    const byName = new Map(store.runs().map((r) => [r.name, r]));
    const epochs = store.epochs();
    const epochCount = new Map<string, number>();
    for (const e of epochs) epochCount.set(e.runName, (epochCount.get(e.runName) ?? 0) + 1);
    const rows: ResultRow[] = [];
    for (const name of grid) {
      const run = byName.get(name);
      if (!run) continue;
      const c = classify(run, spec);
      rows.push({
        name, point: run.point, status: run.status, family: c.family, bits: c.bits, series: c.series, seed: run.seed,
        testErrorPct: run.finalTestError === null ? null : 100 * run.finalTestError, trainLoss: run.finalTrainLoss,
        energyPj: run.energyPj, memoryBits: run.memoryBits, macs: run.macs, params: run.params,
        paretoEnergy: false, paretoMemory: false, epochs: epochCount.get(name) ?? 0,
        seconds: run.seconds, attempts: run.attempts, backend: run.backend, error: run.error, labels: run.labels,
      });
    }
    const points = aggregate(rows);
    for (const [key, flag] of [['energyPj', 'paretoEnergy'], ['memoryBits', 'paretoMemory']] as const) {
      const eligible = points.filter((p) => p.meanErrorPct !== null && p[key] !== null && p[key]! > 0);
      paretoFront(eligible.map((p) => ({ cost: p[key]!, error: p.meanErrorPct! }))).forEach((on, i) => (eligible[i]![flag] = on));
      const onFront = new Set(eligible.filter((p) => p[flag]).map((p) => p.point));
      for (const r of rows) r[flag] = onFront.has(r.point);
    }
    return { spec, grid, rows, points, curves: meanCurves(rows, epochs) };
  } finally {
    store.close();
  }
}

/**
 * The results of a study folder (the earlier name of `readStudy`).
 * @deprecated the earlier name of {@link readStudy}.
 * @example
 * loadStudyResults('studies/default') // the same as readStudy('studies/default')
 */
export const loadStudyResults = readStudy;

/** The mean curve of each point over its ok replicates, per epoch. */
function meanCurves(rows: readonly ResultRow[], epochs: readonly EpochRecord[]): CurveRow[] {
  const runOf = new Map(rows.filter((r) => r.status === 'ok').map((r) => [r.name, r]));
  const acc = new Map<string, { row: ResultRow; epoch: number; err: number[]; loss: number[] }>();
  for (const e of epochs) {
    const r = runOf.get(e.runName);
    if (!r) continue;
    const k = `${r.point}\u0000${e.epoch}`;
    const a = acc.get(k) ?? { row: r, epoch: e.epoch, err: [], loss: [] };
    if (Number.isFinite(e.testError)) a.err.push(100 * e.testError);
    if (Number.isFinite(e.trainLoss)) a.loss.push(e.trainLoss);
    acc.set(k, a);
  }
  return [...acc.values()].map((a) => ({
    point: a.row.point, family: a.row.family, bits: a.row.bits, series: a.row.series, epoch: a.epoch,
    testErrorPct: a.err.length ? mean(a.err) : null, trainLoss: a.loss.length ? mean(a.loss) : null,
  }));
}
