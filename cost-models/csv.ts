/**
 * The one CSV writer of lowbit (cost reports, study results): RFC 4180 quoting, and numbers printed at their real
 * precision: integers exactly, other numbers with 12 significant digits, shortest form. Measured and computed
 * values (error rates from counts, means, standard errors, cost-model energies) carry far fewer true digits, and
 * 12 drop the float noise of the last bits: `81.69999999999999` (100 × 0.817) prints as `81.7`,
 * `0.0999999999999996` (a standard error) as `0.1`.
 */

/**
 * One cell: text quoted when it holds `"`, `,` or a line break; a number by {@link csvNumber}; null/undefined empty.
 * @example
 * csvCell('a,b') // '"a,b"'
 * csvCell(null) // ''
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * An integer exactly, another number with 12 significant digits at most (shortest form); non-finite numbers are
 * empty cells.
 * @example csvNumber(100 * 0.817) // '81.7'
 */
export function csvNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return Number.isSafeInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/**
 * CSV text: a header line, then one line per row, each ending in `\n`.
 * @example csvText(['a', 'b'], [[1, 'x,y']]) // 'a,b\n1,"x,y"\n'
 */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
