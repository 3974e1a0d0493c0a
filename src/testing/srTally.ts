import { poissonBinomialTest, type BinomialTestReport } from './poissonBinomialTest.js';

/** The stochastic-rounding cases of a file: each case's exact probability of rounding up, and what the unit did. */
export class SrTally {
  private ps = new Float64Array(1024);
  private ups = new Uint8Array(1024);
  n = 0;

  /** Records one case with two distinct neighbours: p = P(upper neighbour), `up` = the unit took it. */
  add(p: number, up: boolean): void {
    if (this.n === this.ps.length) {
      const ps = new Float64Array(this.n * 2);
      ps.set(this.ps);
      this.ps = ps;
      const ups = new Uint8Array(this.n * 2);
      ups.set(this.ups);
      this.ups = ups;
    }
    this.ps[this.n] = p;
    this.ups[this.n] = up ? 1 : 0;
    this.n++;
  }

  /** The cases whose p lies in [lo, hi): their probabilities and how many went up. */
  slice(lo: number, hi: number): { ps: Float64Array; k: number } {
    const ps: number[] = [];
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      const p = this.ps[i]!;
      if (p >= lo && p < hi) {
        ps.push(p);
        k += this.ups[i]!;
      }
    }
    return { ps: Float64Array.from(ps), k };
  }
}

/**
 * The frequency test of a file's stochastic rounding: overall and in four bands of p.
 * @example
 * new CaseVerifier(testOp('add', 'bfloat16'), { rounding: 'sr' }).finish().sr?.overall // the binomial test of the up-rounding frequency
 */
export interface SrReport {
  overall: BinomialTestReport;
  /** Bands [0, ¼), [¼, ½), [½, ¾), [¾, 1] of p, those with cases. */
  bands: Array<{ lo: number; hi: number; test: BinomialTestReport }>;
  /** Smallest p-value times the number of tests (Bonferroni), at most 1. */
  pValue: number;
  alpha: number;
  passed: boolean;
}

/**
 * Tests whether a unit rounds up as often as the exact probabilities say: a Poisson-binomial test over all cases
 * (`poissonBinomialTest`), and the same in four bands of p, which catches a unit right on average but wrong per
 * probability (for example a few random bits, which move every p to a multiple of 2^−bits). The file passes when
 * the Bonferroni-corrected smallest p-value is at least alpha.
 * @example srReport(tally, 0.001).passed
 */
export function srReport(tally: SrTally, alpha: number): SrReport {
  const all = tally.slice(0, 2);
  const overall = poissonBinomialTest(all.ps, all.k);
  const bands: SrReport['bands'] = [];
  for (const [lo, hi] of [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 2]] as const) {
    const s = tally.slice(lo, hi);
    if (s.ps.length) bands.push({ lo, hi: Math.min(hi, 1), test: poissonBinomialTest(s.ps, s.k) });
  }
  const tests = 1 + bands.length;
  const minP = Math.min(overall.pValue, ...bands.map((b) => b.test.pValue));
  const pValue = Math.min(1, minP * tests);
  return { overall, bands, pValue, alpha, passed: pValue >= alpha };
}
