/**
 * The study's CSV files (written by the one CSV writer, cost-models/csv.ts: numbers at their real precision):
 * - `results.csv`: one line per run, every axis label as its own `axis:<name>` column;
 * - `results-aggregated.csv`: one line per grid point, mean, sd and standard error of the test error over its
 *   ok replicates, mean energy and memory, and the Pareto flags of the means.
 */
import { csvText } from '../../../cost-models/csv.js';
import type { PointRow, ResultRow } from '../store/studyResults.js';

const RUN_COLUMNS = ['name', 'point', 'status', 'family', 'bits', 'series', 'seed', 'testErrorPct', 'trainLoss', 'energyPj', 'memoryBits', 'macs', 'params', 'paretoEnergy', 'paretoMemory', 'epochs', 'seconds', 'attempts', 'backend', 'error'] as const;
const POINT_COLUMNS = ['point', 'status', 'family', 'bits', 'series', 'runs', 'ok', 'diverged', 'failed', 'meanTestErrorPct', 'sdTestErrorPct', 'seTestErrorPct', 'energyPj', 'memoryBits', 'paretoEnergy', 'paretoMemory'] as const;

const axesOf = (rows: readonly { labels: Record<string, string> }[]): string[] => [...new Set(rows.flatMap((r) => Object.keys(r.labels)))];

/**
 * The runs as CSV: one row per run with its axis values, seed, error, energy and memory.
 * @example resultsCsv(rows).split('\n')[0] // 'name,point,status,family,bits,…,axis:weight,axis:seed'
 */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const axes = axesOf(rows);
  return csvText([...RUN_COLUMNS, ...axes.map((a) => `axis:${a}`)], rows.map((r) => [...RUN_COLUMNS.map((k) => r[k]), ...axes.map((a) => r.labels[a])]));
}

/**
 * The grid points as CSV: one row per point with the mean over its seeds and the standard error.
 * @example aggregatedCsv(points).split('\n')[0] // 'point,status,family,bits,series,runs,ok,…'
 */
export function aggregatedCsv(points: readonly PointRow[]): string {
  const axes = axesOf(points);
  const cells = (p: PointRow) => [p.point, p.status, p.family, p.bits, p.series, p.runs, p.ok, p.diverged, p.failed, p.meanErrorPct, p.sdErrorPct, p.seErrorPct, p.energyPj, p.memoryBits, p.paretoEnergy, p.paretoMemory];
  return csvText([...POINT_COLUMNS, ...axes.map((a) => `axis:${a}`)], points.map((p) => [...cells(p), ...axes.map((a) => p.labels[a])]));
}
