import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { estimatorDerivative, estimatorSurrogate } from '../../../src/quantizers/estimators.js';
import { ESTIMATOR_IDS, estimatorToString, parseEstimator } from '../../../src/quantizers/estimatorSpec.js';
import { quantizeTensor } from '../../../src/quantizers/quantizeTensor.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// points away from the kinks of the surrogates (|x| = 1)
const XS = [-3, -1.7, -0.9, -0.55, -0.2, -0.03, 0.01, 0.15, 0.4, 0.8, 0.97, 1.3, 2.5];
const SPECS = ['identity', 'clipped', 'approxSign', 'swishSign', 'swishSign(beta=2)', 'swishSign(beta=10)'];

describe('straight-through estimators: gradient check', () => {
  for (const text of SPECS) {
    it(`${text}: tensor backward = formula = numerical derivative of its surrogate`, () => {
      const spec = parseEstimator(text);
      const x = tf.tensor1d(XS);
      const c = tf.tensor1d(XS.map((_, i) => 0.5 + 0.25 * i)); // upstream gradient dL/dq
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'int8', { backward: spec }), c)))(x);
      const got = Array.from(g.dataSync());
      const h = 1e-6;
      XS.forEach((xi, i) => {
        const ci = 0.5 + 0.25 * i;
        const formula = estimatorDerivative(spec, Math.fround(xi));
        const numeric = (estimatorSurrogate(spec, xi + h) - estimatorSurrogate(spec, xi - h)) / (2 * h);
        expect(Math.abs(formula - numeric), `${text} at ${xi}: formula ${formula} vs numeric ${numeric}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
        expect(Math.abs(got[i]! - ci * formula), `${text} at ${xi}: tensor ${got[i]} vs ${ci * formula}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(ci * formula)));
      });
      tf.dispose([x, c, g]);
    });
  }

  it('known values: clipped cancels beyond 1, approxSign peaks at 2, swishSign peaks at β and changes sign at 2.3994/β', () => {
    expect(estimatorDerivative(parseEstimator('clipped'), 1)).toBe(1);
    expect(estimatorDerivative(parseEstimator('clipped'), 1.0001)).toBe(0);
    expect(estimatorDerivative(parseEstimator('approxSign'), 0)).toBe(2);
    expect(estimatorDerivative(parseEstimator('approxSign'), 0.75)).toBe(0.5);
    expect(estimatorDerivative(parseEstimator('swishSign'), 0)).toBe(5);
    expect(estimatorDerivative(parseEstimator('swishSign'), 2.3994 / 5 - 1e-4)).toBeGreaterThan(0);
    expect(estimatorDerivative(parseEstimator('swishSign'), 2.3994 / 5 + 1e-4)).toBeLessThan(0);
  });

  it('swishSign backward stays finite where cosh overflows float32', () => {
    const x = tf.tensor1d([-100, 100]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(quantizeTensor(t, 'int8', { backward: 'swishSign' })))(x);
    expect(Array.from(g.dataSync()).every((v) => Number.isFinite(v) && Math.abs(v) < 1e-30)).toBe(true);
    tf.dispose([x, g]);
  });
});

describe('parseEstimator', () => {
  it('reads ids, swishSign(beta=B) and objects, and writes them back', () => {
    expect(ESTIMATOR_IDS).toEqual(['identity', 'clipped', 'approxSign', 'swishSign']);
    expect(parseEstimator('swishSign')).toEqual({ kind: 'swishSign', beta: 5 });
    expect(parseEstimator(' swishSign( beta = 2.5 ) ')).toEqual({ kind: 'swishSign', beta: 2.5 });
    expect(parseEstimator({ kind: 'clipped' })).toEqual({ kind: 'clipped' });
    for (const t of SPECS) expect(parseEstimator(estimatorToString(parseEstimator(t)))).toEqual(parseEstimator(t));
  });
  it('rejects bad input with messages naming the value', () => {
    expect(() => parseEstimator('ste')).toThrow('estimator: unknown estimator "ste"; known: identity, clipped, approxSign, swishSign');
    expect(() => parseEstimator('clipped(beta=2)')).toThrow('only swishSign takes beta');
    expect(() => parseEstimator('swishSign(beta=-1)')).toThrow('beta must be a finite number > 0; got "swishSign(beta=-1)"');
    expect(() => parseEstimator('swishSign(gamma=1)')).toThrow(/cannot parse/);
    expect(() => parseEstimator({ kind: 'identity', x: 1 } as never, 'w.backward')).toThrow("w.backward: unknown key 'x'");
    expect(() => parseEstimator(3 as never)).toThrow('must be a string or {kind, beta}; got 3');
  });
});
