// tfjs-free, so that the profiler (lowbit/cost) can check a QbpDense config without loading TF.js.
/**
 * Exponent range of quantized back-propagation (Lin et al.: k clipped to [−4, 3], a 3-bit exponent plus sign).
 * @example
 * qbpRoundArray(new Float32Array([0.3, -5]), new Rng(1), { expMin: -4, expMax: 3 })
 */
export interface QbpOptions {
  /** Smallest exponent k (default −4). */
  expMin?: number;
  /** Largest exponent k (default 3); results reach 2^(expMax+1) when rounded up. */
  expMax?: number;
}

/** Checks and fills in `QbpOptions`. */
export function qbpRange(fn: string, o: QbpOptions = {}): { expMin: number; expMax: number } {
  const expMin = o.expMin ?? -4;
  const expMax = o.expMax ?? 3;
  const ok = (k: number) => Number.isInteger(k) && k >= -126 && k <= 126;
  if (!ok(expMin) || !ok(expMax) || expMin > expMax) {
    throw new RangeError(`${fn}: expMin and expMax must be integers in [−126, 126] with expMin ≤ expMax; got ${o.expMin}, ${o.expMax}`);
  }
  return { expMin, expMax };
}
