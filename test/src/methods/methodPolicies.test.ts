import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { methodPolicy, METHOD_IDS, type MethodId } from '../../../src/methods/methodPolicies.js';
import { validatePolicy, resolveLayerRoles } from '../../../src/policy/compilePolicy.js';
import { QDense } from '../../../src/layers/qDense.js';

/** Runs a QDense's `weight` role n times on the same real weights (training mode) and returns the draws. */
function draws(method: MethodId, opts: object, w: number[], n: number, seed = 1): Float32Array[] {
  const roles = resolveLayerRoles(methodPolicy(method, opts), 'dense_1', 'QDense');
  const layer = new QDense({ name: 'dense_1', units: w.length, inputShape: [1], precision: roles, seed });
  layer.build([null, 1]);
  const kernel = tf.tensor2d(w, [1, w.length]);
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const q = layer.quant.param('weight', kernel, true);
    out.push(q.dataSync() as Float32Array);
    q.dispose();
  }
  kernel.dispose();
  layer.weights.forEach((v) => v.dispose());
  return out;
}

describe('methodPolicy', () => {
  it('gives valid policies with the table roles', () => {
    for (const m of METHOD_IDS) expect(() => validatePolicy(methodPolicy(m))).not.toThrow();
    expect(resolveLayerRoles(methodPolicy('binaryNet'), 'bn_2', 'BatchNorm').activation).toEqual({ format: 'binary', rounding: 'rne', backward: 'clipped' });
    expect(resolveLayerRoles(methodPolicy('binaryNet'), 'output', 'QDense').weight).toEqual({ format: 'binary', rounding: 'rne', backward: 'identity' });
    expect(resolveLayerRoles(methodPolicy('bnnPlus', { beta: 10 }), 'conv_bn_1', 'BatchNorm').activation?.backward).toBe('swishSign(beta=10)');
    const qnn = resolveLayerRoles(methodPolicy('qnn'), 'bn_1', 'BatchNorm');
    expect(qnn.activation?.format).toBe('fixed(w=2,f=1)');
    expect(qnn.gradient).toEqual({ format: 'dfixed(w=6,f=0)', rounding: 'sr' });
    expect(resolveLayerRoles(methodPolicy('binaryConnect'), 'bn_1', 'BatchNorm').activation).toBeUndefined();
  });

  it('stochastic binary connect: P(+1) = (w+1)/2 over seeded draws, E[w_b] = w, reproducible by seed', () => {
    const w = [-0.8, -0.3, 0, 0.45, 0.9, 1];
    const N = 4000;
    const d = draws('binaryConnect', { stochastic: true }, w, N);
    w.forEach((wi, j) => {
      const p = (wi + 1) / 2;
      const plus = d.filter((q) => q[j] === 1).length / N;
      expect(d.every((q) => q[j] === 1 || q[j] === -1)).toBe(true);
      expect(Math.abs(plus - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N) + 1e-12);
    });
    const again = draws('binaryConnect', { stochastic: true }, w, 5);
    expect(again.map((q) => Array.from(q))).toEqual(d.slice(0, 5).map((q) => Array.from(q)));
    const other = draws('binaryConnect', { stochastic: true }, w, 5, 2);
    expect(other.map((q) => Array.from(q))).not.toEqual(d.slice(0, 5).map((q) => Array.from(q)));
    // deterministic: the sign, sign(0) = +1
    expect(Array.from(draws('binaryConnect', {}, w, 1)[0]!)).toEqual([-1, -1, 1, 1, 1, 1]);
  });

  it('stochastic ternary connect (Lin et al.): P(nonzero) = |w|, sign kept, E[w_t] = w', () => {
    const w = [-0.8, -0.3, 0, 0.45, 0.9];
    const N = 4000;
    const d = draws('lin2015', { ternary: true }, w, N);
    w.forEach((wi, j) => {
      const p = Math.abs(wi);
      const nz = d.filter((q) => q[j] !== 0).length / N;
      expect(d.every((q) => q[j] === 0 || q[j] === Math.sign(wi))).toBe(true);
      expect(Math.abs(nz - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N) + 1e-12);
    });
  });

  it('throws on an unknown method or bad bits', () => {
    expect(() => methodPolicy('xnorNet' as MethodId)).toThrow(/methodPolicy: method must be one of binaryConnect, lin2015, binaryNet, qnn, bnnPlus; got "xnorNet"/);
    expect(() => methodPolicy('qnn', { activationBits: 0 })).toThrow(/methodPolicy: activationBits must be an integer in 1..24; got 0/);
  });
});
