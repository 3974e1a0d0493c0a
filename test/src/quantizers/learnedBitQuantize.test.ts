import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { learnedBitQuantize, bitBounds } from '../../../src/quantizers/learnedBitQuantize.js';
import { uniformQuantize, groupRange } from '../../../src/quantizers/uniformQuantize.js';
import { seeded } from '../backend/_compare.js';
import { qOracle, qnOracle } from './_learnedOracles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('uniformQuantize', () => {
  it('matches a float64 oracle for every bitlength 1..12, signed and unsigned', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.integer({ min: 0, max: 1e6 }), (b, signed, seed) => {
      const v = seeded(40, seed, signed ? -1.5 : 0, 1.5);
      const r = Math.fround(maxAbs(v));
      const q = tf.tidy(() => uniformQuantize(tf.tensor1d(v), tf.scalar(b), tf.scalar(r), signed).dataSync());
      v.forEach((x, i) => expect(q[i]).toBeCloseTo(qOracle(x, b, r, signed), 5));
    }), { numRuns: 80 });
  });

  it('gives zeros for a zero range', () => {
    const q = tf.tidy(() => Array.from(uniformQuantize(tf.zeros([3]), tf.scalar(4), tf.scalar(0), true).dataSync()));
    expect(q).toEqual([0, 0, 0]);
  });
});

describe('groupRange', () => {
  it('is max |x| per tensor or per last-axis channel', () => {
    const r = tf.tidy(() => [groupRange(tf.tensor2d([[1, -3], [2, 0.5]]), false).arraySync(), groupRange(tf.tensor2d([[1, -3], [2, 0.5]]), true).arraySync()]);
    expect(r).toEqual([3, [2, 3]]);
  });
});

describe('learnedBitQuantize', () => {
  it('forward: (1 − f)·Q_⌊n⌋ + f·Q_⌈n⌉ over the group range, per tensor and per channel', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 9, noNaN: true }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1e6 }),
      (n, signed, perChannel, seed) => {
        const v = seeded(4 * 3, seed, signed ? -1 : 0, 1);
        const ns = perChannel ? [n, Math.max(1, n - 2.5), Math.min(9, n + 1.25)] : [n];
        const q = tf.tidy(() => learnedBitQuantize(tf.tensor2d(v, [4, 3]), perChannel ? tf.tensor1d(ns) : tf.scalar(n), { signed }).dataSync());
        for (let c = 0; c < 3; c++) {
          const col = [0, 1, 2, 3].map((row) => v[row * 3 + c]!);
          const r = Math.fround(maxAbs(perChannel ? col : v));
          col.forEach((x, row) => expect(q[row * 3 + c]).toBeCloseTo(qnOracle(x, ns[perChannel ? c : 0]!, r, signed), 5));
        }
      }), { numRuns: 60 });
  });

  it('at an integer n it is exactly Q_n, and clips n to [minBits, maxBits]', () => {
    const x = tf.tensor1d(seeded(16, 3));
    const r = maxAbs(x.dataSync());
    const at = (n: number, o = {}) => tf.tidy(() => Array.from(learnedBitQuantize(x, tf.scalar(n), { signed: true, ...o }).dataSync(), (v) => v + 0));
    const q3 = tf.tidy(() => Array.from(uniformQuantize(x, tf.scalar(3), groupRange(x, false), true).dataSync(), (v) => v + 0));
    expect(at(3)).toEqual(q3);
    Array.from(x.dataSync()).forEach((v, i) => expect(q3[i]).toBeCloseTo(qOracle(v, 3, r, true), 6));
    expect(at(0.2, { minBits: 2 })).toEqual(at(2));
    expect(at(40, { maxBits: 6 })).toEqual(at(6));
    x.dispose();
  });

  it('∂L/∂n = Σ dy·(Q_⌈n⌉ − Q_⌊n⌋) and matches central differences; ∂L/∂x is straight-through', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.boolean(), fc.integer({ min: 0, max: 1e6 }),
      (lo, frac, signed, seed) => {
        const v = seeded(30, seed, signed ? -1 : 0, 1);
        const g = seeded(30, seed + 1);
        const n = lo + frac;
        const r = Math.fround(maxAbs(v));
        const [dx, dn] = tf.tidy(() => {
          const x = tf.tensor1d(v);
          const nt = tf.scalar(n);
          const gt = tf.tensor1d(g);
          const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(learnedBitQuantize(a, b, { signed }), gt)))([x, nt]);
          return [Array.from(grads[0]!.dataSync()), grads[1]!.dataSync()[0]!];
        });
        const loss = (m: number) => v.reduce((s, x, i) => s + g[i]! * qnOracle(x, m, r, signed), 0);
        const h = Math.min(frac, 1 - frac) / 2;
        const fd = (loss(n + h) - loss(n - h)) / (2 * h);
        const exact = v.reduce((s, x, i) => s + g[i]! * (qOracle(x, lo + 1, r, signed) - qOracle(x, lo, r, signed)), 0);
        expect(dn).toBeCloseTo(exact, 4);
        expect(dn).toBeCloseTo(fd, 4);
        expect(dx).toEqual(Array.from(Float32Array.from(g)));
      }), { numRuns: 40 });
  });

  it('quantizes over a given range: values beyond it land on the end of the grid', () => {
    const q = tf.tidy(() => Array.from(learnedBitQuantize(tf.tensor1d([0.2, 0.5, 3]), tf.scalar(2), { signed: false, range: tf.scalar(1.5) }).dataSync()));
    expect(q).toEqual([0, 0.5, 1.5]);
  });

  it('per-channel ∂L/∂n has one entry per channel', () => {
    const dn = tf.tidy(() => {
      const x = tf.tensor2d(seeded(12, 4), [4, 3]);
      return Array.from(tf.grad((b: tf.Tensor) => tf.sum(learnedBitQuantize(x, b, { signed: true })))(tf.tensor1d([2.5, 3.5, 4.5])).dataSync());
    });
    expect(dn).toHaveLength(3);
  });

  it('leaks no tensor, forward or backward', () => {
    const x = tf.tensor1d(seeded(10, 5));
    const n = tf.variable(tf.scalar(4.4));
    const before = tf.memory().numTensors;
    learnedBitQuantize(x, n, { signed: false }).dispose();
    const { value, grads } = tf.variableGrads(() => tf.sum(learnedBitQuantize(x, n, { signed: false })) as tf.Scalar, [n]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, n]);
  });

  it('rejects bad input', () => {
    const x = tf.zeros([2, 3]);
    const n = tf.zeros([2]);
    const s = tf.scalar(3);
    expect(() => learnedBitQuantize(x, n, { signed: true })).toThrow(
      new RangeError('learnedBitQuantize: n must be a scalar or have shape [3] (x\'s last axis); got [2]'));
    expect(() => learnedBitQuantize(x, s, { signed: true, minBits: 4, maxBits: 4 })).toThrow(
      new RangeError('learnedBitQuantize: minBits and maxBits must be integers with 1 ≤ minBits < maxBits ≤ 22; got 4 and 4'));
    expect(() => learnedBitQuantize(x, s, { signed: true, range: tf.zeros([3]) })).toThrow(
      new RangeError("learnedBitQuantize: range must have n's shape []; got [3]"));
    expect(() => bitBounds('f', { maxBits: 23 })).toThrow('f: minBits and maxBits must be integers with 1 ≤ minBits < maxBits ≤ 22; got 1 and 23');
    tf.dispose([x, n, s]);
  });
});
