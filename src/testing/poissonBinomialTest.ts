/**
 * Result of `poissonBinomialTest`.
 * @example
 * const report = verifier.finish().sr?.overall; // BinomialTestReport: observed against expected up-roundings
 */
export interface BinomialTestReport {
  /** Number of trials. */
  n: number;
  /** Number of successes observed. */
  k: number;
  /** Expected successes Σp and their standard deviation sqrt(Σp(1−p)). */
  mean: number;
  sd: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
}

/** Trials up to which the distribution is computed exactly (O(n²) convolution). */
const EXACT_MAX = 3000;

/**
 * Two-sided test that k successes in n independent trials with success probabilities ps[i] (each its own: a
 * Poisson-binomial distribution; all equal gives the binomial test) are consistent with those probabilities.
 * Up to 3000 trials the distribution is convolved exactly and the p-value sums the outcomes no more likely than k
 * (the "minimum likelihood" two-sided rule of R's `binom.test`); beyond that it is the normal approximation with a
 * continuity correction, |k − Σp| − ½ over sqrt(Σp(1−p)) (Hong 2013, "On computing the distribution function for
 * the Poisson binomial distribution", Comput. Stat. Data Anal. 59: 41–51).
 * Not modelled: dependence between trials.
 * @example poissonBinomialTest([0.5, 0.5, 0.5, 0.5], 4).pValue // 0.125
 */
export function poissonBinomialTest(ps: ArrayLike<number>, k: number): BinomialTestReport {
  const n = ps.length;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`poissonBinomialTest: k must be an integer in 0..${n}; got ${k}`);
  let mean = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const p = ps[i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`poissonBinomialTest: ps[${i}] must be in [0, 1]; got ${p}`);
    mean += p;
    v += p * (1 - p);
  }
  const sd = Math.sqrt(v);
  if (n <= EXACT_MAX) return { n, k, mean, sd, pValue: exactPValue(ps, k), method: 'exact' };
  const z = sd === 0 ? (k === Math.round(mean) ? 0 : Infinity) : Math.max(0, Math.abs(k - mean) - 0.5) / sd;
  return { n, k, mean, sd, pValue: Math.min(1, erfc(z / Math.SQRT2)), method: 'normal' };
}

function exactPValue(ps: ArrayLike<number>, k: number): number {
  const n = ps.length;
  let pmf = new Float64Array(n + 1);
  pmf[0] = 1;
  for (let i = 0; i < n; i++) {
    const p = ps[i]!;
    const next = new Float64Array(n + 1);
    for (let j = 0; j <= i; j++) {
      next[j] += pmf[j]! * (1 - p);
      next[j + 1] += pmf[j]! * p;
    }
    pmf = next;
  }
  const at = pmf[k]! * (1 + 1e-7);
  let sum = 0;
  for (let j = 0; j <= n; j++) if (pmf[j]! <= at) sum += pmf[j]!;
  return Math.min(1, sum);
}

/**
 * Complementary error function for x ≥ 0, absolute error below 1.5·10^−7 (Abramowitz & Stegun, Handbook of
 * Mathematical Functions, 1964, formula 7.1.26), enough to compare a p-value with a level such as 0.001.
 */
function erfc(x: number): number {
  if (x === Infinity) return 0;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}
