import * as tf from '@tensorflow/tfjs';

/**
 * Guard added to the standard deviation before dividing (not in the official code): it only matters when all k²
 * logits of a kernel are equal, where the official code divides by zero.
 */
export const SAL_STD_EPSILON = 1e-8;

/**
 * The attention of a Shift Attention Layer (Boukli Hacene et al. 2019, arXiv:1905.12300; official code
 * `eghouti/SAL` `cifar10/sat.py`, methods.md §7.1):
 *
 * `A = softmax_{k²}(τ · M / std_{k²}(M))`
 *
 * over the last axis of M (the k² taps of each kernel). `std` is the unbiased (n − 1) standard deviation over that
 * axis, as `torch.Tensor.std` in the official code; M is not centred (softmax is shift-invariant, the division is
 * not). τ multiplies, so a growing τ sharpens A toward one-hot (the code calls it "temperature").
 *
 * @param m logits [..., k²] with k² ≥ 2.
 * @param tau τ > 0.
 * @returns A with m's shape; each row sums to 1. The caller owns it.
 * @throws RangeError when the last axis has fewer than 2 entries or τ is not a positive finite number.
 * @example salAttention(tf.tensor2d([[0.1, 0.5, 0.2, 0.9]]), 20)
 */
export function salAttention(m: tf.Tensor, tau: number): tf.Tensor {
  const taps = m.shape[m.rank - 1] ?? 0;
  if (m.rank < 1 || taps < 2) throw new RangeError(`salAttention: m's last axis (the k² taps) must have ≥ 2 entries; got shape [${m.shape.join(', ')}]`);
  if (!Number.isFinite(tau) || tau <= 0) throw new RangeError(`salAttention: tau must be a positive finite number; got ${tau}`);
  return tf.tidy(() => {
    const mean = tf.mean(m, -1, true);
    const variance = tf.div(tf.sum(tf.square(tf.sub(m, mean)), -1, true), taps - 1);
    const std = tf.add(tf.sqrt(variance), SAL_STD_EPSILON);
    return tf.softmax(tf.mul(tf.div(m, std), tau), -1);
  });
}

/**
 * The geometric τ schedule of the official SAL code (`main.py`): τ_t = τ_0 · r^t with
 * r = (τ_final / τ_0)^(1 / totalIters), advanced once per training iteration, so τ reaches τ_final after
 * `totalIters` iterations (and keeps growing if training goes on). CIFAR settings: τ_0 = 20, τ_final = 70,
 * totalIters = 300 · 391.
 * @throws RangeError on a non-positive τ or a step/totalIters that is not an integer of the right range.
 * @example salTau(20, 70, 100, 100) // 70
 */
export function salTau(tau0: number, tauFinal: number, totalIters: number, step: number): number {
  checkSchedule('salTau', tau0, tauFinal, totalIters);
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`salTau: step must be an integer ≥ 0; got ${step}`);
  return tau0 * Math.pow(tauFinal / tau0, step / totalIters);
}

/** Checks a τ schedule; `where` names the caller in the message. */
export function checkSchedule(where: string, tau0: number, tauFinal: number, totalIters: number): void {
  for (const [k, v] of [['tau0', tau0], ['tauFinal', tauFinal]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${where}: ${k} must be a positive finite number; got ${v}`);
  }
  if (!Number.isInteger(totalIters) || totalIters < 1) throw new RangeError(`${where}: totalIters must be an integer ≥ 1; got ${totalIters}`);
}
