import * as tf from '@tensorflow/tfjs';
import type { EstimatorId, EstimatorSpec } from './estimatorSpec.js';

interface EstimatorImpl {
  /** dL/dx given dL/dq and the quantizer input x (tensor path). */
  grad(x: tf.Tensor, dy: tf.Tensor, beta: number): tf.Tensor;
  /** The pseudo-derivative dq/dx at one point (scalar reference). */
  derivative(x: number, beta: number): number;
  /** A function whose true derivative is `derivative` (for gradient checks and plots). */
  surrogate(x: number, beta: number): number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * The estimators, filled by one explicit list (STYLE §4).
 *
 * | id           | dL/dx                                         | surrogate q̃(x)                           | reference |
 * |--------------|-----------------------------------------------|-------------------------------------------|-----------|
 * | `identity`   | g                                             | x                                         | Bengio et al. 2013, STE |
 * | `clipped`    | g·1{|x| ≤ 1}                                  | Htanh(x) = clip(x, −1, 1)                  | BinaryNet (Courbariaux et al. 2016, arXiv:1602.02830) §4.1 of methods.md |
 * | `approxSign` | g·(2 − 2|x|)·1{|x| ≤ 1}                        | x² sign(x)… : 2x + x² (x<0), 2x − x² (x≥0), ±1 beyond | Bi-Real Net (Liu et al. 2018, arXiv:1808.00278); larq `approx_sign` |
 * | `swishSign`  | g·β(2 − βx·tanh(βx/2))/(1 + cosh(βx))          | SS_β(x) = 2σ(βx)[1 + βx(1 − σ(βx))] − 1    | BNN+ (Darabi et al. 2018, arXiv:1812.11800); larq `SwishSign`; methods.md §6.1 |
 */
const ESTIMATORS: Record<EstimatorId, EstimatorImpl> = {
  identity: {
    grad: (_x, dy) => dy.clone(),
    derivative: () => 1,
    surrogate: (x) => x,
  },
  clipped: {
    grad: (x, dy) => tf.tidy(() => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32'))),
    derivative: (x) => (Math.abs(x) <= 1 ? 1 : 0),
    surrogate: (x) => Math.min(1, Math.max(-1, x)),
  },
  approxSign: {
    grad: (x, dy) => tf.tidy(() => tf.mul(dy, tf.relu(tf.sub(2, tf.mul(2, tf.abs(x)))))),
    derivative: (x) => Math.max(0, 2 - 2 * Math.abs(x)),
    surrogate: (x) => (x <= -1 ? -1 : x >= 1 ? 1 : x < 0 ? 2 * x + x * x : 2 * x - x * x),
  },
  swishSign: {
    grad: (x, dy, beta) =>
      tf.tidy(() => {
        const bx = tf.mul(x, beta);
        const num = tf.sub(2, tf.mul(bx, tf.tanh(tf.mul(bx, 0.5))));
        const den = tf.add(1, tf.cosh(bx));
        // beyond |βx| ≈ 89 cosh overflows float32 to inf and the ratio is −0: the true value is below 1e-36
        return tf.mul(dy, tf.mul(beta, tf.div(num, den)));
      }),
    derivative: (x, beta) => (beta * (2 - beta * x * Math.tanh((beta * x) / 2))) / (1 + Math.cosh(beta * x)),
    surrogate: (x, beta) => {
      const s = sigmoid(beta * x);
      return 2 * s * (1 + beta * x * (1 - s)) - 1;
    },
  },
};

/**
 * The backward pass of a quantizer: dL/dx from dL/dq and the quantizer's input x (see the table on ESTIMATORS).
 * Returns a new tensor; the caller owns it.
 */
export function estimatorGrad(spec: EstimatorSpec, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return ESTIMATORS[spec.kind].grad(x, dy, spec.beta ?? 5);
}

/**
 * The pseudo-derivative dq/dx of an estimator at one point, and the surrogate function it is the derivative of.
 * @example estimatorDerivative(parseEstimator('approxSign'), 0.25) // 1.5
 */
export function estimatorDerivative(spec: EstimatorSpec, x: number): number {
  return ESTIMATORS[spec.kind].derivative(x, spec.beta ?? 5);
}

/**
 * The surrogate q̃ whose derivative the estimator uses (Htanh for `clipped`, SS_β for `swishSign`, …).
 * @example
 * estimatorSurrogate({ kind: 'clipped' }, 2) // 1: Htanh(2)
 */
export function estimatorSurrogate(spec: EstimatorSpec, x: number): number {
  return ESTIMATORS[spec.kind].surrogate(x, spec.beta ?? 5);
}
