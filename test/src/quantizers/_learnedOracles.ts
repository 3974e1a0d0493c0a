/** Independent float64 oracles for the BitPruning tests (no lowbit code inside). */

/** Round half to even. */
export function roundEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Uniform b-bit quantizer over [−R, R] (signed, symmetric) or [0, R] (unsigned). */
export function qOracle(x: number, b: number, r: number, signed: boolean): number {
  if (r === 0) return 0;
  if (signed && b === 1) return x === 0 ? 0 : Math.sign(x) * r;
  const l = signed ? 2 ** (b - 1) - 1 : 2 ** b - 1;
  const step = r / l;
  const idx = Math.min(l, Math.max(signed ? -l : 0, roundEven(x / step)));
  return idx * step;
}

/** BitPruning interpolation (1 − f)·Q_lo + f·Q_hi with lo = min(⌊n⌋, max − 1). */
export function qnOracle(x: number, n: number, r: number, signed: boolean, min = 1, max = 16): number {
  const nc = Math.min(max, Math.max(min, n));
  const lo = Math.min(Math.floor(nc), max - 1);
  const f = nc - lo;
  return (1 - f) * qOracle(x, lo, r, signed) + f * qOracle(x, lo + 1, r, signed);
}
