import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { ap2, ap2Array, ap2Tensor, AP2_FORMAT } from '../../../src/methods/ap2.js';
import { quantize } from '../../../simulators/quantize.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (b: number) => ((u32[0] = b >>> 0), f32[0]!);

describe('ap2', () => {
  it('rounds in the log domain (well-known values)', () => {
    // Arrange / Act / Assert
    const cases: Array<[number, number]> = [
      [0.7, 0.5], [-3, -4], [1.4142, 1], [1.4143, 2], [1, 1], [0, 0], [-0, 0], [NaN, 0],
      [3.4028234663852886e38, 2 ** 127], [-Infinity, -(2 ** 127)], [2 ** -149, 2 ** -149], [6, 8], [5.6, 4],
    ];
    for (const [x, want] of cases) expect(Object.is(ap2(x), want) || ap2(x) === want, `ap2(${x})`).toBe(true);
  });

  it('equals the simulator pow2(min=-149,max=127) with rounding log on every float32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (bits) => {
        const x = fromBits(bits);
        const want = quantize(AP2_FORMAT, x, { rounding: 'log' });
        expect(ap2(x)).toBe(want === 0 ? 0 : want);
      }),
      { numRuns: 20000 },
    );
  });

  it('ap2Array writes every element and checks its arguments', () => {
    expect(Array.from(ap2Array(new Float32Array([0.7, -3, 0])))).toEqual([0.5, -4, 0]);
    expect(ap2Array(new Float64Array([6]))).toBeInstanceOf(Float64Array);
    expect(() => ap2Array([1, 2] as unknown as Float32Array)).toThrow(/ap2Array: xs must be a Float32Array or Float64Array; got \[object Array\]/);
    expect(() => ap2Array(new Float32Array(2), new Float32Array(3))).toThrow(/ap2Array: out has length 3; expected 2/);
  });

  it('ap2Tensor: AP2 forward, identity gradient, no leak', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([0.7, -3, 6, 0]);
    const y = ap2Tensor(x);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(ap2Tensor(t), tf.tensor([1, 2, 3, 4]))))(x);
    expect(Array.from(y.dataSync())).toEqual([0.5, -4, 8, 0]);
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, y, g]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ap2Tensor rejects non-float32 tensors', () => {
    const t = tf.tensor([1], [1], 'int32');
    expect(() => ap2Tensor(t)).toThrow(/ap2Tensor: x must be a float32 tf.Tensor; got int32/);
    t.dispose();
  });
});
