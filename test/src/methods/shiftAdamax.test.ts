import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ShiftAdamax } from '../../../src/methods/shiftAdamax.js';
import type { ParamBinding } from '../../../src/optimizers/paramBinding.js';
import { quantize } from '../../../simulators/quantize.js';

/** AP2 oracle: the simulator's pow2 format with log rounding (independent of src/methods/ap2.ts). */
const AP2 = (x: number) => quantize({ kind: 'pow2', min: -149, max: 127 }, x, { rounding: 'log' });

function binding(values: number[], clip: boolean): ParamBinding {
  const variable = new tf.LayerVariable(tf.tensor1d(values), 'float32', 'shift_adamax_w', true);
  return { name: (variable.read() as tf.Variable).name, variable, clip };
}

describe('ShiftAdamax', () => {
  it('follows m ← β1m + (1−β1)g, v ← max(β2v, |g|), W ← W − AP2(α/(1−β1^t))·m/(AP2(v)+ε) step by step', () => {
    // Arrange
    const w0 = [0.3, -0.2, 0.05, 0.9];
    const grads = [[0.1, -0.03, 0, 2], [-0.05, 0.01, 0.002, 1], [0.2, 0.2, -0.001, -3]];
    const b = binding(w0, true);
    const opt = new ShiftAdamax({ lr: 0.01, clip: 1 });
    const [b1, b2, eps] = [1 - 2 ** -3, 1 - 2 ** -10, 2 ** -27];
    const m = [0, 0, 0, 0];
    const v = [0, 0, 0, 0];
    const w = w0.map(Math.fround);
    grads.forEach((g, t) => {
      // Act
      const gt = tf.tensor1d(g);
      opt.step([b], { [b.name]: gt });
      gt.dispose();
      // Assert against the formula (float32 storage of m, v and W, as the optimizer keeps them)
      const step = AP2(0.01 / (1 - b1 ** (t + 1)));
      for (let i = 0; i < 4; i++) {
        const gi = Math.fround(g[i]!);
        m[i] = Math.fround(b1 * m[i]! + (1 - b1) * gi);
        v[i] = Math.fround(Math.max(b2 * v[i]!, Math.abs(gi)));
        w[i] = Math.fround(Math.min(1, Math.max(-1, w[i]! - (step * m[i]!) / (AP2(v[i]!) + eps))));
      }
      expect(Array.from(b.variable.read().dataSync())).toEqual(w);
    });
    expect(opt.steps).toBe(3);
    b.variable.dispose();
  });

  it('takes power-of-two steps: with |g| a power of two on the first step, the update is exactly AP2(α/(1−β1))·(1−β1)', () => {
    const b = binding([0, 0], false);
    const opt = new ShiftAdamax({ lr: 2 ** -10 });
    const g = tf.tensor1d([0.25, -4]);
    opt.step([b], { [b.name]: g });
    const step = AP2(2 ** -10 / 2 ** -3) * 2 ** -3; // m = 2^-3·g, m/AP2(|g|) = ±2^-3
    const got = Array.from(b.variable.read().dataSync());
    expect(got[0]).toBeCloseTo(-step, 12);
    expect(got[1]).toBeCloseTo(step, 12);
    tf.dispose([g]);
    b.variable.dispose();
  });

  it('throws on bad hyper-parameters', () => {
    expect(() => new ShiftAdamax({ beta1: 1 })).toThrow(/shiftAdamax: beta1 must be in \[0, 1\); got 1/);
    expect(() => new ShiftAdamax({ beta2: -0.1 })).toThrow(/shiftAdamax: beta2 must be in \[0, 1\); got -0.1/);
    expect(() => new ShiftAdamax({ epsilon: 0 })).toThrow(/shiftAdamax: epsilon must be > 0; got 0/);
    expect(() => new ShiftAdamax({ lr: -1 })).toThrow(/shiftAdamax: lr must be a finite number > 0; got -1/);
  });
});
