import type { BinomialTestReport } from './poissonBinomialTest.js';
import type { SrReport } from './srTally.js';

function one(t: BinomialTestReport): string {
  return `${t.k} of ${t.n} rounded up, expected ${t.mean.toFixed(1)} ± ${t.sd.toFixed(1)}, p = ${t.pValue.toPrecision(3)} (${t.method})`;
}

/**
 * The stochastic-rounding frequency test as text lines: the overall test, one line per band of p, and the verdict.
 * @example srReportLines(report) // ['sr: 4183 of 10000 rounded up, expected 4100.2 ± 49.3, p = 0.0926 (normal)', …]
 */
export function srReportLines(r: SrReport): string[] {
  const lines = [`sr: ${one(r.overall)}`];
  for (const b of r.bands) lines.push(`sr: p in [${b.lo}, ${b.hi}${b.hi === 1 ? ']' : ')'}: ${one(b.test)}`);
  const verdict = r.passed ? 'consistent with the exact probabilities' : 'NOT consistent with the exact probabilities (one error)';
  lines.push(`sr: Poisson-binomial test, Bonferroni-corrected p = ${r.pValue.toPrecision(3)} at alpha ${r.alpha}: ${verdict}`);
  return lines;
}
