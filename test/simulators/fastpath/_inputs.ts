import type { FixedSpec, FloatSpec } from '../../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import { fixedCodeRange } from '../../../simulators/formats/fixedPoint.js';
import { pow2 } from '../../../simulators/_internal/bits.js';
import { Rng } from '../../../simulators/random/rng.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number): number => ((f32[0] = x), u32[0]!);

/** Float32 bit patterns: both signs of every pattern given, plus ±{1, 2} bit steps around each. */
function around(bits: Iterable<number>): Uint32Array {
  const set = new Set<number>();
  for (const b of bits) {
    for (let d = -2; d <= 2; d++) {
      const a = b + d;
      if (a < 0 || a > 0x7fffffff) continue;
      set.add(a);
      set.add((a | 0x80000000) >>> 0);
    }
  }
  return Uint32Array.from(set);
}

/** Up to all of 0..n−1: everything when small, else both ends, the middle and a seeded sample. */
function codes(n: number, rng: Rng, sample = 24): number[] {
  if (n <= 64) return Array.from({ length: n }, (_, i) => i);
  const out = [0, 1, 2, 3, n / 2 - 1, n / 2, n / 2 + 1, n - 3, n - 2, n - 1];
  for (let i = 0; i < sample; i++) out.push(Math.floor(rng.uniform() * n));
  return out;
}

/** Specials and extremes every structured set includes. */
const SPECIAL_BITS = [0, 1, 2, 0x7fffff, 0x800000, 0x7f7fffff, 0x7f800000, 0x7fc00000, 0x7f800001, 0x3f800000];

/**
 * The structured float32 inputs for a float target: every float32 exponent × target mantissa codes (all of them
 * when 2^m ≤ 64) at each grid value and midpoint of the target at that exponent, the target's subnormal grid and
 * its midpoints, ±{0, 1, 2} float32 bit steps around each, both signs.
 */
export function structuredFloat32ForFloat(spec: FloatSpec, seed = 1): Float32Array {
  const rng = new Rng(seed);
  const s = 23 - spec.m;
  const L = floatLayout(spec);
  const pts: number[] = [...SPECIAL_BITS];
  for (let be = 0; be < 255; be++) {
    for (const k of codes(2 ** spec.m, rng)) {
      const grid = (be << 23) | (k << s);
      pts.push(grid);
      if (s > 0) pts.push(grid + (1 << (s - 1)));
    }
  }
  const qs = spec.subnormals === 'off' ? L.emin : L.emin - spec.m;
  for (const k of codes(2 ** spec.m + 2, rng)) {
    pts.push(bitsOf(k * pow2(qs)));
    pts.push(bitsOf((k + 0.5) * pow2(qs)));
  }
  for (const v of [L.maxFinite, L.minNormal, L.minSubnormal, L.minNormal / 2, L.minSubnormal / 2]) pts.push(bitsOf(v));
  return new Float32Array(around(pts).buffer);
}

/**
 * The structured float32 inputs for a fixed target: codes (all when 2^w ≤ 64, else ends, middle and a sample) and
 * their midpoints on the 2^−f grid, values past both ends of the range, values below one step, ±{0, 1, 2} bit
 * steps around each, both signs.
 */
export function structuredFloat32ForFixed(spec: FixedSpec, seed = 1): Float32Array {
  const rng = new Rng(seed);
  const [lo, hi] = fixedCodeRange(spec);
  const lsb = pow2(-spec.f);
  const pts: number[] = [...SPECIAL_BITS];
  for (const k of codes(hi - lo + 1, rng)) {
    const c = lo + k;
    pts.push(bitsOf(Math.abs(c) * lsb), bitsOf((Math.abs(c) + 0.5) * lsb));
  }
  for (const v of [hi + 1, hi + 0.5, 2 * hi + 2, -lo + 1, -lo + 0.5, 2 ** spec.w, 2 ** (spec.w + 1) + 1, 0.5, 0.25, 0.75, 2 ** -30]) {
    pts.push(bitsOf(v * lsb));
  }
  for (let be = 1; be < 255; be += 3) pts.push(be << 23, (be << 23) | 0x400000, (be << 23) | 0x7fffff);
  return new Float32Array(around(pts).buffer);
}

/** n seeded random float32 bit patterns (so NaN payloads, ±0, subnormals and infinities appear). */
export function randomFloat32Bits(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) u[i] = rng.uint32();
  return new Float32Array(u.buffer);
}

/** n seeded random doubles: random bit patterns mixed with values of moderate magnitude (both signs). */
export function randomFloat64(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n);
  const w = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      w[2 * i] = rng.uint32();
      w[2 * i + 1] = rng.uint32();
    } else {
      out[i] = (rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 40 - 20);
    }
  }
  return out;
}

/** Values around the overflow thresholds of dfixed(w=8) at f = 3 (|x| ≥ 15.875 and ≥ 7.9375), NaN and ±inf included. */
export function aroundDfixed8Thresholds(): Float32Array {
  const xs = new Float32Array(10_007);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i % 97) - 48) * 0.33;
  xs.set([NaN, Infinity, -Infinity, 15.875, -15.875, 7.9375, -7.9375, 15.8749], 100);
  return xs;
}
