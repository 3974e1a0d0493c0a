import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { salAttention, salTau } from '../../../src/shift/salAttention.js';
import { seeded } from '../backend/_compare.js';
import { attentionOracle } from './_oracles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});


describe('salAttention', () => {
  it('matches a float64 oracle row by row', () => {
    const m = seeded(6 * 9, 3, 0, 1);
    for (const tau of [0.15, 1, 20, 70]) {
      const t = tf.tensor2d(m, [6, 9]);
      const a = salAttention(t, tau);
      const got = a.dataSync();
      for (let row = 0; row < 6; row++) {
        const want = attentionOracle(m.subarray(row * 9, row * 9 + 9), tau);
        want.forEach((w, i) => expect(got[row * 9 + i]).toBeCloseTo(w, 5));
      }
      tf.dispose([t, a]);
    }
  });

  it('sharpens toward one-hot as τ grows', () => {
    const t = tf.tensor2d(seeded(4 * 9, 5, 0, 1), [4, 9]);
    const peak = (tau: number) => tf.tidy(() => tf.min(tf.max(salAttention(t, tau), -1)).dataSync()[0]!);
    expect(peak(1)).toBeLessThan(peak(20));
    expect(peak(20)).toBeLessThan(peak(200));
    expect(peak(5000)).toBeGreaterThan(0.99);
    t.dispose();
  });

  it('leaks no tensor', () => {
    const t = tf.tensor2d(seeded(18, 1, 0, 1), [2, 9]);
    const before = tf.memory().numTensors;
    salAttention(t, 3).dispose();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('rejects bad input', () => {
    const one = tf.zeros([3, 1]);
    const two = tf.zeros([3, 2]);
    expect(() => salAttention(one, 1)).toThrow(new RangeError("salAttention: m's last axis (the k² taps) must have ≥ 2 entries; got shape [3, 1]"));
    expect(() => salAttention(two, 0)).toThrow(new RangeError('salAttention: tau must be a positive finite number; got 0'));
    tf.dispose([one, two]);
  });
});

describe('salTau', () => {
  it('grows geometrically from τ_0 to τ_final over totalIters', () => {
    expect(salTau(20, 70, 100, 0)).toBe(20);
    expect(salTau(20, 70, 100, 100)).toBeCloseTo(70, 10);
    const r = Math.pow(70 / 20, 1 / 100);
    expect(salTau(20, 70, 100, 37)).toBeCloseTo(20 * r ** 37, 10);
  });

  it('rejects bad input', () => {
    expect(() => salTau(0, 70, 10, 0)).toThrow(new RangeError('salTau: tau0 must be a positive finite number; got 0'));
    expect(() => salTau(20, NaN, 10, 0)).toThrow(new RangeError('salTau: tauFinal must be a positive finite number; got NaN'));
    expect(() => salTau(20, 70, 0, 0)).toThrow(new RangeError('salTau: totalIters must be an integer ≥ 1; got 0'));
    expect(() => salTau(20, 70, 10, -1)).toThrow(new RangeError('salTau: step must be an integer ≥ 0; got -1'));
  });
});
