import type { PackedSignMatrix } from './packSigns.js';

/**
 * Binary matrix product C = A·Bᵀ of ±1 matrices with the XNOR-popcount unit: A is M×K and B is N×K, both packed
 * by rows (`packSignMatrix`; pack a K×N right operand with `transpose: true`). C[i·N + j] = K − 2·popcount(A_i xor
 * B_j), which equals the float dot of row i of A and row j of B exactly (|C| ≤ K < 2^31).
 *
 * Plain TypeScript: one SWAR popcount per 32 binary MACs (Hacker's Delight §5-1), with the per-byte counts of up
 * to 31 words summed before the bytes are added up (8·31 < 256, so no byte carries into the next). Not modelled: no tiling or
 * WebAssembly/SIMD; the bits past K in the last word of each row are masked, whatever their value.
 * @throws TypeError/RangeError when an operand is not a PackedSignMatrix or the inner dimensions differ.
 * @example xnorMatMul(packSignMatrix([1, -1], 1, 2), packSignMatrix([1, -1, -1, -1], 2, 2)) // Int32Array [2, 0]
 */
export function xnorMatMul(a: PackedSignMatrix, b: PackedSignMatrix): Int32Array {
  checkPacked('a', a);
  checkPacked('b', b);
  if (a.cols !== b.cols) throw new RangeError(`xnorMatMul: a.cols (${a.cols}) must equal b.cols (${b.cols}): both operands are packed by rows of length K`);
  const M = a.rows;
  const N = b.rows;
  const K = a.cols;
  const W = a.wordsPerRow;
  const A = a.words;
  const B = b.words;
  const full = K >>> 5;
  const mask = (1 << (K & 31)) - 1; // 0 when K is a multiple of 32: then there is no partial word
  const out = new Int32Array(M * N);
  for (let i = 0; i < M; i++) {
    const ai = i * W;
    for (let j = 0; j < N; j++) {
      const bj = j * W;
      let total = 0;
      let acc = 0; // four byte-wide partial counts
      let inAcc = 0;
      for (let w = 0; w < full; w++) {
        let v = A[ai + w]! ^ B[bj + w]!;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        acc += (v + (v >>> 4)) & 0x0f0f0f0f;
        if (++inAcc === 31) {
          total += byteSum(acc);
          acc = inAcc = 0;
        }
      }
      if (mask !== 0) {
        let v = (A[ai + full]! ^ B[bj + full]!) & mask;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        acc += (v + (v >>> 4)) & 0x0f0f0f0f;
      }
      total += byteSum(acc);
      out[i * N + j] = K - 2 * total;
    }
  }
  return out;
}

/** Sum of the four bytes of a 32-bit word (each ≤ 248 here; the total can exceed one byte, so no multiply trick). */
function byteSum(acc: number): number {
  const halves = (acc & 0x00ff00ff) + ((acc >>> 8) & 0x00ff00ff);
  return (halves & 0xffff) + (halves >>> 16);
}

function checkPacked(name: string, m: PackedSignMatrix): void {
  const fn = 'xnorMatMul';
  if (m === null || typeof m !== 'object' || !(m.words instanceof Uint32Array)) {
    throw new TypeError(`${fn}: ${name} must be a PackedSignMatrix (see packSignMatrix); got ${String(m)}`);
  }
  const { rows, cols, wordsPerRow } = m;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0 || wordsPerRow !== (cols + 31) >>> 5) {
    throw new RangeError(`${fn}: ${name} has rows=${rows}, cols=${cols}, wordsPerRow=${wordsPerRow}; expected integers ≥ 0 with wordsPerRow = ⌈cols/32⌉`);
  }
  if (m.words.length !== rows * wordsPerRow) {
    throw new RangeError(`${fn}: ${name}.words has ${m.words.length} words; expected rows·wordsPerRow = ${rows * wordsPerRow}`);
  }
}
