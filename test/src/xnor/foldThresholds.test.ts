import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { checkThresholds, foldThresholds, type ChannelProbe } from '../../../src/xnor/foldThresholds.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { Rng } from '../../../simulators/random/rng.js';

const C = 40;
const K = 77;

/** A probe through a TF.js layer at inference (its binary activation role gives ±1). */
function layerProbe(layer: tf.layers.Layer): ChannelProbe {
  return (s, rows) => tf.tidy(() => (layer.apply(tf.tensor2d(s, [rows, C]), { training: false }) as tf.Tensor).dataSync() as Float32Array).slice();
}

/** Random BN parameters with negative, zero and tiny γ, β putting the crossing anywhere (also outside [−K, K]). */
function bnWeights(seed: number): tf.Tensor[] {
  const r = new Rng(seed);
  const g = Float32Array.from({ length: C }, (_, j) => (j === 0 ? 0 : j === 1 ? -1e-30 : (r.uniform() - 0.4) * 3));
  const b = Float32Array.from({ length: C }, (_, j) => (j === 2 ? 5 : (r.uniform() - 0.5) * 4));
  const m = Float32Array.from({ length: C }, (_, j) => (j === 3 ? 1000 : (r.uniform() - 0.5) * 2 * K));
  const v = Float32Array.from({ length: C }, () => r.uniform() * K * 4 + 1e-3);
  return [g, b, m, v].map((a) => tf.tensor1d(a));
}

describe('foldThresholds', () => {
  it('finds the crossing of increasing, decreasing and constant probes', () => {
    const probe: ChannelProbe = (s) => Float32Array.from(s, (v, j) => {
      const c = j % 4;
      return (c === 0 ? v >= 3 : c === 1 ? v < -5 : c === 2) ? 1 : -1;
    });
    const f = foldThresholds(probe, 4, -10, 10);
    expect(Array.from(f.thresholds)).toEqual([3, 1 - -5, -10, 11]);
    expect(Array.from(f.flip)).toEqual([0, 1, 0, 0]);
    expect(checkThresholds(probe, f, -10, 10)).toBe(0);
  });

  for (const [name, make] of [
    ['BatchNorm', () => new BatchNorm({ precision: { activation: { format: 'binary', backward: 'clipped' } } })],
    ['ShiftBatchNorm', () => new ShiftBatchNorm({ precision: { activation: { format: 'binary', backward: 'clipped' } } })],
  ] as const) {
    it(`reproduces ${name} + sign exactly at every integer s in [−K, K]`, () => {
      for (const seed of [1, 2, 3]) {
        const layer = make();
        layer.build([null, C]);
        layer.setWeights(bnWeights(seed));
        const probe = layerProbe(layer);
        const f = foldThresholds(probe, C, -K, K);
        expect(checkThresholds(probe, f, -K, K)).toBe(0);
        expect(f.flip[0]).toBe(0); // γ = 0: constant, so no flip
        expect(f.flip.some((x) => x === 1)).toBe(true);
        layer.weights.forEach((w) => w.dispose());
      }
    });
  }

  it('throws on bad bounds or a probe that is not ±1', () => {
    const p: ChannelProbe = (s) => s.map(() => 1);
    expect(() => foldThresholds(p, 1, 5, 4)).toThrow(/foldThresholds: lo and hi must be integers in \[−2\^24, 2\^24\] with lo ≤ hi; got 5, 4/);
    expect(() => foldThresholds(p, 0, 0, 4)).toThrow(/foldThresholds: channels must be an integer ≥ 1; got 0/);
    expect(() => foldThresholds((s) => s.map(() => 0.5), 1, 0, 4)).toThrow(/foldThresholds: the probe must return ±1; got 0.5 for channel 0 at s = 0/);
  });
});
