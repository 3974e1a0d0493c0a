/**
 * Prints the measured test errors of a Courbariaux 2014 study folder as a markdown table: one row per format and
 * update width, one column per propagation width, then the float32 baseline. Each cell is the mean over the
 * point's seeds ± its standard error (`n/3` marks a point where only n of 3 seeds trained), `div.`/`fail` when
 * no seed did. Used for this folder's README.
 * Usage: node bin/run-ts.js experiments/courbariaux2014/table.ts studies/courbariaux2014-pimnist
 */
import { readStudy, type PointRow } from '../../src/studies/index.js';

function cell(p: PointRow | undefined): string {
  if (!p) return '';
  if (p.meanErrorPct === null) return p.diverged ? 'div.' : p.failed ? 'fail' : '…';
  const se = p.ok > 1 ? ` ± ${p.seErrorPct!.toFixed(2)}` : '';
  return `${p.meanErrorPct.toFixed(2)}${se}${p.ok < p.runs ? ` (${p.ok}/${p.runs})` : ''}`;
}

/** The markdown table of a study folder (test error in %, mean ± standard error over seeds). */
export function courbariauxTable(dir: string): string {
  const { points } = readStudy(dir);
  const props = [...new Set(points.filter((p) => p.labels.prop).map((p) => Number(p.labels.prop)))].sort((a, b) => a - b);
  const lines = [`| format | update bits | ${props.map((p) => `p = ${p}`).join(' | ')} |`, `|---|---|${props.map(() => '---|').join('')}`];
  const keys = [...new Set(points.filter((p) => p.labels.prop).map((p) => `${p.labels.format}|${p.labels.update}`))];
  for (const k of keys) {
    const [format, update] = k.split('|') as [string, string];
    const cells = props.map((pr) => cell(points.find((x) => x.labels.format === format && x.labels.update === update && Number(x.labels.prop) === pr)));
    lines.push(`| ${format} | ${update} | ${cells.join(' | ')} |`);
  }
  for (const p of points.filter((x) => !x.labels.prop)) lines.push('', `${p.labels.format} baseline (every tensor float32): ${cell(p)}`);
  return lines.join('\n');
}

if (process.argv[1] && /table\.ts$/.test(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('table: missing argument DIR (a courbariaux2014 study folder)\n');
    process.exit(2);
  }
  process.stdout.write(courbariauxTable(dir) + '\n');
}
