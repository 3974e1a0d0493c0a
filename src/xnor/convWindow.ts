import { convOutputLength, convPadBefore } from '../layers/convGeometry.js';
import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';

/**
 * A sliding window over an NHWC feature map (a convolution's kernel or a pooling window), as TF.js places it.
 * `kernelSize` is the window (kh, kw), `strides` the step (sh, sw).
 * @example
 * // a map layer's geometry: input shape, kernel or pool size, strides, padding
 * const w: Window2D = { inputShape: [28, 28, 1], kernelSize: [3, 3], strides: [1, 1], padding: 'same' };
 */
export interface Window2D {
  inputShape: [number, number, number];
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
}

/** Where a window lands: output size and the zero padding before the first row/column. */
export interface WindowPlacement {
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Output size and padding of a window, as TensorFlow defines them (`tf.nn.conv2d`, `tf.nn.max_pool`):
 * `valid`: out = ⌊(in − k)/s⌋ + 1, no padding; `same`: out = ⌈in/s⌉, total padding max((out − 1)·s + k − in, 0)
 * with ⌊total/2⌋ before the first row (column) and the rest after.
 * @throws RangeError when the window does not fit (`valid` with k > in).
 * @example windowPlacement({ inputShape: [28, 28, 1], kernelSize: [3, 3], strides: [1, 1], padding: 'same' }) // { outH: 28, outW: 28, padTop: 1, padLeft: 1 }
 */
export function windowPlacement(g: Window2D): WindowPlacement {
  const [H, W] = g.inputShape;
  const [kh, kw] = g.kernelSize;
  const [sh, sw] = g.strides;
  const outH = convOutputLength(H, kh, sh, g.padding);
  const outW = convOutputLength(W, kw, sw, g.padding);
  if (outH < 1 || outW < 1) throw new RangeError(`windowPlacement: a ${kh}×${kw} '${g.padding}' window does not fit a ${H}×${W} input`);
  return { outH, outW, padTop: convPadBefore(H, kh, sh, g.padding), padLeft: convPadBefore(W, kw, sw, g.padding) };
}

/** The inside taps of every position of a window (see `windowTaps`). */
export interface WindowTaps extends WindowPlacement {
  start: Int32Array;
  tap: Int32Array;
  pixel: Int32Array;
}

const tapCache = new WeakMap<Window2D, WindowTaps>();

/**
 * The taps of every window position that fall inside the input, in (dy, dx) order: for output position p
 * (row-major, outH·outW of them) the entries start[p] … start[p + 1] − 1 give the tap index dy·kw + dx and the
 * input pixel y·W + x. Taps in the padding are left out. Computed once per window (cached).
 * @example windowTaps({ inputShape: [2, 2, 1], kernelSize: [2, 2], strides: [1, 1], padding: 'valid' }) // start [0, 4]
 */
export function windowTaps(g: Window2D): WindowTaps {
  const cached = tapCache.get(g);
  if (cached) return cached;
  const [H, W] = g.inputShape;
  const [kh, kw] = g.kernelSize;
  const placement = windowPlacement(g);
  const { outH, outW, padTop, padLeft } = placement;
  const start = new Int32Array(outH * outW + 1);
  const tap: number[] = [];
  const pixel: number[] = [];
  for (let oy = 0, p = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++, p++) {
      for (let dy = 0; dy < kh; dy++) {
        const y = oy * g.strides[0] + dy - padTop;
        if (y < 0 || y >= H) continue;
        for (let dx = 0; dx < kw; dx++) {
          const x = ox * g.strides[1] + dx - padLeft;
          if (x < 0 || x >= W) continue;
          tap.push(dy * kw + dx);
          pixel.push(y * W + x);
        }
      }
      start[p + 1] = tap.length;
    }
  }
  const taps = { ...placement, start, tap: Int32Array.from(tap), pixel: Int32Array.from(pixel) };
  tapCache.set(g, taps);
  return taps;
}

