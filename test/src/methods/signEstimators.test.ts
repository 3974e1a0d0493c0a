import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { quantizeTensor } from '../../../src/quantizers/quantizeTensor.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import { resolveLayerRoles } from '../../../src/policy/compilePolicy.js';

const xs = [-2.5, -1.2, -1, -0.6, -0.1, 0, 0.05, 0.4, 0.99, 1, 1.7, 3];

/** d/dx of sum(c ⊙ sign(x)) through the method's activation role (binary format + its estimator). */
function signGrad(backward: string): { q: number[]; g: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const c = tf.tensor1d(xs.map((_, i) => 1 + i / 10));
    const f = (t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'binary', { backward }), c));
    return { q: Array.from(quantizeTensor(x, 'binary', { backward }).dataSync()), g: Array.from(tf.grad(f)(x).dataSync()) };
  });
}

/** SS_β(x) = 2σ(βx)[1 + βx(1 − σ(βx))] − 1 (BNN+ §6.1 of methods.md), in float64. */
function swishSign(x: number, beta: number): number {
  const s = 1 / (1 + Math.exp(-beta * x));
  return 2 * s * (1 + beta * x * (1 - s)) - 1;
}

describe('sign estimators of the binary methods', () => {
  it('BinaryNet: forward sign (sign(0) = +1), backward g·1{|x| ≤ 1}', () => {
    const backward = resolveLayerRoles(methodPolicy('binaryNet'), 'bn_1', 'BatchNorm').activation!.backward!;
    const { q, g } = signGrad(backward);
    expect(q).toEqual(xs.map((x) => (x >= 0 ? 1 : -1)));
    xs.forEach((x, i) => expect(g[i]).toBeCloseTo(Math.abs(x) <= 1 ? 1 + i / 10 : 0, 6));
  });

  it('BNN+: backward is dSS_β/dx = β(2 − βx·tanh(βx/2))/(1 + cosh βx), equal to finite differences of SS_β', () => {
    for (const beta of [5, 2]) {
      const backward = resolveLayerRoles(methodPolicy('bnnPlus', { beta }), 'bn_1', 'BatchNorm').activation!.backward!;
      const { q, g } = signGrad(backward);
      expect(q).toEqual(xs.map((x) => (x >= 0 ? 1 : -1)));
      const h = 1e-5;
      xs.forEach((x, i) => {
        const fd = (swishSign(x + h, beta) - swishSign(x - h, beta)) / (2 * h);
        const formula = (beta * (2 - beta * x * Math.tanh((beta * x) / 2))) / (1 + Math.cosh(beta * x));
        expect(formula).toBeCloseTo(fd, 5);
        expect(g[i]! / (1 + i / 10)).toBeCloseTo(formula, 4);
      });
      // peak β at 0, zero at |x| = 2.3994/β, slightly negative beyond (methods.md §6.1)
      expect(swishSign(1e-7, beta) / 1e-7).toBeCloseTo(beta, 4);
      const z = 2.3994 / beta;
      expect(Math.abs((swishSign(z + h, beta) - swishSign(z - h, beta)) / (2 * h))).toBeLessThan(1e-3);
    }
  });
});
