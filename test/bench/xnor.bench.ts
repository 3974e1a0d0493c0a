/**
 * XNOR-popcount matmul against a float32 matmul of the same shape, 1024×1024×1024, in this process.
 * - XNOR: `xnorMatMul` on packed ±1 operands (A: 1024×1024, Bᵀ: 1024×1024), the whole product, best of 3.
 * - float32: the baseline, a plain JS triple loop over Float32Arrays with the same layout (A and Bᵀ by rows, so
 *   each C element is a dot of two contiguous rows) and four partial sums (2–3× faster than a naive loop here).
 *   JS has no float32 arithmetic: products and sums are binary64, stored to float32 (exact for ±1 operands).
 *   It needs several seconds for 1024³ MACs, so only the first `FLOAT_ROWS` rows of C are computed and the
 *   rate is extrapolated to the full product (rows are independent and cost the same).
 * Prints binary MACs/s, float MACs/s and their ratio; packing is timed separately (it is O(n²), not O(n³)).
 * Reference point: BinaryNet's CUDA XNOR kernel is 3.4× cuBLAS at 8192³ on a GTX 750 (methods.md §4.6).
 */
import { packSignMatrix } from '../../simulators/xnor/packSigns.js';
import { xnorMatMul } from '../../simulators/xnor/xnorMatMul.js';
import { Rng } from '../../simulators/random/rng.js';
import { best } from './_timing.js';

const N = 1024;
const FLOAT_ROWS = 64;

function randomSigns(n: number, seed: number): Float32Array {
  const r = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r.uint32() & 1 ? 1 : -1;
  return out;
}

/** C[0..rows) = A[0..rows)·B for row-major A (n×n) and Bᵀ (n×n, row j = column j of B), n a multiple of 4. */
function floatMatMulRows(a: Float32Array, bt: Float32Array, c: Float32Array, n: number, rows: number): void {
  for (let i = 0; i < rows; i++) {
    const ai = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < n; k += 4) {
        s0 += a[ai + k]! * bt[bj + k]!;
        s1 += a[ai + k + 1]! * bt[bj + k + 1]!;
        s2 += a[ai + k + 2]! * bt[bj + k + 2]!;
        s3 += a[ai + k + 3]! * bt[bj + k + 3]!;
      }
      c[ai + j] = s0 + s1 + s2 + s3;
    }
  }
}

export async function bench(): Promise<void> {
  const a = randomSigns(N * N, 1);
  const bt = randomSigns(N * N, 2); // Bᵀ, row j = column j of B
  let pa = packSignMatrix(a, N, N);
  let pb = packSignMatrix(bt, N, N);
  const tPack = best(3, () => {
    pa = packSignMatrix(a, N, N);
    pb = packSignMatrix(bt, N, N);
  });
  let cx: Int32Array = new Int32Array(0);
  xnorMatMul(pa, pb); // warm-up
  const tX = best(3, () => {
    cx = xnorMatMul(pa, pb);
  });
  const cf = new Float32Array(FLOAT_ROWS * N);
  floatMatMulRows(a, bt, cf, N, 4); // warm-up
  const tF = best(2, () => floatMatMulRows(a, bt, cf, N, FLOAT_ROWS));
  for (let i = 0; i < FLOAT_ROWS * N; i++) if (cf[i] !== cx[i]) throw new Error(`xnor bench: results differ at ${i}: ${cf[i]} vs ${cx[i]}`);
  const macs = N * N * N;
  const xRate = macs / tX;
  const fRate = (FLOAT_ROWS * N * N) / tF;
  console.log(`shape ${N}×${N}×${N} (${(macs / 1e9).toFixed(2)} G MACs); float32 baseline timed on ${FLOAT_ROWS}/${N} rows and extrapolated`);
  console.log(`xnor-popcount: ${(tX * 1000).toFixed(0)} ms, ${(xRate / 1e9).toFixed(2)} G binary MACs/s`);
  console.log(`float32 loop:  ${((tF * N) / FLOAT_ROWS).toFixed(1)} s (extrapolated), ${(fRate / 1e9).toFixed(3)} G MACs/s`);
  console.log(`ratio xnor / float32: ${(xRate / fRate).toFixed(1)}×  (packing both operands: ${(tPack * 1000).toFixed(0)} ms)`);
}
