import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The README's replicated (3-seed) tables must be what the committed per-run CSVs say, and their seed-1 runs must be
// the single-seed runs: a guard against a table edited by hand or left behind when a study is rerun.
const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'experiments', 'courbariaux2014');
const README = readFileSync(join(DIR, 'README.md'), 'utf8');

/** Rows of one of the study's CSV files (no quoted fields in these files: every row must have the header's width). */
function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(DIR, 'results', file), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells, `${file}: ${line}`).toHaveLength(cols.length);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]!]));
  });
}

describe.each(['pimnist', 'fashion'])('courbariaux2014 %s, 3 seeds', (set) => {
  const runs = readCsv(`${set}-3seeds-results.csv`);

  it('has every point with seeds 1–3, all trained to the end', () => {
    expect(runs).toHaveLength(93);
    expect(new Set(runs.map((r) => r.name)).size).toBe(93);
    expect(runs.every((r) => r.status === 'ok' && r.epochs === '6')).toBe(true);
    const points = new Set(runs.map((r) => r.point!));
    expect(points.size).toBe(31);
    for (const p of points) expect(runs.filter((r) => r.point === p).map((r) => r.seed).sort()).toEqual(['1', '2', '3']);
  });

  it('seed 1 repeats the single-seed study: the same test error and final training loss', () => {
    // the study CSV writer keeps 12 significant digits (the single-seed files were written with all 17); a test
    // error is a count of 2,000 images, so 12 digits hold it exactly
    const d12 = (x: string | undefined): number => Number(Number(x).toPrecision(12));
    const single = new Map(readCsv(`${set}-results.csv`).map((r) => [r.name!, r]));
    const seed1 = runs.filter((x) => x.seed === '1');
    expect(seed1).toHaveLength(31);
    for (const r of seed1) {
      const s = single.get(r.point!);
      expect(s, r.point).toBeDefined();
      expect(d12(r.testErrorPct), r.point).toBe(d12(s!.testErrorPct));
      expect(d12(r.trainLoss), r.point).toBe(d12(s!.trainLoss));
    }
  });

  it("the README's table is the mean ± standard error of the per-run CSV, and matches the per-point CSV", () => {
    const agg = new Map(readCsv(`${set}-3seeds-aggregated.csv`).map((r) => [r.point!, r]));
    const cell = (point: string): string => {
      const e = runs.filter((r) => r.point === point).map((r) => Number(r.testErrorPct));
      const mean = e.reduce((a, b) => a + b, 0) / e.length;
      const sd = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / (e.length - 1));
      const se = sd / Math.sqrt(e.length);
      const a = agg.get(point)!;
      expect(Number(a.meanTestErrorPct)).toBeCloseTo(mean, 9); // float maths, not quantized: a tolerance
      expect(Number(a.seTestErrorPct)).toBeCloseTo(se, 9);
      return `${mean.toFixed(2)} ± ${se.toFixed(2)}`;
    };
    const strip = (s: string): string => s.replaceAll('**', '');
    const table = strip(README);
    for (const format of ['fixed', 'dfixed', 'float']) {
      for (const update of ['12', '20']) {
        const cells = [8, 10, 12, 16, 20].map((p) => cell(`format=${format}__prop=${p}__update=${update}`));
        expect(table).toContain(`| ${format} | ${update} | ${cells.join(' | ')} |`);
      }
    }
    expect(table).toContain(`float32 baseline (every tensor float32): ${cell('format=float32')} (seeds`);
  });
});