/**
 * Patches of n-bit pixels (im2col): row (i, oy, ox) holds the kh·kw·C integers under the window in (dy, dx, c)
 * order, the order of a TF.js kernel [kh, kw, C, filters] flattened to rows; positions in the padding are 0,
 * which adds exactly 0 to u·w, as TF.js's zero padding does.
 * @example im2colBytes(bytes, n, { inputShape: [28, 28, 1], kernelSize: [3, 3], strides: [1, 1], padding: 'same' }) // n·784 rows of 9
 */
export function im2colBytes(bytes: Uint8Array, n: number, g: Window2D): Uint8Array {
  const [H, W, C] = g.inputShape;
  const [kh, kw] = g.kernelSize;
  const { outH, outW, start, tap, pixel } = windowTaps(g);
  const P = outH * outW;
  const K = kh * kw * C;
  const out = new Uint8Array(n * P * K);
  for (let i = 0, row = 0; i < n; i++) {
    for (let p = 0; p < P; p++, row++) {
      for (let e = start[p]!; e < start[p + 1]!; e++) {
        const src = (i * H * W + pixel[e]!) * C;
        const dst = row * K + tap[e]! * C;
        for (let c = 0; c < C; c++) out[dst + c] = bytes[src + c]!;
      }
    }
  }
  return out;
}

/**
 * ORs the first `nbits` bits of src[s0…] into dst starting at bit `at` (dst bits there must be 0); bits of the
 * last source word past nbits are masked. Whole words when `at` is a multiple of 32.
 */
export function appendBits(src: Uint32Array, s0: number, nbits: number, dst: Uint32Array, at: number): void {
  const words = signWords(nbits);
  for (let t = 0; t < words; t++) {
    const bits = t === words - 1 && nbits & 31 ? nbits & 31 : 32;
    const v = bits === 32 ? src[s0 + t]! : src[s0 + t]! & ((1 << bits) - 1);
    const w = at >>> 5;
    const off = at & 31;
    dst[w] = dst[w]! | (v << off);
    if (off && off + bits > 32) dst[w + 1] = dst[w + 1]! | (v >>> (32 - off));
    at += bits;
  }
}

/**
 * Patches of a packed ±1 feature map (im2col): `map` has one row per pixel (n·H·W rows of C signs, NHWC order);
 * the result has one row per output position, kh·kw·C signs in (dy, dx, c) order. Padding positions are bit 0
 * (−1): the caller adds back what they took (`padCorrection`), since TF.js pads a ±1 map with 0, not ±1.
 * @example im2colSigns(map, n, { inputShape: [14, 14, 32], kernelSize: [3, 3], strides: [1, 1], padding: 'same' }) // n·196 rows of 288
 */
export function im2colSigns(map: PackedSignMatrix, n: number, g: Window2D): PackedSignMatrix {
  const [H, W, C] = g.inputShape;
  const [kh, kw] = g.kernelSize;
  const { outH, outW, start, tap, pixel } = windowTaps(g);
  const P = outH * outW;
  const K = kh * kw * C;
  const wpr = signWords(K);
  const words = new Uint32Array(n * P * wpr);
  for (let i = 0, row = 0; i < n; i++) {
    for (let p = 0; p < P; p++, row++) {
      for (let e = start[p]!; e < start[p + 1]!; e++) {
        appendBits(map.words, (i * H * W + pixel[e]!) * map.wordsPerRow, C, words, row * wpr * 32 + tap[e]! * C);
      }
    }
  }
  return { rows: n * outH * outW, cols: K, wordsPerRow: wpr, words };
}

/**
 * Flattens a packed feature map (n·P rows of C signs) to n rows of P·C signs, in NHWC order: what a TF.js
 * `Flatten` does to a channels-last tensor.
 * @example flattenSigns(map, n, 49) // n rows of 49·64 signs
 */
export function flattenSigns(map: PackedSignMatrix, n: number, pixels: number): PackedSignMatrix {
  const C = map.cols;
  const cols = pixels * C;
  const wpr = signWords(cols);
  const words = new Uint32Array(n * wpr);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < pixels; p++) appendBits(map.words, (i * pixels + p) * map.wordsPerRow, C, words, i * wpr * 32 + p * C);
  }
  return { rows: n, cols, wordsPerRow: wpr, words };
}
