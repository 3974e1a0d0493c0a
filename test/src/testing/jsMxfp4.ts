/**
 * The block worked example of docs/testing-your-unit.md: an MXFP4 quantizer in plain JS (OCP MX v1.0 §6.3: shared
 * exponent floor(log2 amax) − 2, E8M0 clamp, E2M1 elements rounded to nearest even and saturated at ±6), written
 * without lowbit, with switchable bugs.
 */
const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

export interface Mxfp4Options {
  /** The bug: floor(Math.log2(amax)) taken as exact (it rounds up just below a power of two, from 4 upward). */
  rawLog2?: boolean;
  /** The bug: element ties round away from zero. */
  tiesAway?: boolean;
}

/** floor(log2 a) for a finite a > 0; Math.log2 rounds, so its answer is corrected by exact powers of two. */
function floorLog2(a: number, raw: boolean): number {
  let k = Math.floor(Math.log2(a));
  if (raw) return k;
  if (2 ** k > a) k--;
  else if (2 ** (k + 1) <= a) k++;
  return k;
}

/** The E2M1 value nearest to y ≥ 0 (ties to the even code, or away), saturating at 6. */
function roundE2m1(y: number, tiesAway: boolean): number {
  if (y >= 6) return 6;
  let i = 0;
  while (E2M1[i + 1]! <= y) i++;
  const lo = E2M1[i]!;
  const hi = E2M1[i + 1]!;
  if (y - lo < hi - y) return lo;
  if (y - lo > hi - y) return hi;
  return tiesAway || i % 2 === 1 ? hi : lo;
}

/** Dequantized MXFP4 values of a vector (blocks of 32): a NaN or inf in a block, or e > 127, makes it all NaN. */
export function mxfp4(xs: readonly number[], o: Mxfp4Options = {}): number[] {
  const out: number[] = [];
  for (let lo = 0; lo < xs.length; lo += 32) {
    const block = xs.slice(lo, lo + 32);
    const amax = Math.max(...block.map(Math.abs));
    const e = amax === 0 ? -127 : Math.max(-127, floorLog2(amax, o.rawLog2 ?? false) - 2);
    if (!Number.isFinite(amax) || Number.isNaN(amax) || e > 127) {
      out.push(...block.map(() => NaN));
      continue;
    }
    const X = 2 ** e;
    for (const x of block) {
      const r = roundE2m1(Math.abs(x) / X, o.tiesAway ?? false);
      out.push((x < 0 || Object.is(x, -0) ? -r : r) * X);
    }
  }
  return out;
}
