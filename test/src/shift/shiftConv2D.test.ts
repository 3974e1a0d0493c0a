import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ShiftConv2D, defaultShiftTaps } from '../../../src/shift/shiftConv2D.js';
import { registerLayers } from '../../../src/layers/registerLayers.js';
import { seeded, relError } from '../backend/_compare.js';
import { oneHotConv } from './_oracles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerLayers();
});

describe('defaultShiftTaps', () => {
  it('gives contiguous, nearly equal blocks over the k² taps', () => {
    expect(defaultShiftTaps(3, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(defaultShiftTaps(3, 18)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
    expect(defaultShiftTaps(3, 4)).toEqual([0, 2, 4, 6]);
  });

  it('rejects bad input', () => {
    expect(() => defaultShiftTaps(3, 0)).toThrow(new RangeError('defaultShiftTaps: channels must be an integer ≥ 1; got 0'));
    expect(() => defaultShiftTaps(2, 4)).toThrow(new RangeError('tapOffset: k must be an odd integer ≥ 1; got 2'));
  });
});

describe('ShiftConv2D', () => {
  for (const stride of [1, 2]) {
    it(`equals a direct conv whose kernels are one-hot per input channel (stride ${stride})`, () => {
      const model = tf.sequential();
      model.add(new ShiftConv2D({ filters: 5, strides: stride, inputShape: [6, 7, 9], seed: 3 }));
      const layer = model.layers[0] as ShiftConv2D;
      const [w1] = layer.getWeights();
      const bias = tf.tensor1d(seeded(5, 1));
      layer.setWeights([w1!, bias]);
      // the k×k kernel with the 1×1 weight placed at each input channel's tap
      const taps = defaultShiftTaps(3, 9);
      const full = tf.tidy(() => {
        const vals = w1!.dataSync();
        const k = new Float32Array(9 * 9 * 5);
        for (let i = 0; i < 9; i++) for (let o = 0; o < 5; o++) k[(taps[i]! * 9 + i) * 5 + o] = vals[i * 5 + o]!;
        return tf.tensor4d(k, [3, 3, 9, 5]);
      });
      const x = tf.tensor4d(seeded(2 * 6 * 7 * 9, 2), [2, 6, 7, 9]);
      const y = model.predict(x) as tf.Tensor;
      const want = tf.tidy(() => tf.add(oneHotConv(x, full, taps.map((t) => [t]), [stride, stride]), bias));
      expect(y.shape).toEqual([2, Math.ceil(6 / stride), Math.ceil(7 / stride), 5]);
      expect(relError(want.dataSync(), y.dataSync())).toBeLessThan(1e-6);
      expect(layer.shiftOffsets()[0]).toEqual([-1, -1]);
      tf.dispose([x, y, want, full, bias]);
    });
  }

  it('accepts explicit taps, serialises them and reloads', async () => {
    const model = tf.sequential();
    model.add(new ShiftConv2D({ filters: 2, taps: [8, 0, 4], inputShape: [4, 4, 3], useBias: false }));
    const copy = await tf.models.modelFromJSON(model.toJSON(undefined, false) as never);
    copy.setWeights(model.getWeights());
    expect((copy.layers[0] as ShiftConv2D).shiftOffsets()).toEqual([[1, 1], [-1, -1], [0, 0]]);
    const x = tf.tensor4d(seeded(48, 4), [1, 4, 4, 3]);
    const a = model.predict(x) as tf.Tensor;
    const b = copy.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
  });

  it('trains its 1×1 kernel and leaks no tensor', () => {
    const model = tf.sequential();
    model.add(new ShiftConv2D({ filters: 2, inputShape: [4, 4, 3] }));
    const x = tf.tensor4d(seeded(48, 5), [1, 4, 4, 3]);
    const vars = model.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    expect(vars.map((v) => v.shape)).toEqual([[1, 1, 3, 2], [2]]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar, vars);
    expect(Array.from(grads[vars[0]!.name]!.dataSync()).some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects bad input', () => {
    expect(() => new ShiftConv2D({ filters: 1.5 })).toThrow(new RangeError('ShiftConv2D: filters must be an integer ≥ 1; got 1.5'));
    expect(() => new ShiftConv2D({ filters: 1, strides: [1, 0] })).toThrow(new RangeError('ShiftConv2D: strides must be integers ≥ 1; got [1,0]'));
    expect(() => new ShiftConv2D({ filters: 1, kernelSize: 2 })).toThrow(new RangeError('tapOffset: k must be an odd integer ≥ 1; got 2'));
    const model = tf.sequential();
    expect(() => model.add(new ShiftConv2D({ filters: 1, taps: [0, 9], inputShape: [3, 3, 2] }))).toThrow(
      new RangeError('ShiftConv2D: taps must hold 2 integers in [0, 9); got [0,9]'));
  });
});
