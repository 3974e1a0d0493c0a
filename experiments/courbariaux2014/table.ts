/**
 * Prints the measured test errors of a Courbariaux 2014 study folder as a markdown table: one row per format and
 * update width, one column per propagation width, then the float32 baseline. Used for this folder's README.
 * Usage: node bin/run-ts.js experiments/courbariaux2014/table.ts studies/courbariaux2014-pimnist
 */
import { loadStudyResults } from '../../src/studies/index.js';

/** The markdown table of a study folder (test error in %, `div.` for a diverged run, `fail` for a failed one). */
export function courbariauxTable(dir: string): string {
  const { rows } = loadStudyResults(dir);
  const cell = (status: string, pct: number | null) => (status === 'ok' && pct !== null ? pct.toFixed(2) : status === 'diverged' ? 'div.' : status === 'failed' ? 'fail' : '…');
  const props = [...new Set(rows.filter((r) => r.labels.prop).map((r) => Number(r.labels.prop)))].sort((a, b) => a - b);
  const lines = [`| format | update bits | ${props.map((p) => `p = ${p}`).join(' | ')} |`, `|---|---|${props.map(() => '---|').join('')}`];
  const keys = [...new Set(rows.filter((r) => r.labels.prop).map((r) => `${r.labels.format}|${r.labels.update}`))];
  for (const k of keys) {
    const [format, update] = k.split('|') as [string, string];
    const cells = props.map((p) => {
      const r = rows.find((x) => x.labels.format === format && x.labels.update === update && Number(x.labels.prop) === p);
      return r ? cell(r.status, r.testErrorPct) : '';
    });
    lines.push(`| ${format} | ${update} | ${cells.join(' | ')} |`);
  }
  for (const r of rows.filter((x) => !x.labels.prop)) lines.push('', `${r.labels.format} baseline (every tensor float32): ${cell(r.status, r.testErrorPct)}`);
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
