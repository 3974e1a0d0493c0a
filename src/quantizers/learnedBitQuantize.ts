import * as tf from '@tensorflow/tfjs';
import { groupRange, uniformQuantize } from './uniformQuantize.js';
import { MAX_LEARNED_BITS } from '../policy/learnedFormat.js';

/**
 * Options of `learnedBitQuantize`.
 * @example
 * learnedBitQuantize(x, tf.scalar(5.5), { signed: true, minBits: 2, maxBits: 16 })
 */
export interface LearnedBitOptions {
  /** Symmetric signed grid (weights) or unsigned [0, R] grid (post-ReLU activations, pixels). */
  signed: boolean;
  /** The bitlength is clipped to [minBits, maxBits] in the forward pass (defaults 1 and 16; maxBits ≤ 22). */
  minBits?: number;
  maxBits?: number;
  /**
   * The range R of each group (shape [] or [C], like n); default max |x| of the group in this call. Values beyond
   * R land on the end of the grid; the gradient to x stays straight-through.
   */
  range?: tf.Tensor;
}


/** Checks minBits/maxBits and returns them with defaults. */
export function bitBounds(where: string, o: { minBits?: number; maxBits?: number }): [number, number] {
  const lo = o.minBits ?? 1;
  const hi = o.maxBits ?? 16;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi > MAX_LEARNED_BITS || hi <= lo) {
    throw new RangeError(`${where}: minBits and maxBits must be integers with 1 ≤ minBits < maxBits ≤ ${MAX_LEARNED_BITS}; got ${lo} and ${hi}`);
  }
  return [lo, hi];
}

/**
 * The BitPruning quantizer with a trainable real bitlength n (Nikolić et al. 2020, "BitPruning: Learning Bitlengths
 * for Aggressive and Accurate Quantization", arXiv:2002.03090; reconstruction of methods.md §8.2, also FracBits,
 * Yang & Jin, AAAI 2021):
 *
 * `Q_n(x) = (1 − f)·Q_lo(x) + f·Q_hi(x)`, n_c = clip(n, minBits, maxBits), lo = min(⌊n_c⌋, maxBits − 1),
 * hi = lo + 1, f = n_c − lo ∈ [0, 1];
 * `∂L/∂x = ∂L/∂Q` (straight-through), `∂L/∂n = Σ_group ∂L/∂Q · (Q_hi(x) − Q_lo(x))`.
 *
 * For non-integer n this is exactly Q_⌊n⌋ / Q_⌈n⌉ interpolation with ∂Q/∂n = Q_⌈n⌉ − Q_⌊n⌋. At an integer n,
 * lo = n and f = 0, so Q_n = Q_n exactly and n keeps a (right-sided) gradient; with ⌈n⌉ = ⌊n⌋ it would be stuck at 0.
 * Outside [minBits, maxBits] the gradient passes straight through the clip; `LearnedQuantizer.project` clips the
 * variables after each step.
 *
 * Q_b is `uniformQuantize` over R = max |x| of each group (`groupRange`): the whole tensor when n is a scalar,
 * each channel of the last axis when n has shape [C]; or over `options.range` (e.g. a running range for
 * activations at inference). R gets no gradient.
 *
 * @param x the tensor to quantize; @param n bitlength, shape [] or [C] with C = x's last dimension.
 * @returns a new tensor; the caller owns it.
 * @throws RangeError on a shape mismatch or bad bit bounds.
 * @example learnedBitQuantize(w, bank.get('dense1/weight'), { signed: true })
 */
export function learnedBitQuantize(x: tf.Tensor, n: tf.Tensor, options: LearnedBitOptions): tf.Tensor {
  const [minBits, maxBits] = bitBounds('learnedBitQuantize', options);
  const channels = x.shape[x.rank - 1];
  const perChannel = n.rank === 1;
  if (!(n.rank === 0 || (perChannel && n.shape[0] === channels && x.rank >= 1))) {
    throw new RangeError(`learnedBitQuantize: n must be a scalar or have shape [${channels}] (x's last axis); got [${n.shape.join(', ')}]`);
  }
  const signed = options.signed;
  const given = options.range;
  if (given && given.shape.join() !== n.shape.join()) {
    throw new RangeError(`learnedBitQuantize: range must have n's shape [${n.shape.join(', ')}]; got [${given.shape.join(', ')}]`);
  }
  const op = tf.customGrad((...args: unknown[]) => {
    const [xin, nin, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const diff = tf.tidy(() => {
      const nc = tf.clipByValue(nin, minBits, maxBits);
      const lo = tf.minimum(tf.floor(nc), maxBits - 1);
      const range = given ?? groupRange(xin, perChannel);
      const qLo = uniformQuantize(xin, lo, range, signed);
      const qHi = uniformQuantize(xin, tf.add(lo, 1), range, signed);
      return [qLo, tf.sub(qHi, qLo), tf.sub(nc, lo)] as const;
    });
    const value = tf.tidy(() => tf.add(diff[0], tf.mul(diff[2], diff[1])));
    save([diff[1]]);
    tf.dispose([diff[0], diff[2]]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor;
        const dn = tf.tidy(() => {
          const prod = tf.mul(g, saved[0]!);
          return perChannel ? tf.sum(prod, Array.from({ length: prod.rank - 1 }, (_, i) => i)) : tf.sum(prod);
        });
        return [g.clone(), dn];
      },
    };
  });
  return op(x, n);
}
