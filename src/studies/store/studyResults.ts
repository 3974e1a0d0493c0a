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
import { StudyStore, type RunRecord } from './studyStore.js';
import type { StudySpec } from '../spec/studySpec.js';
import { expandTemplate } from '../spec/template.js';
import { getAtPath, parseConfigPath } from '../spec/_internal/configPath.js';
import { paretoFront } from '../report/pareto.js';

export interface ResultRow {
  name: string;
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

export interface CurveRow {
  name: string;
  family: string;
  epoch: number;
  testErrorPct: number | null;
  trainLoss: number | null;
}

export interface StudyResults {
  spec: StudySpec;
  grid: string[];
  rows: ResultRow[];
  curves: CurveRow[];
}

const DEFAULT_FORMAT_PATH = 'policy.default.weight.format';

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
        f = presetName(fmt) === 'float32' ? 'float32' : fmt.kind;
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

/**
 * Reads a study folder (read-only) into report rows, in grid order; rows of runs no longer in the grid are left out.
 * @throws RangeError when the folder holds no study.
 */
export function loadStudyResults(dir: string): StudyResults {
  const store = StudyStore.open(dir, { readonly: true });
  try {
    const spec = JSON.parse(store.getMeta('spec') ?? 'null') as StudySpec | null;
    if (!spec) throw new RangeError(`DIR: ${dir} has no study spec recorded; run 'lowbit study run' first`);
    const grid = JSON.parse(store.getMeta('grid') ?? '[]') as string[];
    const byName = new Map(store.runs().map((r) => [r.name, r]));
    const epochs = store.epochs();
    const rows: ResultRow[] = [];
    const curves: CurveRow[] = [];
    const familyOf = new Map<string, string>();
    for (const name of grid) {
      const run = byName.get(name);
      if (!run) continue;
      const c = classify(run, spec);
      familyOf.set(name, c.family);
      rows.push({
        name, status: run.status, family: c.family, bits: c.bits, series: c.series, seed: run.seed,
        testErrorPct: run.finalTestError === null ? null : 100 * run.finalTestError, trainLoss: run.finalTrainLoss,
        energyPj: run.energyPj, memoryBits: run.memoryBits, macs: run.macs, params: run.params,
        paretoEnergy: false, paretoMemory: false, epochs: epochs.filter((e) => e.runName === name).length,
        seconds: run.seconds, attempts: run.attempts, backend: run.backend, error: run.error, labels: run.labels,
      });
    }
    for (const [key, flag] of [['energyPj', 'paretoEnergy'], ['memoryBits', 'paretoMemory']] as const) {
      const eligible = rows.filter((r) => r.status === 'ok' && r.testErrorPct !== null && r[key] !== null && r[key]! > 0);
      paretoFront(eligible.map((r) => ({ cost: r[key]!, error: r.testErrorPct! }))).forEach((on, i) => (eligible[i]![flag] = on));
    }
    for (const e of epochs) {
      const family = familyOf.get(e.runName);
      if (family === undefined) continue;
      curves.push({ name: e.runName, family, epoch: e.epoch, testErrorPct: Number.isFinite(e.testError) ? 100 * e.testError : null, trainLoss: Number.isFinite(e.trainLoss) ? e.trainLoss : null });
    }
    return { spec, grid, rows, curves };
  } finally {
    store.close();
  }
}
