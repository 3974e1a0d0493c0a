import * as tf from '@tensorflow/tfjs';

/** Independent oracles for the shift tests (no lowbit code inside). */

/** Oracle in float64: softmax(τ·m/std(m)) with the unbiased std (torch.Tensor.std). */
export function attentionOracle(m: ArrayLike<number>, tau: number): number[] {
  const v = Array.from(m);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  const z = v.map((x) => (tau * x) / std);
  const top = Math.max(...z);
  const e = z.map((x) => Math.exp(x - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Direct k×k convolution with the one-hot kernel W ⊙ onehot(taps), symmetric padding ⌊k/2⌋. */
export function oneHotConv(x: tf.Tensor4D, w: tf.Tensor4D, taps: number[][], strides: [number, number]): tf.Tensor4D {
  const [k, , cin, cout] = w.shape;
  const wv = w.dataSync();
  const kv = new Float32Array(wv.length);
  for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
    const t = taps[i]![taps[i]!.length === 1 ? 0 : o]!;
    const at = (t * cin + i) * cout + o; // [kh, kw, cin, cout] with kh·k + kw = t
    kv[at] = wv[at]!;
  }
  return tf.tidy(() => tf.conv2d(x, tf.tensor4d(kv, w.shape), strides, (k - 1) / 2));
}
