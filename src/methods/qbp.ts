import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/random/rng.js';

import { qbpRange, type QbpOptions } from './qbpRange.js';

export { qbpRange, type QbpOptions };

/**
 * Lin et al.'s quantization of a layer input for the weight gradient (Lin, Courbariaux, Memisevic, Bengio 2016,
 * "Neural networks with few multiplications", arXiv:1510.03009 §3; code `quantized_bprop`; methods.md §2.3):
 *
 *     k = clip(floor(log2|x|), expMin, expMax),  p = |x|/2^k − 1,  x_q = sign(x)·2^(k + [u < p])
 *
 * with u a uniform draw. For 2^expMin ≤ |x| ≤ 2^(expMax+1), p ∈ [0, 1) and E[x_q] = x (unbiased); below,
 * p < 0 and x_q = ±2^expMin; above, p ≥ 1 and x_q = ±2^(expMax+1). On that middle range it equals the simulator's
 * `pow2(min=expMin,max=expMax+1)` with `sr` for the same draw (tested). Zero stays zero; NaN gives 0.
 * @example qbpRound(0.3, 0.9) // 0.25 (k = −2, p = 0.2, u ≥ p)
 */
export function qbpRound(x: number, u: number, expMin = -4, expMax = 3): number {
  if (x === 0 || Number.isNaN(x)) return 0;
  const a = Math.abs(x);
  let k = a === Infinity ? expMax : Math.floor(Math.log2(a));
  // Math.log2 can be off by one next to powers of two: fix k so that 2^k ≤ a < 2^(k+1)
  if (2 ** k > a) k--;
  else if (2 ** (k + 1) <= a) k++;
  if (k < expMin) k = expMin;
  else if (k > expMax) k = expMax;
  const p = a / 2 ** k - 1; // exact for 2^k ≤ a < 2^(k+1) (Sterbenz); elsewhere only its sign matters
  const v = 2 ** (u < p ? k + 1 : k);
  return x < 0 ? -v : v;
}

/**
 * `qbpRound` of every element with one draw per element, in order, from `rng` (zeros draw too, so the stream
 * stays aligned with the simulator's `quantizeArray`). Returns a new Float32Array.
 * @throws TypeError for a bad `values` or `rng`; RangeError for a bad exponent range.
 * @example qbpRoundArray(new Float32Array([0.3, -5]), new Rng(1))
 */
export function qbpRoundArray(values: Float32Array, rng: Rng, options: QbpOptions = {}): Float32Array {
  if (!(values instanceof Float32Array)) throw new TypeError(`qbpRoundArray: values must be a Float32Array; got ${Object.prototype.toString.call(values)}`);
  if (!(rng instanceof Rng)) throw new TypeError('qbpRoundArray: rng must be an Rng (seeded generator)');
  const { expMin, expMax } = qbpRange('qbpRoundArray', options);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = qbpRound(values[i]!, rng.uniform(), expMin, expMax);
  return out;
}

/**
 * z = x·w whose backward pass is Lin et al.'s quantized back-propagation: dL/dx = δ·wᵀ (full precision) and
 * dL/dw = Q(x)ᵀ·δ, where Q rounds the layer input to powers of two (`quantizeInput`, e.g. `qbpRoundArray`) and
 * δ = dL/dz. With binary or ternary w, both propagations are sign changes and additions and the weight gradient's
 * products are shifts (methods.md §2.3). The forward pass is an ordinary float32 matMul.
 * @throws RangeError when x is not [batch, in] or w not [in, out].
 * @example qbpMatMul(x, wq, (v) => qbpRoundArray(v, rng))
 */
export function qbpMatMul(x: tf.Tensor, w: tf.Tensor, quantizeInput: (values: Float32Array) => Float32Array): tf.Tensor2D {
  if (x.rank !== 2 || w.rank !== 2 || x.shape[1] !== w.shape[0]) {
    throw new RangeError(`qbpMatMul: x must be [batch, in] and w [in, out]; got [${x.shape}] and [${w.shape}]`);
  }
  const op = tf.customGrad((...args: unknown[]) => {
    const [xi, wi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.matMul(xi, wi),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const d = dy as tf.Tensor2D;
        const xq = tf.tensor2d(quantizeInput(xs.dataSync() as Float32Array), xs.shape, 'float32');
        const dw = tf.matMul(xq, d, true, false);
        xq.dispose();
        return [tf.matMul(d, ws, false, true), dw];
      },
    };
  });
  return op(x, w) as tf.Tensor2D;
}
