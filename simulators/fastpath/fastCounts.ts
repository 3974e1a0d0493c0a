/** Flag counts accumulated by the fast loops (the same fields as `QuantizeCounts`, without `count`). */
export interface FastCounts {
  overflow: number;
  underflow: number;
  inexact: number;
}

/**
 * Elements per call of a fast loop's inner function. Short calls let V8 optimise the inner function as a whole
 * (with type feedback for every path) instead of by on-stack replacement in the middle of one long loop, which
 * was measured to deoptimise at the first rarely taken branch and lose 2–3× speed.
 */
export const CHUNK = 1024;
