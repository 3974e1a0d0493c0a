import * as tf from '@tensorflow/tfjs';
import { shift2d, tapOffset } from './shift2d.js';

/**
 * The forward pass of a rounded Shift Attention Layer as shifts + 1×1 convolutions, without any k×k product
 * (Boukli Hacene et al. 2019, arXiv:1905.12300; methods.md §7.1 "one shift per kernel plus a 1×1 conv").
 *
 * - Shared (`taps[i].length === 1`): one shift per input channel, then one 1×1 convolution with
 *   `W₁[i, o] = W[tap_i, i, o]`: a genuine shift layer.
 * - Unshared (`taps[i].length === C_out`): pair (o, i) has its own tap. For each tap t that occurs, the whole input is
 *   shifted by t's offset and multiplied by the 1×1 kernel `W[t] ⊙ 1[tap_{i,o} = t]`; the results add up. Every
 *   (o, i, pixel) still costs one MAC (the masked-out products are zeros the hardware would not compute).
 *
 * The result equals `conv2d(x, W ⊙ onehot(taps), strides, pad ⌊k/2⌋)` up to float32 summation order.
 *
 * @param x NHWC input; @param w the full k×k kernel [k, k, C_in, C_out] (only the chosen taps are read);
 * @param taps tap index (row-major in [0, k²)) per [input channel][output channel or 1].
 * @returns a new tensor; the caller owns it.
 * @throws RangeError when the shapes of w and taps disagree or a tap is out of range.
 * @example roundedSalForward(x, w, [[4, 5], [0, 8]], [1, 1])
 */
export function roundedSalForward(
  x: tf.Tensor4D, w: tf.Tensor4D, taps: readonly (readonly number[])[], strides: [number, number],
  conv1x1: (x: tf.Tensor4D, w: tf.Tensor4D, strides: [number, number]) => tf.Tensor4D = (xs, w1, s) => tf.conv2d(xs, w1, s, 'valid'),
): tf.Tensor4D {
  const [k, k2, cin, cout] = w.shape;
  const heads = taps[0]?.length ?? 0;
  if (k !== k2 || taps.length !== cin || (heads !== 1 && heads !== cout) || taps.some((row) => row.length !== heads)) {
    throw new RangeError(`roundedSalForward: taps must be [${cin}][1 or ${cout}] for a kernel of shape [${w.shape.join(', ')}]; got [${taps.length}][${heads}]`);
  }
  const flat = taps.flat();
  if (!flat.every((t) => Number.isInteger(t) && t >= 0 && t < k * k)) {
    throw new RangeError(`roundedSalForward: every tap must be an integer in [0, ${k * k}); got ${JSON.stringify(flat.find((t) => !(Number.isInteger(t) && t >= 0 && t < k * k)))}`);
  }
  return tf.tidy(() => {
    const wTaps = tf.reshape(w, [k * k, cin, cout]);
    const used = [...new Set(flat)].sort((a, b) => a - b);
    const masked = (t: number): tf.Tensor => {
      const mask = tf.tensor2d(taps.map((row) => row.map((v) => (v === t ? 1 : 0))), [cin, heads]);
      return tf.mul(tf.squeeze(tf.slice(wTaps, [t, 0, 0], [1, cin, cout]), [0]), mask);
    };
    if (heads === 1) {
      const w1 = used.map(masked).reduce((a, b) => tf.add(a, b));
      const shifted = shift2d(x, taps.map((row) => tapOffset(k, row[0]!)));
      return conv1x1(shifted, tf.reshape(w1, [1, 1, cin, cout]) as tf.Tensor4D, strides);
    }
    const parts = used.map((t) => {
      const shifted = shift2d(x, Array.from({ length: cin }, () => tapOffset(k, t)));
      return conv1x1(shifted, tf.reshape(masked(t), [1, 1, cin, cout]) as tf.Tensor4D, strides);
    });
    return (parts.length === 1 ? parts[0]! : tf.addN(parts)) as tf.Tensor4D;
  });
}
