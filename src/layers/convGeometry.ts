/**
 * The geometry of a 2-D sliding window (a convolution's kernel or a pooling window), written once for the layers,
 * the accumulator path, the profiler, the XNOR engine and the memory estimate.
 *
 * | padding   | output length                              | padding before (top/left)                               |
 * |-----------|--------------------------------------------|---------------------------------------------------------|
 * | `valid`   | ⌊(n − k_eff)/s⌋ + 1                         | 0                                                       |
 * | `same`    | ⌈n/s⌉                                       | ⌊max((out − 1)·s + k_eff − n, 0)/2⌋ (the rest after)     |
 * | p (number)| ⌊(n + 2p − k_eff)/s⌋ + 1                    | p (and p after: PyTorch's `padding=p`)                  |
 *
 * with k_eff = (k − 1)·d + 1 for dilation d. `same` and `valid` are TensorFlow's (`tf.nn.conv2d`,
 * `tf.nn.max_pool`, Keras `conv_utils.conv_output_length`); a number is symmetric explicit padding.
 * @example convOutputLength(28, 3, 2, 'same') // 14
 */
export type ConvPadding = 'same' | 'valid' | number;

/** Output length of one spatial axis (may be < 1 when the window does not fit; callers check). */
export function convOutputLength(n: number, k: number, s: number, padding: ConvPadding, dilation = 1): number {
  const kEff = (k - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(n / s);
  const p = padding === 'valid' ? 0 : padding;
  return Math.floor((n + 2 * p - kEff) / s) + 1;
}

/** Zero padding before the first row (column) of one axis. */
export function convPadBefore(n: number, k: number, s: number, padding: ConvPadding, dilation = 1): number {
  if (padding === 'valid') return 0;
  if (typeof padding === 'number') return padding;
  const out = convOutputLength(n, k, s, padding, dilation);
  return Math.floor(Math.max((out - 1) * s + (k - 1) * dilation + 1 - n, 0) / 2);
}

/** Output length of an axis whose size may be unknown (null stays null): for `computeOutputShape`. */
export function convOutputLengthOrNull(n: number | null | undefined, k: number, s: number, padding: ConvPadding): number | null {
  return n == null ? null : convOutputLength(n, k, s, padding);
}

/** Geometry of a 2-D convolution (NHWC input, [kh, kw, c, f] kernel). */
export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  oh: number;
  ow: number;
  padTop: number;
  padLeft: number;
}

/**
 * The geometry of a convolution of an NHWC input `shape` by a kernel [kh, kw, …].
 * @throws RangeError when the window leaves no output.
 * @example convGeometry([1, 28, 28, 1], [3, 3, 1, 8], [1, 1], 'same').padTop // 1
 */
export function convGeometry(shape: readonly number[], kernel: readonly number[], strides: readonly [number, number], padding: ConvPadding): ConvGeometry {
  const [n, h, w, c] = shape as [number, number, number, number];
  const [kh, kw] = kernel as [number, number];
  const [sh, sw] = strides;
  const oh = convOutputLength(h, kh, sh, padding);
  const ow = convOutputLength(w, kw, sw, padding);
  if (oh < 1 || ow < 1) throw new RangeError(`convGeometry: a ${kh}×${kw} window with padding ${JSON.stringify(padding)} does not fit a ${h}×${w} input`);
  return { n, h, w, c, kh, kw, sh, sw, oh, ow, padTop: convPadBefore(h, kh, sh, padding), padLeft: convPadBefore(w, kw, sw, padding) };
}
