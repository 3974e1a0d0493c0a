import type { PackedSignMatrix } from '../../simulators/xnor/packSigns.js';

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * The kernel `gemm(a, b, c, m, n, rowBytes, k)`, hand-assembled: for each row i of A and row j of B (rowBytes
 * bytes each), c[i·n + j] = k − 2·popcount(A_i xor B_j). Scalar: 64-bit words and `i64.popcnt` (rowBytes a
 * multiple of 8). SIMD: 128-bit words, `i8x16.popcnt`, per-lane sums widened by `i16x8.extadd_pairwise_i8x16_u`
 * into 16-bit lanes (≤ 16 per step, so rows up to 4096 words of 128 bits) and summed at the end (rowBytes a
 * multiple of 16). Locals: 7 i, 8 j, 9 pa, 10 pb, 11 end, 12 rowA (i32), 13 acc (i64 or v128), 14 t (v128).
 * m, n, rowBytes must be ≥ 1 (do-while loops).
 */
function moduleBytes(simd: boolean): Uint8Array<ArrayBuffer> {
  const [LG, LS, LT] = [0x20, 0x21, 0x22];
  const I32C = 0x41;
  const [ADD, SUB, SHL, LTU] = [0x6a, 0x6b, 0x74, 0x49];
  const V = 0xfd; // SIMD prefix
  const loop = (...body: number[]) => [0x03, 0x40, ...body, 0x0b];
  const step = simd ? 16 : 8;
  const load = simd ? [V, 0x00, 4, 0] : [0x29, 3, 0]; // v128.load / i64.load
  const popAdd = simd ? [V, 0x51, V, 0x62, V, 0x7d, V, 0x8e, 0x01] : [0x85, 0x7b, 0x7c]; // xor, popcnt, (widen,) add
  const inner = loop(
    LG, 13, LG, 9, ...load, LG, 10, ...load, ...popAdd, LS, 13, // acc += popcnt(*pa ^ *pb)
    LG, 9, I32C, step, ADD, LS, 9, LG, 10, I32C, step, ADD, LS, 10, // pa += step; pb += step
    LG, 9, LG, 11, LTU, 0x0d, 0, // while pa < end
  );
  const zero = simd ? [V, 0x0c, ...new Array<number>(16).fill(0)] : [0x42, 0];
  // popcount as i32: scalar wraps the i64; SIMD widens to i32x4 and adds the four lanes
  const total = simd
    ? [LG, 13, V, 0x7f, LT, 14, V, 0x1b, 0, LG, 14, V, 0x1b, 1, ADD, LG, 14, V, 0x1b, 2, ADD, LG, 14, V, 0x1b, 3, ADD]
    : [LG, 13, 0xa7];
  const perJ = loop(
    ...zero, LS, 13, LG, 12, LS, 9, LG, 12, LG, 5, ADD, LS, 11, // acc = 0; pa = rowA; end = rowA + rowBytes
    ...inner,
    LG, 2, LG, 6, ...total, I32C, 1, SHL, SUB, 0x36, 2, 0, // *c = k − 2·popcount
    LG, 2, I32C, 4, ADD, LS, 2, // c += 4
    LG, 8, I32C, 1, ADD, LT, 8, LG, 4, LTU, 0x0d, 0, // while ++j < n
  );
  const perI = loop(
    I32C, 0, LS, 8, LG, 1, LS, 10, // j = 0; pb = b
    ...perJ,
    LG, 12, LG, 5, ADD, LS, 12, // rowA += rowBytes
    LG, 7, I32C, 1, ADD, LT, 7, LG, 3, LTU, 0x0d, 0, // while ++i < m
  );
  const locals = simd ? [2, 6, 0x7f, 2, 0x7b] : [2, 6, 0x7f, 1, 0x7e];
  const body = [...locals, I32C, 0, LS, 7, LG, 0, LS, 12, ...perI, 0x0b];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 7, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('gemm'), 0x00, 0, ...name('mem'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** Which WebAssembly kernel: `simd` (i8x16.popcnt, 128-bit words) or `i64` (i64.popcnt, 64-bit words). */
export type WasmXnorVariant = 'simd' | 'i64';

type Kernel = { gemm: (...args: number[]) => void; mem: WebAssembly.Memory };
const instances: Partial<Record<WasmXnorVariant, Kernel | null>> = {};

/** The compiled kernel, or null when this runtime lacks WebAssembly (or SIMD); compiled once, synchronously. */
function kernel(variant: WasmXnorVariant): Kernel | null {
  if (instances[variant] !== undefined) return instances[variant]!;
  try {
    instances[variant] = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(variant === 'simd'))).exports as unknown as Kernel;
  } catch {
    instances[variant] = null;
  }
  return instances[variant]!;
}

/** True when the WebAssembly kernel is available (default: the SIMD one). */
export function wasmXnorAvailable(variant: WasmXnorVariant = 'simd'): boolean {
  return kernel(variant) !== null;
}

/** Copies packed rows into memory at word `at` as rows of `w32` words (zero padded), masking the bits past `cols`. */
function copyRows(m: PackedSignMatrix, mem: Uint32Array, at: number, w32: number): void {
  const rem = m.cols & 31;
  for (let r = 0; r < m.rows; r++) {
    const dst = at + r * w32;
    mem.set(m.words.subarray(r * m.wordsPerRow, (r + 1) * m.wordsPerRow), dst);
    if (rem) mem[dst + m.wordsPerRow - 1]! &= (1 << rem) - 1;
    mem.fill(0, dst + m.wordsPerRow, dst + w32);
  }
}

/**
 * `xnorMatMul` (C = A·Bᵀ of packed ±1 matrices, C[i·N + j] = K − 2·popcount(A_i xor B_j)) in WebAssembly: with
 * SIMD `i8x16.popcnt` (one popcount per 128 binary MACs; the default) or `i64.popcnt` (per 64). Same inputs, same
 * exact results as the simulator's TypeScript kernel (tested), which it falls back to (`fallback`) when the
 * variant is unavailable or a dimension is 0; SIMD rows longer than 4096·128 bits use `i64`. The operands are
 * copied into the module's memory (rows zero-padded to whole words, bits past K masked).
 * Not modelled: tiling, threads, unrolling.
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
  const v: WasmXnorVariant = variant === 'simd' && a.wordsPerRow > 4 * 4096 ? 'i64' : variant;
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
