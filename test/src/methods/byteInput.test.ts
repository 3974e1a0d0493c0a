import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ByteInput, toBytes } from '../../../src/methods/byteInput.js';
import { Rng } from '../../../simulators/random/rng.js';

describe('ByteInput and toBytes', () => {
  it('recover every byte from its float32 pixel b/255', () => {
    const x = Float32Array.from({ length: 256 }, (_, b) => b / 255);
    expect(Array.from(toBytes(x))).toEqual(Array.from({ length: 256 }, (_, b) => b));
    const l = new ByteInput();
    const y = tf.tidy(() => Array.from((l.apply(tf.tensor2d(x, [1, 256])) as tf.Tensor).dataSync()));
    expect(y).toEqual(Array.from({ length: 256 }, (_, b) => b));
  });

  it('agrees with the layer on arbitrary inputs, clipping to [0, 1] (ties to even)', () => {
    const r = new Rng(3);
    const x = Float32Array.from({ length: 500 }, () => r.uniform() * 1.4 - 0.2);
    x[0] = 0.5 / 255; // 0.5 after scaling? fround(0.5/255)·255 is not exactly 0.5, so no tie; both round alike
    for (const bits of [8, 4, 1]) {
      const l = new ByteInput({ bits });
      const y = tf.tidy(() => Array.from((l.apply(tf.tensor1d(x)) as tf.Tensor).dataSync()));
      expect(Array.from(toBytes(x, bits))).toEqual(y);
    }
    expect(new ByteInput({ bits: 3 }).getConfig()).toMatchObject({ bits: 3 });
  });

  it('throws on bad bits and leaks nothing', () => {
    expect(() => new ByteInput({ bits: 0 })).toThrow(/ByteInput: bits must be an integer in 1..16; got 0/);
    expect(() => toBytes(new Float32Array(1), 9)).toThrow(/toBytes: bits must be an integer in 1..8; got 9/);
    const before = tf.memory().numTensors;
    const t = tf.tensor1d([0.2]);
    (new ByteInput().apply(t) as tf.Tensor).dispose();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
