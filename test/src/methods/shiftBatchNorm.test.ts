import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { quantize } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';

const AP2 = (x: number) => quantize({ kind: 'pow2', min: -149, max: 127 }, x, { rounding: 'log' });
const B = 6;
const C = 3;
const EPS = 1e-5;

function data(seed: number): number[][] {
  const r = new Rng(seed);
  return Array.from({ length: B }, () => Array.from({ length: C }, (_, j) => Math.fround((r.uniform() - 0.3) * (j + 1) * 3)));
}

/**
 * Training-mode SBN in float64. `ste` replaces every AP2(v) by v + (AP2(v0) − v0) with v0 from `base`: the same
 * value at the base point and derivative 1, i.e. the function whose gradient the straight-through pass computes.
 */
function sbn(x: number[][], gamma: number[], beta: number[], base?: { c: number[][]; inv: number[] }): { y: number[][]; c: number[][]; inv: number[] } {
  const c = x.map((r) => r.slice());
  const inv: number[] = [];
  const y = x.map((r) => r.map(() => 0));
  for (let j = 0; j < C; j++) {
    const mu = x.reduce((s, r) => s + r[j]!, 0) / B;
    for (let i = 0; i < B; i++) c[i]![j] = x[i]![j]! - mu;
    const a = (v: number, v0: number | undefined) => (v0 === undefined ? AP2(v) : v + (AP2(v0) - v0));
    const variance = c.reduce((s, r, i) => s + r[j]! * a(r[j]!, base?.c[i]![j]), 0) / B;
    const r = 1 / Math.sqrt(variance + EPS);
    inv[j] = r;
    const k = a(r, base?.inv[j]);
    for (let i = 0; i < B; i++) y[i]![j] = AP2(gamma[j]!) * (c[i]![j]! * k) + beta[j]!;
  }
  return { y, c, inv };
}

function layer(): ShiftBatchNorm {
  const l = new ShiftBatchNorm({ momentum: 0.75 });
  l.build([null, C]);
  l.setWeights([tf.tensor1d([1.3, -0.6, 0.2]), tf.tensor1d([0.1, 0, -0.5]), tf.tensor1d([0, 0, 0]), tf.tensor1d([1, 1, 1])]);
  return l;
}

/** Frees a layer's variables (Layer.dispose refuses layers never called symbolically). */
const free = (l: tf.layers.Layer) => l.weights.forEach((w) => w.dispose());

describe('ShiftBatchNorm', () => {
  it('training forward: μ, σ² = mean(C·AP2(C)), x̂ = C·AP2(1/√(σ²+ε)), y = AP2(γ)·x̂ + β', () => {
    const x = data(1);
    const l = layer();
    const got = tf.tidy(() => (l.apply(tf.tensor2d(x), { training: true }) as tf.Tensor).arraySync() as number[][]);
    const want = sbn(x, [1.3, -0.6, 0.2], [0.1, 0, -0.5]).y;
    for (let i = 0; i < B; i++) for (let j = 0; j < C; j++) expect(got[i]![j]!).toBeCloseTo(want[i]![j]!, 5);
    free(l);
  });

  it('updates the moving averages with momentum and uses them, through three float32 ops, at inference', () => {
    const x = data(2);
    const l = layer();
    tf.tidy(() => { l.apply(tf.tensor2d(x), { training: true }); });
    const [, , mean, variance] = l.getWeights().map((w) => Array.from(w.dataSync()));
    const c = sbn(x, [1, 1, 1], [0, 0, 0]).c;
    for (let j = 0; j < C; j++) {
      const mu = x.reduce((s, r) => s + r[j]!, 0) / B;
      const v = c.reduce((s, r) => s + r[j]! * AP2(r[j]!), 0) / B;
      expect(mean![j]!).toBeCloseTo(0.25 * mu, 5);
      expect(variance![j]!).toBeCloseTo(0.75 + 0.25 * v, 5);
    }
    const got = tf.tidy(() => (l.apply(tf.tensor2d(x), { training: false }) as tf.Tensor).arraySync() as number[][]);
    const gamma = [1.3, -0.6, 0.2];
    const beta = [0.1, 0, -0.5];
    for (let j = 0; j < C; j++) {
      const inv = Math.fround(1 / Math.sqrt(Math.fround(variance![j]! + Math.fround(EPS))));
      const a = AP2(gamma[j]!) * AP2(inv);
      for (let i = 0; i < B; i++) {
        // sub, mul, add, each rounded to float32 (a is a power of two, so the product is exact)
        const want = Math.fround(Math.fround(Math.fround(x[i]![j]! - mean![j]!) * a) + Math.fround(beta[j]!));
        expect(got[i]![j]!).toBe(want);
      }
    }
    free(l);
  });

  it('backward is the straight-through gradient: finite differences of the AP2-frozen function', () => {
    const x = data(3);
    const wts = data(4);
    const l = layer();
    const gamma = [1.3, -0.6, 0.2];
    const beta = [0.1, 0, -0.5];
    const g = tf.tidy(() =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(l.apply(t, { training: true }) as tf.Tensor, tf.tensor2d(wts))))(tf.tensor2d(x)).arraySync() as number[][],
    );
    const base = sbn(x, gamma, beta);
    const f = (xx: number[][]) => sbn(xx, gamma, beta, base).y.reduce((s, r, i) => s + r.reduce((t, v, j) => t + v * wts[i]![j]!, 0), 0);
    const h = 1e-6;
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < C; j++) {
        const up = x.map((r) => r.slice());
        const dn = x.map((r) => r.slice());
        up[i]![j] += h;
        dn[i]![j] -= h;
        const fd = (f(up) - f(dn)) / (2 * h);
        expect(Math.abs(g[i]![j]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
    free(l);
  });

  it('throws on bad settings, serializes its config and leaks nothing', () => {
    expect(() => new ShiftBatchNorm({ momentum: 1 })).toThrow(/ShiftBatchNorm: momentum must be in \[0, 1\); got 1/);
    expect(() => new ShiftBatchNorm({ epsilon: 0 })).toThrow(/ShiftBatchNorm: epsilon must be > 0; got 0/);
    const l = layer();
    expect(l.getConfig()).toMatchObject({ momentum: 0.75, epsilon: 1e-5, activation: 'linear' });
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(data(5));
    tf.dispose([l.apply(x, { training: true }) as tf.Tensor, l.apply(x, { training: false }) as tf.Tensor, x]);
    expect(tf.memory().numTensors).toBe(before);
    free(l);
  });
});
