import * as tf from '@tensorflow/tfjs';

/**
 * A spatial offset `[dy, dx]`: output pixel (h, w) reads input pixel (h + dy, w + dx).
 * @example
 * shift2d(x, [[0, 0], [-1, 0], [0, 1]] satisfies ShiftOffset[])
 */
export type ShiftOffset = readonly [number, number];

/**
 * Shifts every channel of an NHWC tensor by its own spatial offset, filling with zeros:
 * `y[n, h, w, c] = x[n, h + dy_c, w + dx_c, c]`, and 0 where `(h + dy_c, w + dx_c)` falls outside the image.
 *
 * This is the "shift" of a shift layer (Wu et al. 2018, arXiv:1711.08141; Boukli Hacene et al. 2019,
 * arXiv:1905.12300 §7 of methods.md). It equals a depthwise 'same' convolution whose k×k kernel for channel c is
 * one-hot at tap (r + dy_c, r + dx_c), r = ⌊k/2⌋ (tfjs convolutions are cross-correlations), but costs no
 * multiplication: it is computed as one zero pad plus one slice per run of consecutive channels with the same
 * offset, then a concat. Pad, slice and concat have gradients on every backend (cpu, wasm), and the gradient
 * with respect to `x` is the reverse shift of `dy` (with zeros where the forward pass filled zeros).
 *
 * Not modelled: strides (apply them in the 1×1 convolution that follows), non-integer offsets, wrap-around.
 *
 * @param x NHWC tensor of rank 4.
 * @param offsets one integer offset per channel (length C).
 * @returns a new tensor of x's shape; the caller owns it.
 * @throws TypeError when x is not rank 4; RangeError when offsets has the wrong length or a non-integer entry.
 * @example shift2d(x, [[0, 1], [-1, 0]]) // channel 0 reads its right neighbour, channel 1 the pixel above
 */
export function shift2d(x: tf.Tensor, offsets: readonly ShiftOffset[]): tf.Tensor4D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new TypeError(`shift2d: x must be a rank-4 NHWC tensor; got ${x instanceof tf.Tensor ? `rank ${x.rank}` : typeof x}`);
  }
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (!Array.isArray(offsets) || offsets.length !== c) {
    throw new RangeError(`shift2d: offsets must have one [dy, dx] per channel (${c}); got ${Array.isArray(offsets) ? offsets.length : typeof offsets}`);
  }
  offsets.forEach((o, i) => {
    if (!Array.isArray(o) || o.length !== 2 || !o.every((v) => Number.isInteger(v))) {
      throw new RangeError(`shift2d: offsets[${i}] must be two integers [dy, dx]; got ${JSON.stringify(o)}`);
    }
  });
  return tf.tidy(() => {
    const r = offsets.reduce((m, [dy, dx]) => Math.max(m, Math.abs(dy), Math.abs(dx)), 0);
    if (r === 0) return x.clone() as tf.Tensor4D;
    // Offsets beyond the image read only padding; clamping them to the image size keeps the pad small.
    const ry = Math.min(r, h);
    const rx = Math.min(r, w);
    const padded = tf.pad(x, [[0, 0], [ry, ry], [rx, rx], [0, 0]]);
    const pieces: tf.Tensor[] = [];
    for (const [start, len, [dy, dx]] of runs(offsets)) {
      const oy = Math.max(-ry, Math.min(ry, dy));
      const ox = Math.max(-rx, Math.min(rx, dx));
      pieces.push(tf.slice(padded, [0, ry + oy, rx + ox, start], [n, h, w, len]));
    }
    return (pieces.length === 1 ? pieces[0]! : tf.concat(pieces, 3)) as tf.Tensor4D;
  });
}

/** Maximal runs of consecutive channels sharing one offset: [first channel, length, offset]. */
function runs(offsets: readonly ShiftOffset[]): Array<[number, number, ShiftOffset]> {
  const out: Array<[number, number, ShiftOffset]> = [];
  offsets.forEach((o, i) => {
    const last = out[out.length - 1];
    if (last && last[2][0] === o[0] && last[2][1] === o[1]) last[1]++;
    else out.push([i, 1, o]);
  });
  return out;
}

/**
 * The offset of tap `index` (row-major) of a k×k kernel, relative to its centre: `[⌊index/k⌋ − r, index mod k − r]`
 * with r = ⌊k/2⌋. A 'same' convolution with a kernel one-hot at that tap is `shift2d` by this offset.
 * @throws RangeError when k is not an odd integer ≥ 1 or index is outside [0, k²).
 * @example tapOffset(3, 5) // [0, 1]
 */
export function tapOffset(k: number, index: number): ShiftOffset {
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new RangeError(`tapOffset: k must be an odd integer ≥ 1; got ${k}`);
  if (!Number.isInteger(index) || index < 0 || index >= k * k) {
    throw new RangeError(`tapOffset: index must be an integer in [0, ${k * k}); got ${index}`);
  }
  const r = (k - 1) / 2;
  return [Math.floor(index / k) - r, (index % k) - r];
}
