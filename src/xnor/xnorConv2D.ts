import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';
import { bitPlaneMatMul } from './bitPlaneMatMul.js';
import { im2colBytes, im2colSigns, windowPlacement, windowTaps, type Window2D } from './convWindow.js';
import { thresholdSigns } from './thresholdSigns.js';
import type { XnorLayer } from './xnorModelSpec.js';

/** A packed XNOR-popcount matmul C = A·Bᵀ (`xnorMatMul` or `wasmXnorMatMul`). */
export type XnorMatMul = (a: PackedSignMatrix, b: PackedSignMatrix) => Int32Array;

/** A binary convolution layer of an exported network. */
export type XnorConvLayer = Extract<XnorLayer, { kind: 'bitPlaneConv2D' | 'xnorConv2D' }>;

/** Output rows (positions) per matmul call: bounds the memory of the bit planes and of the result. */
const BLOCK_ROWS = 4096;

/**
 * The padding term of a ±1 convolution, per output position and filter: Σ of the filter's weights over the taps
 * that fall in the padding. TF.js pads with 0, which adds nothing to s; the packed patch holds those taps as −1,
 * which adds −Σ w, so s = (K − 2·popcount(patch xor w)) + padCorrection. Null when no tap is ever padded.
 * @example padCorrection(weights, { inputShape: [14, 14, 32], kernelSize: [3, 3], strides: [1, 1], padding: 'same' }) // 196·F integers
 */
export function padCorrection(weights: PackedSignMatrix, g: Window2D): Int32Array | null {
  const [H, W, C] = g.inputShape;
  const [kh, kw] = g.kernelSize;
  const { outH, outW, padTop, padLeft } = windowPlacement(g);
  const F = weights.rows;
  if (padTop === 0 && padLeft === 0 && (outH - 1) * g.strides[0] + kh <= H && (outW - 1) * g.strides[1] + kw <= W) return null;
  // tapSum[(dy·kw + dx)·F + f] = Σ_c w_f[dy, dx, c] (±1)
  const tapSum = new Int32Array(kh * kw * F);
  for (let f = 0; f < F; f++) {
    for (let k = 0; k < kh * kw * C; k++) {
      const bit = (weights.words[f * weights.wordsPerRow + (k >>> 5)]! >>> (k & 31)) & 1;
      tapSum[Math.floor(k / C) * F + f] += 2 * bit - 1;
    }
  }
  // the padded taps of position p are those not listed by windowTaps: all taps minus the inside ones
  const { start, tap } = windowTaps(g);
  const all = new Int32Array(F);
  for (let k = 0; k < kh * kw; k++) for (let f = 0; f < F; f++) all[f] += tapSum[k * F + f]!;
  const out = new Int32Array(outH * outW * F);
  for (let p = 0; p < outH * outW; p++) {
    for (let f = 0; f < F; f++) out[p * F + f] = all[f]!;
    for (let e = start[p]!; e < start[p + 1]!; e++) for (let f = 0; f < F; f++) out[p * F + f] -= tapSum[tap[e]! * F + f]!;
  }
  return out;
}

const corrections = new WeakMap<XnorConvLayer, Int32Array | null>();

/**
 * One binary convolution with its folded batch norm and sign, on n examples: im2col patches, XNOR-popcount
 * matmul (bit planes for `bitPlaneConv2D`, whose zero padding is a zero byte and needs no correction), the
 * padding correction of a ±1 map, and the thresholds. Input: n·H·W·C bytes, or a packed map of n·H·W rows of C
 * signs. Output: the packed map, n·outH·outW rows of F signs. Runs in blocks of about 4,096 output positions.
 * @example runXnorConv2D(layer, bytes, n, xnorMatMul) // n·784 rows of 32 signs for MNIST's first 32C3 layer
 */
export function runXnorConv2D(layer: XnorConvLayer, input: Uint8Array | PackedSignMatrix, n: number, mm: XnorMatMul): PackedSignMatrix {
  const g = layer.window;
  const [H, W, C] = g.inputShape;
  const { outH, outW } = windowPlacement(g);
  const P = outH * outW;
  const F = layer.weights.rows;
  const wpr = signWords(F);
  const words = new Uint32Array(n * P * wpr);
  let corr: Int32Array | null = null;
  if (layer.kind === 'xnorConv2D') {
    if (!corrections.has(layer)) corrections.set(layer, padCorrection(layer.weights, g));
    corr = corrections.get(layer)!;
  }
  const block = Math.max(1, Math.floor(BLOCK_ROWS / P));
  for (let i0 = 0; i0 < n; i0 += block) {
    const b = Math.min(block, n - i0);
    let s: Int32Array;
    if (layer.kind === 'bitPlaneConv2D') {
      const bytes = (input as Uint8Array).subarray(i0 * H * W * C, (i0 + b) * H * W * C);
      s = bitPlaneMatMul(im2colBytes(bytes, b, g), b * P, layer.bits, layer.weights, mm);
    } else {
      const map = input as PackedSignMatrix;
      const part = { rows: b * H * W, cols: C, wordsPerRow: map.wordsPerRow, words: map.words.subarray(i0 * H * W * map.wordsPerRow, (i0 + b) * H * W * map.wordsPerRow) };
      s = mm(im2colSigns(part, b, g), layer.weights);
    }
    const out = thresholdSigns(s, b * P, layer.thresholds, corr ? { values: corr, period: P } : undefined);
    words.set(out.words, i0 * P * wpr);
  }
  return { rows: n * P, cols: F, wordsPerRow: wpr, words };
}

/**
 * Max pooling of a packed ±1 map (n·H·W rows of C signs): the max of ±1 values is +1 iff one is, so each output
 * bit is the OR of the window's bits (positions in a 'same' padding are skipped, as TF.js pads with −∞); on the
 * channels set in `andChannels` it is the AND (a pool before a decreasing batch norm + sign, see XnorLayerSpec).
 * @example maxPoolSigns(map, n, { inputShape: [28, 28, 32], kernelSize: [2, 2], strides: [2, 2], padding: 'valid' }, null) // n·196 rows
 */
export function maxPoolSigns(map: PackedSignMatrix, n: number, g: Window2D, andChannels: Uint32Array | null): PackedSignMatrix {
  const [H, W] = g.inputShape;
  const { outH, outW, start, pixel } = windowTaps(g);
  const P = outH * outW;
  const wpr = map.wordsPerRow;
  const words = new Uint32Array(n * P * wpr);
  for (let i = 0, row = 0; i < n; i++) {
    for (let p = 0; p < P; p++, row++) {
      for (let t = 0; t < wpr; t++) {
        let or = 0;
        let and = -1;
        for (let e = start[p]!; e < start[p + 1]!; e++) {
          const v = map.words[(i * H * W + pixel[e]!) * wpr + t]!;
          or |= v;
          and &= v;
        }
        words[row * wpr + t] = andChannels ? (or & ~andChannels[t]!) | (and & andChannels[t]!) : or;
      }
    }
  }
  return { rows: n * outH * outW, cols: map.cols, wordsPerRow: wpr, words };
}
