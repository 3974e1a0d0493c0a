import { signWords, type PackedSignMatrix } from '../../simulators/xnor/packSigns.js';

/**
 * A sliding window over an NHWC feature map (a convolution's kernel or a pooling window), as TF.js places it.
 * `kernelSize` is the window (kh, kw), `strides` the step (sh, sw).
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
  const out = (n: number, k: number, s: number) => (g.padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
  const pad = (n: number, o: number, k: number, s: number) => (g.padding === 'same' ? Math.floor(Math.max((o - 1) * s + k - n, 0) / 2) : 0);
  const outH = out(H, kh, sh);
  const outW = out(W, kw, sw);
  if (outH < 1 || outW < 1) throw new RangeError(`windowPlacement: a ${kh}×${kw} '${g.padding}' window does not fit a ${H}×${W} input`);
  return { outH, outW, padTop: pad(H, outH, kh, sh), padLeft: pad(W, outW, kw, sw) };
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
  const { outH, outW, padTop, padLeft } = windowPlacement(g);
  const K = kh * kw * C;
  const out = new Uint8Array(n * outH * outW * K);
  let row = 0;
  for (let i = 0; i < n; i++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, row++) {
        for (let dy = 0; dy < kh; dy++) {
          const y = oy * g.strides[0] + dy - padTop;
          if (y < 0 || y >= H) continue;
          for (let dx = 0; dx < kw; dx++) {
            const x = ox * g.strides[1] + dx - padLeft;
            if (x < 0 || x >= W) continue;
            const src = ((i * H + y) * W + x) * C;
            const dst = row * K + (dy * kw + dx) * C;
            for (let c = 0; c < C; c++) out[dst + c] = bytes[src + c]!;
          }
        }
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
  const { outH, outW, padTop, padLeft } = windowPlacement(g);
  const K = kh * kw * C;
  const wpr = signWords(K);
  const words = new Uint32Array(n * outH * outW * wpr);
  let row = 0;
  for (let i = 0; i < n; i++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, row++) {
        for (let dy = 0; dy < kh; dy++) {
          const y = oy * g.strides[0] + dy - padTop;
          if (y < 0 || y >= H) continue;
          for (let dx = 0; dx < kw; dx++) {
            const x = ox * g.strides[1] + dx - padLeft;
            if (x < 0 || x >= W) continue;
            appendBits(map.words, ((i * H + y) * W + x) * map.wordsPerRow, C, words, row * wpr * 32 + (dy * kw + dx) * C);
          }
        }
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
