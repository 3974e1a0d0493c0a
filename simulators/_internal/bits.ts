/** Bit-level helpers on binary64 values, shared by the float and fixed simulators. */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

const POW2 = new Float64Array(2098);
{
  // Exact powers of two 2^-1074 .. 2^1023 built by repeated doubling/halving (every step is exact).
  let x = 1;
  for (let k = 0; k <= 1023; k++, x *= 2) POW2[k + 1074] = x;
  x = 1;
  for (let k = 0; k >= -1074; k--, x /= 2) POW2[k + 1074] = x;
}

/**
 * 2^k exactly, for integer k in −1074..1023; 0 below and Infinity above. Callers whose exponent can leave that
 * range must not form 2^k at all: use `ldexp` (x·2^k in steps) or compare exponents and integers instead.
 */
export function pow2(k: number): number {
  if (k < -1074) return 0;
  if (k > 1023) return Infinity;
  return POW2[k + 1074]!;
}

/**
 * x·2^k for any integer k, exact whenever x·2^k is itself a double (C's `ldexp` on exact results): the scaling is
 * done in steps of at most 2^±1023, each moving monotonically from x toward the result, so no intermediate
 * overflows, and none loses a bit the result keeps. When x·2^k is not a double (it overflows, or is a subnormal
 * needing rounding), the result is ±Infinity or a rounded value that is not guaranteed correctly rounded.
 * @example ldexp(2 ** -1074, 1074) // 1, where 2 ** -1074 * pow2(1074) is Infinity
 */
export function ldexp(x: number, k: number): number {
  while (k > 1023) {
    x *= POW2[1023 + 1074]!;
    k -= 1023;
  }
  while (k < -1022) {
    x *= POW2[-1022 + 1074]!;
    k += 1022;
  }
  return x * POW2[k + 1074]!;
}

/** floor(log2(a)) for a finite double a > 0, computed exactly from the bits (subnormals included). */
export function floorLog2(a: number): number {
  f64[0] = a;
  const hi = u32[HI]!;
  const be = (hi >>> 20) & 0x7ff;
  if (be !== 0) return be - 1023;
  // subnormal: scale into the normal range exactly
  f64[0] = a * 2 ** 64;
  return ((u32[HI]! >>> 20) & 0x7ff) - 1023 - 64;
}

/** The 64 bits of a double as a 16-digit lower-case hex string. */
export function f64ToHex(x: number): string {
  f64[0] = x;
  return u32[HI]!.toString(16).padStart(8, '0') + u32[LO]!.toString(16).padStart(8, '0');
}

/** The double whose bits are the given 16 hex digits. */
export function hexToF64(hex: string): number {
  u32[HI] = parseInt(hex.slice(0, 8), 16);
  u32[LO] = parseInt(hex.slice(8, 16), 16);
  return f64[0]!;
}

/** Exact decomposition of a finite double: |x| = mant · 2^exp with mant a non-negative BigInt. */
export function doubleToDyadic(x: number): { neg: boolean; mant: bigint; exp: number } {
  f64[0] = x;
  const hi = u32[HI]!;
  const lo = u32[LO]!;
  const neg = hi >>> 31 === 1;
  const be = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (be !== 0) mant |= 1n << 52n;
  return { neg, mant, exp: (be === 0 ? 1 : be) - 1075 };
}

/** True for −0 (and only −0). */
export function isNegZero(x: number): boolean {
  return x === 0 && 1 / x < 0;
}

/** Bit length of a non-negative BigInt (0 for 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}
