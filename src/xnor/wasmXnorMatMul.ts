import type { PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { instantiateBase64 } from '../../simulators/_internal/wasmModule.js';
import { XNOR_GEMM_BASE64 } from './wasm/xnorGemmBytes.js';

/**
 * Which WebAssembly kernel: `simd` (i8x16.popcnt, 128-bit words) or `i64` (i64.popcnt, 64-bit words).
 * @example
 * wasmXnorAvailable('i64' satisfies WasmXnorVariant)
 */
export type WasmXnorVariant = 'simd' | 'i64';

type Kernel = { gemm: (...args: number[]) => void; mem: WebAssembly.Memory };
type Exports = { gemmI64: Kernel['gemm']; gemmSimd: Kernel['gemm']; mem: WebAssembly.Memory };
let exportsOrNull: Exports | null | undefined;
const instances: Partial<Record<WasmXnorVariant, Kernel | null>> = {};

/**
 * The compiled kernel (wasm/xnorGemm.wat; both variants share one module and its memory), or null when this
 * runtime lacks WebAssembly (or SIMD); compiled once, synchronously.
 */
function kernel(variant: WasmXnorVariant): Kernel | null {
  if (instances[variant] !== undefined) return instances[variant]!;
  if (exportsOrNull === undefined) exportsOrNull = instantiateBase64<Exports>(XNOR_GEMM_BASE64);
  const e = exportsOrNull;
  instances[variant] = e === null ? null : { gemm: variant === 'simd' ? e.gemmSimd : e.gemmI64, mem: e.mem };
  return instances[variant]!;
}

/**
 * True when the WebAssembly kernel is available (default: the SIMD one).
 * @example
 * runXnor(xnor, bytes, n, { kernel: wasmXnorAvailable() ? 'simd' : 'js' })
 */
export function wasmXnorAvailable(variant: WasmXnorVariant = 'simd'): boolean {
  return kernel(variant) !== null;
}

/** Copies packed rows into memory at word `at` as rows of `w32` words (zero padded), masking the bits past `cols`. */
function copyRows(m: PackedSignMatrix, mem: Uint32Array, at: number, w32: number): void {
  const rem = m.cols & 31;
  const W = m.wordsPerRow;
  const last = rem ? (1 << rem) - 1 : -1;
  if (W <= 8) {
    // short rows (e.g. a conv's first layer, K = 9): element copies beat a subarray per row
    for (let r = 0, src = 0, dst = at; r < m.rows; r++, src += W, dst += w32) {
      for (let t = 0; t < W; t++) mem[dst + t] = m.words[src + t]!;
      mem[dst + W - 1] = mem[dst + W - 1]! & last;
      for (let t = W; t < w32; t++) mem[dst + t] = 0;
    }
    return;
  }
  for (let r = 0; r < m.rows; r++) {
    const dst = at + r * w32;
    mem.set(m.words.subarray(r * W, (r + 1) * W), dst);
    if (rem) mem[dst + W - 1]! &= last;
    mem.fill(0, dst + W, dst + w32);
  }
}

/**
 * `xnorMatMul` (C = A·Bᵀ of packed ±1 matrices, C[i·N + j] = K − 2·popcount(A_i xor B_j)) in WebAssembly: with
 * SIMD `i8x16.popcnt` (one popcount per 128 binary MACs; the default) or `i64.popcnt` (per 64). Same inputs, same
 * exact results as the simulator's TypeScript kernel (tested), which it falls back to (`fallback`) when the
 * variant is unavailable or a dimension is 0; SIMD rows longer than 4096·128 bits or of at most 64 bits use `i64`. The operands are
 * copied into the module's memory (rows zero-padded to whole words, bits past K masked).
 * Register-blocked (each word of A_i serves four rows of B; see wasm/xnorGemm.wat). Not modelled: cache tiling,
 * threads.
 * @throws RangeError when the inner dimensions differ.
 * @example wasmXnorMatMul(packSignMatrix([1, -1], 1, 2), packSignMatrix([1, -1, -1, -1], 2, 2), xnorMatMul) // Int32Array [2, 0]
 */
export function wasmXnorMatMul(
  a: PackedSignMatrix,
  b: PackedSignMatrix,
  fallback: (a: PackedSignMatrix, b: PackedSignMatrix) => Int32Array,
  variant: WasmXnorVariant = 'simd',
): Int32Array {
  if (a.cols !== b.cols) throw new RangeError(`wasmXnorMatMul: a.cols (${a.cols}) must equal b.cols (${b.cols})`);
  if (variant !== 'simd' && variant !== 'i64') throw new RangeError(`wasmXnorMatMul: variant must be 'simd' or 'i64'; got ${JSON.stringify(variant)}`);
  // SIMD rows longer than 4096·128 bits would overflow its 16-bit lanes; rows of ≤ 64 bits would be mostly padding
  const v: WasmXnorVariant = variant === 'simd' && (a.wordsPerRow > 4 * 4096 || a.wordsPerRow <= 2) ? 'i64' : variant;
  const k = kernel(v);
  if (!k || a.rows === 0 || b.rows === 0 || a.cols === 0) return fallback(a, b);
  const w32 = v === 'simd' ? 4 * Math.ceil(a.wordsPerRow / 4) : 2 * Math.ceil(a.wordsPerRow / 2);
  const rowBytes = 4 * w32;
  const bOff = a.rows * rowBytes;
  const cOff = bOff + b.rows * rowBytes;
  const need = cOff + 4 * a.rows * b.rows;
  const pages = Math.ceil(need / 65536) - k.mem.buffer.byteLength / 65536;
  if (pages > 0) k.mem.grow(pages);
  const mem = new Uint32Array(k.mem.buffer);
  copyRows(a, mem, 0, w32);
  copyRows(b, mem, bOff / 4, w32);
  k.gemm(0, bOff, cOff, a.rows, b.rows, rowBytes, a.cols);
  return new Int32Array(k.mem.buffer, cOff, a.rows * b.rows).slice();
}
