import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { squaredHinge } from '../../../src/methods/squaredHinge.js';

const onehot = [[1, 0, 0], [0, 0, 1]];
const logits = [[0.5, -2, 0.3], [1.5, 0.2, 2]];

/** Reference in float64: mean over B·C of max(0, 1 − t·y)², t = 2·onehot − 1. */
function ref(y: number[][]): number {
  let s = 0;
  y.forEach((row, i) => row.forEach((v, j) => (s += Math.max(0, 1 - (2 * onehot[i]![j]! - 1) * v) ** 2)));
  return s / 6;
}

describe('squaredHinge', () => {
  it('matches mean(max(0, 1 − t·y)²)', () => {
    const v = tf.tidy(() => squaredHinge(tf.tensor2d(onehot), tf.tensor2d(logits)).dataSync()[0]!);
    // hand: row 0: (0.5)², (1−2 → 0)… t=−1,y=−2: 1−2=−1 → 0; t=−1,y=.3: 1.3² — row 1: 2.5², 1.2², 0
    expect(v).toBeCloseTo((0.25 + 0 + 1.69 + 6.25 + 1.44 + 0) / 6, 6);
    expect(v).toBeCloseTo(ref(logits), 6);
  });

  it('gradient is −2·t·max(0, 1 − t·y)/(B·C) and agrees with finite differences', () => {
    const g = tf.tidy(() => tf.grad((y: tf.Tensor) => squaredHinge(tf.tensor2d(onehot), y))(tf.tensor2d(logits)).arraySync() as number[][]);
    const h = 1e-4;
    logits.forEach((row, i) =>
      row.forEach((v, j) => {
        const t = 2 * onehot[i]![j]! - 1;
        expect(g[i]![j]!).toBeCloseTo((-2 * t * Math.max(0, 1 - t * v)) / 6, 5);
        const up = logits.map((r) => r.slice());
        const dn = logits.map((r) => r.slice());
        up[i]![j] = v + h;
        dn[i]![j] = v - h;
        expect(g[i]![j]!).toBeCloseTo((ref(up) - ref(dn)) / (2 * h), 4);
      }),
    );
  });

  it('throws on bad shapes and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 2]);
    expect(() => squaredHinge(a, b)).toThrow(/squaredHinge: onehot and logits must both have shape \[batch, classes\]; got \[2,3\] and \[3,2\]/);
    expect(() => squaredHinge([1] as unknown as tf.Tensor, b)).toThrow(/squaredHinge: onehot and logits must be tf.Tensors/);
    squaredHinge(a, a).dispose();
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
