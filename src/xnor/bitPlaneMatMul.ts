import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { popcount32 } from '../../simulators/xnor/popcount32.js';
import { xnorMatMul } from '../../simulators/xnor/xnorMatMul.js';

/**
 * Packs the bit planes of n-bit inputs: row i·bits + k of the result holds bit k of every input of example i
 * (bit 1 where the input has bit k set), so a plane read as ±1 signs is 2·u^k − 1.
 * @throws RangeError when bytes.length ≠ m·cols or bits ∉ 1..8.
 * @example packBitPlanes(new Uint8Array([5]), 1, 1, 3).words // [1, 0, 1]: 5 = 0b101
 */
export function packBitPlanes(bytes: Uint8Array, m: number, cols: number, bits: number): PackedSignMatrix {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new RangeError(`packBitPlanes: bits must be an integer in 1..8; got ${bits}`);
  if (!(bytes instanceof Uint8Array) || bytes.length !== m * cols) throw new RangeError(`packBitPlanes: bytes must be a Uint8Array of m·cols = ${m * cols}; got ${bytes?.length}`);
  const W = signWords(cols);
  const words = new Uint32Array(m * bits * W);
  const plane = new Uint32Array(8);
  for (let i = 0; i < m; i++) {
    const base = i * bits * W;
    for (let t = 0; t < W; t++) {
      // the 8 plane words of columns 32t … 32t+31, gathered in registers and stored once
      let p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0; // prettier-ignore
      const end = Math.min(cols, 32 * t + 32);
      for (let c = 32 * t, b = 0; c < end; c++, b++) {
        const u = bytes[i * cols + c]!;
        p0 |= (u & 1) << b;
        p1 |= ((u >>> 1) & 1) << b;
        p2 |= ((u >>> 2) & 1) << b;
        p3 |= ((u >>> 3) & 1) << b;
        p4 |= ((u >>> 4) & 1) << b;
        p5 |= ((u >>> 5) & 1) << b;
        p6 |= ((u >>> 6) & 1) << b;
        p7 |= ((u >>> 7) & 1) << b;
      }
      plane[0] = p0; plane[1] = p1; plane[2] = p2; plane[3] = p3; plane[4] = p4; plane[5] = p5; plane[6] = p6; plane[7] = p7; // prettier-ignore
      for (let k = 0; k < bits; k++) words[base + k * W + t] = plane[k]!;
    }
  }
  return { rows: m * bits, cols, wordsPerRow: W, words };
}

/**
 * The first layer of BinaryNet on n-bit inputs through bit planes (Courbariaux, Hubara et al. 2016 §2.5;
 * methods.md §4.5): s_ij = u_i·w_j = Σ_k 2^k·(u_i^k·w_j), each plane product from the XNOR-popcount unit:
 * a {0,1} plane p and ±1 weights w give p·w = (xnor(2p−1, w) + Σw)/2, with Σw = 2·popcount(w) − K.
 * All integer arithmetic; |s| ≤ (2^bits − 1)·K. `matMul` is the XNOR kernel (default the simulator's).
 * @throws RangeError when the shapes do not match.
 * @example bitPlaneMatMul(new Uint8Array([3, 1]), 1, 2, 8, packSignMatrix([1, -1], 1, 2)) // Int32Array [2]
 */
export function bitPlaneMatMul(
  bytes: Uint8Array,
  m: number,
  bits: number,
  w: PackedSignMatrix,
  matMul: (a: PackedSignMatrix, b: PackedSignMatrix) => Int32Array = xnorMatMul,
): Int32Array {
  const K = w.cols;
  const planes = packBitPlanes(bytes, m, K, bits);
  const N = w.rows;
  const c = matMul(planes, w);
  const sumW = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    let ones = 0;
    for (let t = 0; t < w.wordsPerRow; t++) {
      const last = t === w.wordsPerRow - 1 && K & 31 ? (1 << (K & 31)) - 1 : 0xffffffff;
      ones += popcount32(w.words[j * w.wordsPerRow + t]! & last);
    }
    sumW[j] = 2 * ones - K;
  }
  // s = Σ_k 2^k·(c_k + Σw)/2 = (Σ_k 2^k·c_k + (2^bits − 1)·Σw)/2, exact in int32 (|s| ≤ 255·K); rows read in order
  const out = new Int32Array(m * N);
  const base = Int32Array.from(sumW, (v) => (2 ** bits - 1) * v);
  for (let i = 0; i < m; i++) {
    const o = i * N;
    const r = i * bits * N;
    if (bits === 8) {
      // the usual 8-bit input, unrolled: one pass over the row's 8 plane results
      for (let j = 0; j < N; j++) {
        const q = r + j;
        const t = c[q]! + (c[q + N]! << 1) + (c[q + 2 * N]! << 2) + (c[q + 3 * N]! << 3) + (c[q + 4 * N]! << 4) + (c[q + 5 * N]! << 5) + (c[q + 6 * N]! << 6) + (c[q + 7 * N]! << 7);
        out[o + j] = (t + base[j]!) >> 1;
      }
      continue;
    }
    for (let j = 0; j < N; j++) {
      let t = base[j]!;
      for (let k = 0; k < bits; k++) t += c[r + k * N + j]! << k;
      out[o + j] = t >> 1;
    }
  }
  return out;
}
