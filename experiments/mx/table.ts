/**
 * Prints the measured results of the mx study folder as a markdown table: one row per format, for each model its
 * test error (%; mean ± sd over the ok seeds when there are several, and how many ran ok when not all did), the
 * training energy per example (µJ, horowitz45nm, training phase at batch 100) and the bits of its weights and biases
 * (KiB), each also as a ratio to float32. Used for this folder's README.
 * Usage: node bin/run-ts.js experiments/mx/table.ts studies/mx
 *        node bin/run-ts.js experiments/mx/table.ts studies/mx-recipe recipe studies/mx   (rows: the `recipe` axis;
 *        ratios to the float32 runs of studies/mx)
 */
import { readStudy, type PointRow } from '../../src/studies/index.js';

const fmt = (x: number | null, d: number) => (x === null ? '—' : x.toFixed(d));

/**
 * The markdown table of an mx study folder: one row per label of `axis` (default `format`); the ratios are to the
 * `format=float32` points of `baseDir` (default: the same folder).
 */
export function mxTable(dir: string, axis = 'format', baseDir = dir): string {
  const { points } = readStudy(dir);
  const basePoints = baseDir === dir ? points : readStudy(baseDir).points;
  const models = [...new Set(points.map((p) => p.labels.model!))];
  const formats = [...new Set(points.map((p) => p.labels[axis]!))];
  const at = (m: string, f: string): PointRow | undefined => points.find((p) => p.labels.model === m && p.labels[axis] === f);
  const f32 = (m: string): PointRow | undefined => basePoints.find((p) => p.labels.model === m && p.labels.format === 'float32');
  const head = [axis, ...models.flatMap((m) => [`${m} error %`, `${m} energy µJ (×f32)`, `${m} weights KiB (×f32)`])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const f of formats) {
    const cells = models.flatMap((m) => {
      const p = at(m, f);
      const base = f32(m);
      if (!p || p.meanErrorPct === null) return [p?.diverged ? 'div.' : p?.failed ? 'fail' : '…', '', ''];
      const e = p.energyPj === null ? null : p.energyPj / 1e6;
      const rE = p.energyPj !== null && base?.energyPj ? ` (${(p.energyPj / base.energyPj).toFixed(3)})` : '';
      const kib = p.memoryBits === null ? null : p.memoryBits / 8192;
      const rM = p.memoryBits !== null && base?.memoryBits ? ` (${(p.memoryBits / base.memoryBits).toFixed(3)})` : '';
      const sd = p.ok > 1 && p.sdErrorPct !== null ? ` ± ${fmt(p.sdErrorPct, 2)}` : '';
      const notOk = p.ok < p.runs ? ` (${p.ok}/${p.runs} ok${p.diverged ? `, ${p.diverged} diverged` : ''})` : '';
      return [`${fmt(p.meanErrorPct, 2)}${sd}${notOk}`, `${fmt(e, 2)}${rE}`, `${fmt(kib, 1)}${rM}`];
    });
    lines.push(`| ${f} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && /table\.ts$/.test(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('table: missing argument DIR (an mx study folder)\n');
    process.exit(2);
  }
  process.stdout.write(mxTable(dir, process.argv[3], process.argv[4]) + '\n');
}
