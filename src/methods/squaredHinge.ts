import * as tf from '@tensorflow/tfjs';

/**
 * The squared hinge loss (L2-SVM) of BinaryConnect, BinaryNet and Lin et al. (methods.md §2.4, §3.2):
 * L = mean over the batch and the classes of max(0, 1 − t·y)², with targets t = 2·onehot − 1 ∈ {−1, +1}
 * (BinaryConnect code: `T.mean(T.sqr(T.maximum(0., 1. - target*output)))`).
 * Its gradient is dL/dy = −2·t·max(0, 1 − t·y)/(B·C), computed by tfjs' autodiff of these ops.
 * @throws RangeError when the shapes differ or are not [batch, classes].
 * @example squaredHinge(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, -2]])) // mean(0.25, 0) = 0.125
 */
export function squaredHinge(onehot: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (!(onehot instanceof tf.Tensor) || !(logits instanceof tf.Tensor)) {
    throw new TypeError('squaredHinge: onehot and logits must be tf.Tensors');
  }
  if (onehot.rank !== 2 || !tf.util.arraysEqual(onehot.shape, logits.shape)) {
    throw new RangeError(`squaredHinge: onehot and logits must both have shape [batch, classes]; got [${onehot.shape}] and [${logits.shape}]`);
  }
  return tf.tidy(() => {
    const t = tf.sub(tf.mul(onehot, 2), 1);
    const margin = tf.relu(tf.sub(1, tf.mul(t, logits)));
    return tf.mean(tf.square(margin)) as tf.Scalar;
  });
}
