import { instantiateBase64 } from '../../_internal/wasmModule.js';
import { ROUND_KERNELS_BASE64 } from './roundKernelsBytes.js';

/** Elements per kernel call (256 KiB of float32), at byte offset BASE of the module's 5 pages. */
const CAP = 65536;
/**
 * Off any 4 KiB boundary: with the region at 0, every copy of results into the (page-aligned) chunks of the output
 * was 4 KiB-aliased (loads and stores 4 KiB apart stall each other), which ran at a quarter of a plain copy and
 * held every format at the same ~363 M el/s.
 */
const BASE = 64;

interface Exports {
  memory: WebAssembly.Memory;
  floatRne(base: number, n: number, s: number, lsb: number, minN: number, maxB: number, ovP: number, ovN: number, infP: number, infN: number, negZero: number, T: number): void;
  fixedRne(base: number, n: number, scale: number, inv: number, lo: number, hi: number, t0: number, t1: number): number;
  c1(): number;
}

let instance: Exports | null | undefined;
let enabled = true;

/** The compiled kernels (once, synchronously), or null where WebAssembly SIMD is missing or disabled. */
function kernels(): Exports | null {
  if (!enabled) return null;
  // null without WebAssembly or SIMD: the JS kernels run
  if (instance === undefined) instance = instantiateBase64<Exports>(ROUND_KERNELS_BASE64);
  return instance;
}

/**
 * Turns the WebAssembly rounding kernels on or off (default on); returns the previous setting. For tests and
 * benchmarks that compare them with the JS kernels; results are identical either way.
 */
export function setWasmRounding(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** True when the WebAssembly rounding kernels are compiled and enabled. */
export function wasmRoundingAvailable(): boolean {
  return kernels() !== null;
}

/** Constants of `floatRne` (see roundKernels.wat), as int32 bit patterns and T a float32. */
export interface FloatRneParams {
  s: number;
  lsb: number;
  minN: number;
  maxB: number;
  ovP: number;
  ovN: number;
  infP: number;
  infN: number;
  negZero: number;
  T: number;
}

/** Runs `kernel(n)` over xs → out through the module's memory in pieces of at most CAP elements. */
function pieces(K: Exports, xs: Float32Array, out: Float32Array, kernel: (n: number) => void): void {
  let view = new Float32Array(K.memory.buffer, BASE, CAP);
  for (let lo = 0; lo < xs.length; lo += CAP) {
    const n = Math.min(CAP, xs.length - lo);
    const n4 = (n + 7) & ~7;
    if (view.buffer !== K.memory.buffer) view = new Float32Array(K.memory.buffer, BASE, CAP);
    view.set(xs.subarray(lo, lo + n));
    if (n4 > n) view.fill(0, n, n4);
    kernel(n4);
    out.set(view.subarray(0, n), lo);
  }
}

/**
 * Rounds float32 values to nearest even into a float format that fits float32 (not ftz) with the WebAssembly
 * SIMD kernel; false (nothing done) when the kernels are unavailable. `out` may be `xs`.
 */
export function floatRneWasm(P: FloatRneParams, xs: Float32Array, out: Float32Array): boolean {
  const K = kernels();
  if (!K) return false;
  pieces(K, xs, out, (n) => K.floatRne(BASE, n, P.s, P.lsb, P.minN, P.maxB, P.ovP, P.ovN, P.infP, P.infN, P.negZero, P.T));
  return true;
}

/** Constants of `fixedRne`: 2^f, 2^−f and the code range [lo, hi] as float32 numbers. */
export interface FixedRneParams {
  scale: number;
  inv: number;
  lo: number;
  hi: number;
}

/**
 * Rounds float32 values to nearest even into a saturating fixed format with the WebAssembly SIMD kernel, and
 * counts the inputs with |x| ≥ t0 and |x| ≥ t1 (float32 thresholds; +∞ counts nothing). Null (nothing done)
 * when the kernels are unavailable. `out` may be `xs`.
 */
export function fixedRneWasm(P: FixedRneParams, xs: Float32Array, out: Float32Array, t0 = Infinity, t1 = Infinity): { c0: number; c1: number } | null {
  const K = kernels();
  if (!K) return null;
  let c0 = 0;
  let c1 = 0;
  pieces(K, xs, out, (n) => {
    c0 += K.fixedRne(BASE, n, P.scale, P.inv, P.lo, P.hi, t0, t1);
    c1 += K.c1();
  });
  return { c0, c1 };
}
