import { compileBase64 } from '../../_internal/wasmModule.js';
import { ROUND_KERNELS_BASE64 } from './roundKernelsBytes.js';

/** Elements per kernel call (256 KiB of float32), at byte offset BASE of the scratch memory's 5 pages. */
const CAP = 65536;
/**
 * Off any 4 KiB boundary: with the region at 0, every copy of results into the (page-aligned) chunks of the output
 * was 4 KiB-aliased (loads and stores 4 KiB apart stall each other), which ran at a quarter of a plain copy and
 * held every format at the same ~363 M el/s. Arrays allocated in WebAssembly memory start there too; the bytes
 * below hold the padded tail of an array whose length is not a multiple of 8.
 */
const BASE = 64;
const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  floatRne(base: number, n: number, s: number, lsb: number, minN: number, maxB: number, ovP: number, ovN: number, infP: number, infN: number, negZero: number, T: number): void;
  fixedRne(base: number, n: number, scale: number, inv: number, lo: number, hi: number, t0: number, t1: number): number;
  c1(): number;
}

/** One kernel call: round n elements (a multiple of 8) at byte offset base of K's memory. */
type Kernel = (K: Exports, base: number, n: number) => void;

let compiled: WebAssembly.Module | null | undefined;
let scratch: Exports | null | undefined;
let enabled = true;
/** The kernels of each array allocated in WebAssembly memory (`allocWasmFloat32`), by its buffer. */
const resident = new WeakMap<ArrayBufferLike, Exports>();

/** The kernels instantiated over a memory, or null where WebAssembly SIMD is missing. */
function instantiate(memory: WebAssembly.Memory): Exports | null {
  // compiled once, synchronously; null without WebAssembly or SIMD: the JS kernels run
  if (compiled === undefined) compiled = compileBase64(ROUND_KERNELS_BASE64);
  if (!compiled) return null;
  try {
    return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Exports;
  } catch {
    return null;
  }
}

/** The kernels over the scratch memory, or null where WebAssembly SIMD is missing or disabled. */
function kernels(): Exports | null {
  if (!enabled) return null;
  if (scratch === undefined) scratch = instantiate(new WebAssembly.Memory({ initial: 5, maximum: 5 }));
  return scratch;
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

/** The largest n of `allocWasmFloat32`: a 32-bit memory of 65,536 pages, less the bytes below the array. */
export const MAX_WASM_FLOAT32 = (65536 * PAGE - BASE) / 4;

/**
 * A Float32Array of n zeros at byte offset 64 of a WebAssembly memory of its own (fixed size, so the view is never
 * detached), with the rounding kernels instantiated over it: rounding it rounds it where it lies, without the
 * copies in and out of the scratch memory. Null where WebAssembly SIMD is missing. Throws the runtime's RangeError
 * when the memory cannot be allocated. n is checked by the caller (0 ≤ n ≤ MAX_WASM_FLOAT32).
 */
export function allocWasmFloat32(n: number): Float32Array | null {
  const pages = Math.max(1, Math.ceil((BASE + 4 * n) / PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const K = instantiate(memory);
  if (!K) return null;
  resident.set(memory.buffer, K);
  return new Float32Array(memory.buffer, BASE, n);
}

/** True when a's elements live in a memory of `allocWasmFloat32` where the kernels round them in place. */
export function roundsInPlace(a: Float32Array): boolean {
  return resident.has(a.buffer) && a.byteOffset >= BASE;
}

/** Runs the kernel over xs → out: in place when out lives in WebAssembly memory, else through the scratch memory. */
function run(xs: Float32Array, out: Float32Array, kernel: Kernel): boolean {
  const K = kernels();
  if (!K) return false;
  const R = out.byteOffset >= BASE ? resident.get(out.buffer) : undefined;
  if (R) {
    // set copies correctly even from an overlapping part of the same buffer
    if (xs.buffer !== out.buffer || xs.byteOffset !== out.byteOffset) out.set(xs);
    inPlace(R, out, kernel);
  } else {
    pieces(K, xs, out, kernel);
  }
  return true;
}

/** Rounds an array that lives in R's memory where it lies; a tail of fewer than 8 elements goes through bytes 0–31. */
function inPlace(R: Exports, arr: Float32Array, kernel: Kernel): void {
  const n8 = arr.length & ~7;
  if (n8 > 0) kernel(R, arr.byteOffset, n8);
  const t = arr.length - n8;
  if (t > 0) {
    const tail = new Float32Array(R.memory.buffer, 0, 8);
    tail.set(arr.subarray(n8));
    tail.fill(0, t);
    kernel(R, 0, 8);
    arr.set(tail.subarray(0, t), n8);
  }
}

/** Runs the kernel over xs → out through the scratch memory in pieces of at most CAP elements. */
function pieces(K: Exports, xs: Float32Array, out: Float32Array, kernel: Kernel): void {
  const view = new Float32Array(K.memory.buffer, BASE, CAP);
  for (let lo = 0; lo < xs.length; lo += CAP) {
    const n = Math.min(CAP, xs.length - lo);
    const n4 = (n + 7) & ~7;
    view.set(xs.subarray(lo, lo + n));
    if (n4 > n) view.fill(0, n, n4);
    kernel(K, BASE, n4);
    out.set(view.subarray(0, n), lo);
  }
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

/**
 * Rounds float32 values to nearest even into a float format that fits float32 (not ftz) with the WebAssembly
 * SIMD kernel; false (nothing done) when the kernels are unavailable. `out` may be `xs`.
 */
export function floatRneWasm(P: FloatRneParams, xs: Float32Array, out: Float32Array): boolean {
  return run(xs, out, (K, base, n) => K.floatRne(base, n, P.s, P.lsb, P.minN, P.maxB, P.ovP, P.ovN, P.infP, P.infN, P.negZero, P.T));
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
  let c0 = 0;
  let c1 = 0;
  const ran = run(xs, out, (K, base, n) => {
    c0 += K.fixedRne(base, n, P.scale, P.inv, P.lo, P.hi, t0, t1);
    c1 += K.c1();
  });
  return ran ? { c0, c1 } : null;
}
