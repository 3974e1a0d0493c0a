import * as tf from '@tensorflow/tfjs';

/**
 * Uniform b-bit quantizer Q_b over a range [−R, R] (signed) or [0, R] (unsigned), with b an integer tensor that
 * broadcasts against x (a scalar, or one value per channel on x's last axis). Plain forward computation: no custom
 * gradient (`learnedBitQuantize` wraps it).
 *
 * | signed | b     | levels                          | step Δ              | q                                  |
 * |--------|-------|---------------------------------|---------------------|------------------------------------|
 * | yes    | ≥ 2   | 2^b − 1 symmetric: −L…L, L = 2^(b−1) − 1 | R / L      | Δ·clip(round(x/Δ), −L, L)            |
 * | yes    | 1     | 2: {−R, +R}                      | —                   | R·sign(x) (x = 0 gives 0)          |
 * | no     | ≥ 1   | 2^b: 0…L, L = 2^b − 1             | R / L               | Δ·clip(round(x/Δ), 0, L)            |
 *
 * `round` is tfjs' round half to even. R = 0 gives q = 0. The symmetric signed grid drops the most negative
 * two's-complement code so that 0 and ±R are representable (the usual choice for weights).
 * Not modelled: zero points (asymmetric ranges), stochastic rounding, clipping below max |x|.
 *
 * @param x values; @param bits integer bitlengths (float32 tensor broadcastable to x); @param range R ≥ 0
 * (broadcastable to x); @param signed grid kind.
 * @returns a new tensor; the caller owns it.
 * @example uniformQuantize(tf.tensor([0.3, -1]), tf.scalar(2), tf.scalar(1), true) // [0, -1]
 */
export function uniformQuantize(x: tf.Tensor, bits: tf.Tensor, range: tf.Tensor, signed: boolean): tf.Tensor {
  return tf.tidy(() => {
    const safeR = tf.maximum(range, 1e-30);
    const nonzero = tf.cast(tf.greater(range, 0), 'float32');
    const levels = signed ? tf.maximum(tf.sub(tf.pow(2, tf.sub(bits, 1)), 1), 1) : tf.sub(tf.pow(2, bits), 1);
    const step = tf.div(safeR, levels);
    const idx = tf.minimum(tf.maximum(tf.round(tf.div(x, step)), signed ? tf.neg(levels) : 0), levels);
    let q = tf.mul(idx, step);
    if (signed) q = tf.where(tf.broadcastTo(tf.greaterEqual(bits, 2), x.shape), q, tf.mul(tf.sign(x), safeR));
    return tf.mul(q, nonzero);
  });
}

/**
 * The range R of each quantization group: max |x| over the whole tensor (`perChannel` false, a scalar) or over all
 * axes but the last (`perChannel` true, shape [C]). Treated as a constant by the gradients (like a running range).
 * @example groupRange(tf.tensor2d([[1, -3], [2, 0.5]]), true) // [2, 3]
 */
export function groupRange(x: tf.Tensor, perChannel: boolean): tf.Tensor {
  return tf.tidy(() => {
    const a = tf.abs(x);
    if (!perChannel) return tf.max(a);
    return tf.max(a, Array.from({ length: x.rank - 1 }, (_, i) => i));
  });
}
