import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { qbpMatMul, qbpRound, qbpRoundArray } from '../../../src/methods/qbp.js';
import { QbpDense } from '../../../src/methods/qbpDense.js';
import { deriveSeed } from '../../../src/quantizers/deriveSeed.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';

const free = (l: tf.layers.Layer) => l.weights.forEach((w) => w.dispose());

describe('qbpRound (Lin et al. quantized back-propagation)', () => {
  it('rounds the exponent: k = clip(floor(log2|x|), −4, 3), up with probability |x|/2^k − 1', () => {
    expect(qbpRound(0.3, 0.9)).toBe(0.25); // k = −2, p = 0.2
    expect(qbpRound(0.3, 0.1)).toBe(0.5);
    expect(qbpRound(-3, 0.49)).toBe(-4); // k = 1, p = 0.5
    expect(qbpRound(-3, 0.5)).toBe(-2);
    expect(qbpRound(1, 0)).toBe(1); // p = 0: exact powers of two stay
    expect(qbpRound(0.001, 0)).toBe(2 ** -4); // below: k clipped to −4, p < 0
    expect(qbpRound(100, 0.999)).toBe(16); // above: k clipped to 3, p ≥ 1
    expect(qbpRound(0, 0)).toBe(0);
    expect(qbpRound(NaN, 0)).toBe(0);
    expect(qbpRound(5, 0.99, -1, 1)).toBe(4);
  });

  it('equals the simulator pow2(min=-4,max=4) with sr for the same draws on [2^-4, 2^4]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 2 ** -4, max: 16, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.boolean(), fc.nat(), (xs, neg, seed) => {
        const v = Float32Array.from(xs, (x) => (neg ? -x : x));
        const got = qbpRoundArray(v, new Rng(seed));
        const want = quantizeArray({ kind: 'pow2', min: -4, max: 4 }, v, { rounding: 'sr', rng: new Rng(seed) });
        expect(Array.from(got)).toEqual(Array.from(want));
      }),
      { numRuns: 300 },
    );
  });

  it('is unbiased on the exponent range: mean of N seeded draws within 4σ of x', () => {
    const N = 20000;
    for (const x of [0.07, 0.3, -1.7, 5.5, 15.9]) {
      const out = qbpRoundArray(new Float32Array(N).fill(x), new Rng(7));
      const k = Math.floor(Math.log2(Math.abs(x)));
      const p = Math.abs(x) / 2 ** k - 1;
      const sd = 2 ** k * Math.sqrt(p * (1 - p) / N);
      const mean = out.reduce((s, v) => s + v, 0) / N;
      expect(Math.abs(mean - Math.fround(x))).toBeLessThan(4 * sd + 1e-9);
    }
  });

  it('checks its arguments', () => {
    expect(() => qbpRoundArray([1] as unknown as Float32Array, new Rng(1))).toThrow(/qbpRoundArray: values must be a Float32Array; got \[object Array\]/);
    expect(() => qbpRoundArray(new Float32Array(1), {} as Rng)).toThrow(/qbpRoundArray: rng must be an Rng/);
    expect(() => qbpRoundArray(new Float32Array(1), new Rng(1), { expMin: 2, expMax: 1 })).toThrow(/qbpRoundArray: expMin and expMax must be integers in \[−126, 126\] with expMin ≤ expMax; got 2, 1/);
  });
});

describe('qbpMatMul', () => {
  it('forward x·w; backward dx = δ·wᵀ, dw = Q(x)ᵀ·δ', () => {
    const before = tf.memory().numTensors;
    const xv = [[0.3, -1.2, 5], [0.01, 2, -0.7]];
    const wv = [[1, -1], [-1, -1], [1, 1]];
    const dv = [[0.5, -2], [1, 0.25]];
    const x = tf.tensor2d(xv);
    const w = tf.tensor2d(wv);
    const d = tf.tensor2d(dv);
    const q = (v: Float32Array) => qbpRoundArray(v, new Rng(11));
    const z = qbpMatMul(x, w, q);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(qbpMatMul(a, b, q), d)))([x, w]);
    const xq = qbpRoundArray(Float32Array.from(xv.flat()), new Rng(11));
    const zWant = tf.matMul(x, w);
    expect(Array.from(z.dataSync())).toEqual(Array.from(zWant.dataSync()));
    const gxv = gx!.arraySync() as number[][];
    for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) expect(gxv[i]![k]!).toBeCloseTo(dv[i]![0]! * wv[k]![0]! + dv[i]![1]! * wv[k]![1]!, 5);
    const gwv = gw!.arraySync() as number[][];
    for (let k = 0; k < 3; k++) for (let j = 0; j < 2; j++) expect(gwv[k]![j]!).toBeCloseTo(xq[k]! * dv[0]![j]! + xq[3 + k]! * dv[1]![j]!, 5);
    tf.dispose([x, w, d, z, gx!, gw!, zWant]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => qbpMatMul(tf.zeros([2]), tf.zeros([2, 2]), q)).toThrow(/qbpMatMul: x must be \[batch, in\] and w \[in, out\]; got \[2\] and \[2,2\]/);
  });
});

describe('QbpDense', () => {
  it('weight gradient uses the seeded power-of-two input; inference is a plain dense layer', () => {
    const l = new QbpDense({ name: 'qd', units: 2, seed: 5, useBias: false, qbp: { expMin: -4, expMax: 3 } });
    l.build([null, 3]);
    const xv = [0.3, -1.2, 5, 0.01, 2, -0.7];
    const x = tf.tensor2d(xv, [2, 3]);
    const kernel = l.weights[0]!.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.sum(l.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, [kernel]);
    const xq = qbpRoundArray(Float32Array.from(xv), new Rng(deriveSeed(5, 'qd', 'qbp')));
    const g = grads[kernel.name]!.arraySync() as number[][];
    for (let k = 0; k < 3; k++) for (let j = 0; j < 2; j++) expect(g[k]![j]!).toBeCloseTo(xq[k]! + xq[3 + k]!, 5);
    const inf = tf.tidy(() => Array.from((l.apply(x, { training: false }) as tf.Tensor).dataSync()));
    const want = tf.tidy(() => Array.from(tf.matMul(x, kernel).dataSync()));
    expect(inf).toEqual(want);
    expect(l.getConfig()).toMatchObject({ units: 2, qbp: { expMin: -4, expMax: 3 } });
    tf.dispose([x, grads[kernel.name]!]);
    free(l);
    expect(() => new QbpDense({ units: 2, qbp: { expMin: 0.5 } })).toThrow(/QbpDense: qbp: expMin and expMax must be integers/);
  });
});
