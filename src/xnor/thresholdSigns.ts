import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';

/**
 * The folded batch norm and sign of a binary layer: packs s ≥ t (bit 1 = +1) row by row, for m rows of N integer
 * pre-activations and one threshold per unit (`foldThresholds`). With `correction`, row r first gets
 * correction[(r mod period)·N + j] added to unit j (a convolution's padding term, one row per output position).
 * @example thresholdSigns(Int32Array.from([3, -1]), 1, Int32Array.from([0, 0])).words // Uint32Array [0b01]
 */
export function thresholdSigns(s: Int32Array, m: number, t: Int32Array, correction?: { values: Int32Array; period: number }): PackedSignMatrix {
  const N = t.length;
  const W = signWords(N);
  const words = new Uint32Array(m * W);
  const c = correction?.values;
  for (let i = 0; i < m; i++) {
    const row = i * N;
    const cRow = c ? (i % correction!.period) * N : 0;
    for (let w = 0; w < W; w++) {
      let word = 0;
      const end = Math.min(N, 32 * w + 32);
      if (c) for (let j = 32 * w; j < end; j++) if (s[row + j]! + c[cRow + j]! >= t[j]!) word |= 1 << (j & 31);
      if (!c) for (let j = 32 * w; j < end; j++) if (s[row + j]! >= t[j]!) word |= 1 << (j & 31);
      words[i * W + w] = word;
    }
  }
  return { rows: m, cols: N, wordsPerRow: W, words };
}
