import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { bnnPlusPenalty, BnnPlusRegularizer, type BnnPlusKind } from '../../../src/methods/bnnPlusRegularizer.js';
import { QDense } from '../../../src/layers/qDense.js';

// a 3×2 kernel away from the kinks (|w| ≠ 0, |w| ≠ α)
const W = [[0.5, -0.2], [-0.9, 0.35], [0.1, -1.3]];
const ALPHA_FILTER = [0.4, 0.6];

/** Σ R in float64 for per-filter α (last axis). */
function penalty(w: number[][], alpha: number[], kind: BnnPlusKind): number {
  let s = 0;
  w.forEach((row) => row.forEach((v, j) => (s += kind === 'R1' ? Math.abs(alpha[j]! - Math.abs(v)) : (alpha[j]! - Math.abs(v)) ** 2)));
  return s;
}

describe('bnnPlusPenalty', () => {
  it('sums R1 = |α − |w|| or R2 = (α − |w|)², α per layer or per filter', () => {
    expect(tf.tidy(() => bnnPlusPenalty(tf.tensor([0.5, -2]), tf.tensor([1]), 'R2').dataSync()[0])).toBeCloseTo(1.25, 6);
    expect(tf.tidy(() => bnnPlusPenalty(tf.tensor([0.5, -2]), tf.tensor([1]), 'R1').dataSync()[0])).toBeCloseTo(1.5, 6);
    for (const kind of ['R1', 'R2'] as const) {
      expect(tf.tidy(() => bnnPlusPenalty(tf.tensor2d(W), tf.tensor1d(ALPHA_FILTER), kind).dataSync()[0])).toBeCloseTo(penalty(W, ALPHA_FILTER, kind), 5);
    }
  });

  it('gradients in w and α follow the table and agree with finite differences', () => {
    const h = 1e-4;
    for (const kind of ['R1', 'R2'] as const) {
      const [gw, ga] = tf.tidy(() => tf.grads((w: tf.Tensor, a: tf.Tensor) => bnnPlusPenalty(w, a, kind))([tf.tensor2d(W), tf.tensor1d(ALPHA_FILTER)]).map((t) => t.arraySync())) as [number[][], number[]];
      W.forEach((row, i) =>
        row.forEach((v, j) => {
          const d = ALPHA_FILTER[j]! - Math.abs(v);
          const want = kind === 'R1' ? -Math.sign(d) * Math.sign(v) : -2 * d * Math.sign(v);
          expect(gw[i]![j]!).toBeCloseTo(want, 5);
          const up = W.map((r) => r.slice());
          const dn = W.map((r) => r.slice());
          up[i]![j] = v + h;
          dn[i]![j] = v - h;
          expect(gw[i]![j]!).toBeCloseTo((penalty(up, ALPHA_FILTER, kind) - penalty(dn, ALPHA_FILTER, kind)) / (2 * h), 3);
        }),
      );
      ALPHA_FILTER.forEach((a, j) => {
        const want = W.reduce((s, row) => s + (kind === 'R1' ? Math.sign(a - Math.abs(row[j]!)) : 2 * (a - Math.abs(row[j]!))), 0);
        expect(ga[j]!).toBeCloseTo(want, 5);
        const up = ALPHA_FILTER.slice();
        const dn = ALPHA_FILTER.slice();
        up[j] = a + h;
        dn[j] = a - h;
        expect(ga[j]!).toBeCloseTo((penalty(W, up, kind) - penalty(W, dn, kind)) / (2 * h), 3);
      });
    }
  });

  it('throws on a bad kind or α shape', () => {
    const w = tf.zeros([3, 2]);
    expect(() => bnnPlusPenalty(w, tf.zeros([1]), 'R3' as BnnPlusKind)).toThrow(/bnnPlusPenalty: kind must be 'R1' or 'R2'; got "R3"/);
    expect(() => bnnPlusPenalty(w, tf.zeros([3]), 'R1')).toThrow(/bnnPlusPenalty: alpha must have shape \[1\] or \[2\] \(the kernel's last axis\); got \[3\]/);
    tf.disposeVariables();
    w.dispose();
  });
});

describe('BnnPlusRegularizer', () => {
  function model(): tf.Sequential {
    const bin = { weight: { format: 'binary' } };
    return tf.sequential({
      layers: [
        new QDense({ name: 'bp_d1', units: 2, inputShape: [3], precision: bin, seed: 1 }),
        new QDense({ name: 'bp_out', units: 2, seed: 2 }), // float weights: not regularized by default
      ],
    });
  }

  it('creates α = mean|W| per layer or per filter for binary-weight layers; penalty = λ·ΣR; gradient reaches α', () => {
    const m = model();
    m.layers[0]!.setWeights([tf.tensor2d(W), tf.zeros([2])]);
    const perFilter = new BnnPlusRegularizer(m, { kind: 'R2', lambda: 0.5, alpha: 'filter' });
    expect(perFilter.layerNames).toEqual(['bp_d1']);
    const meanAbs = [0, 1].map((j) => W.reduce((s, r) => s + Math.abs(r[j]!), 0) / 3);
    perFilter.alphas().bp_d1!.forEach((a, j) => expect(a).toBeCloseTo(meanAbs[j]!, 6));
    expect(tf.tidy(() => perFilter.penalty().dataSync()[0]!)).toBeCloseTo(0.5 * penalty(W, meanAbs, 'R2'), 5);
    const perLayer = new BnnPlusRegularizer(m, { kind: 'R1', lambda: 1 });
    expect(perLayer.alphas().bp_d1![0]).toBeCloseTo(W.flat().reduce((s, v) => s + Math.abs(v), 0) / 6, 6);
    const [b] = perFilter.bindings();
    expect(b!.clip).toBe(false);
    const { grads } = tf.variableGrads(() => perFilter.penalty(), [b!.variable.read() as tf.Variable]);
    const g = Array.from(grads[b!.name]!.dataSync());
    // dR2/dα at α = mean|w| is 2Σ(α − |w|) = 0 per filter
    g.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
    tf.dispose(grads);
    perFilter.dispose();
    perLayer.dispose();
    m.dispose();
  });

  it('throws on bad options and leaks nothing', () => {
    const m = model();
    expect(() => new BnnPlusRegularizer(m, { kind: 'L1' as BnnPlusKind, lambda: 1 })).toThrow(/BnnPlusRegularizer: kind must be 'R1' or 'R2'; got "L1"/);
    expect(() => new BnnPlusRegularizer(m, { kind: 'R1', lambda: -1 })).toThrow(/BnnPlusRegularizer: lambda must be a finite number ≥ 0; got -1/);
    expect(() => new BnnPlusRegularizer(m, { kind: 'R1', lambda: 1, alpha: 'unit' as 'layer' })).toThrow(/BnnPlusRegularizer: alpha must be 'layer' or 'filter'; got "unit"/);
    const before = tf.memory().numTensors;
    const r = new BnnPlusRegularizer(m, { kind: 'R1', lambda: 1, layers: (n) => n !== 'bp_d1' });
    expect(r.layerNames).toEqual(['bp_out']);
    r.penalty().dispose();
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
