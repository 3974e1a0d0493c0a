import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { packSignMatrix } from '../../../simulators/xnor/packSigns.js';
import { Rng } from '../../../simulators/random/rng.js';
import { appendBits, flattenSigns, im2colBytes, windowPlacement, type Window2D } from '../../../src/xnor/convWindow.js';

const r = new Rng(3);

describe('windowPlacement', () => {
  it('gives the output size of TF.js conv2d for every size, kernel, stride and padding up to 7', () => {
    for (let H = 1; H <= 7; H++) {
      for (let k = 1; k <= 3; k++) {
        for (let s = 1; s <= 3; s++) {
          for (const padding of ['same', 'valid'] as const) {
            if (padding === 'valid' && k > H) continue;
            const g: Window2D = { inputShape: [H, H + 1, 1], kernelSize: [k, k], strides: [s, s], padding };
            const shape = tf.tidy(() => tf.conv2d(tf.zeros([1, H, H + 1, 1]) as tf.Tensor4D, tf.zeros([k, k, 1, 1]) as tf.Tensor4D, s, padding).shape);
            const p = windowPlacement(g);
            expect([p.outH, p.outW], JSON.stringify(g)).toEqual(shape.slice(1, 3));
          }
        }
      }
    }
  });

  it('places TF.js\'s padding: ⌊total/2⌋ first (a one-hot input shows where each tap lands)', () => {
    // 'same', 4×4 input, 3×3 kernel, stride 2: total padding (2−1)·2 + 3 − 4 = 1, none before
    const g: Window2D = { inputShape: [4, 4, 1], kernelSize: [3, 3], strides: [2, 2], padding: 'same' };
    expect(windowPlacement(g)).toEqual({ outH: 2, outW: 2, padTop: 0, padLeft: 0 });
    const u = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const patches = im2colBytes(u, 1, g);
    // tap t of each patch is what a conv2d with a one-hot kernel at t reads (0 in the padding)
    const perTap = Array.from({ length: 9 }, (_, t) =>
      tf.tidy(() => {
        const k = tf.oneHot([t], 9).reshape([3, 3, 1, 1]).cast('float32') as tf.Tensor4D;
        return Array.from(tf.conv2d(tf.tensor4d(Float32Array.from(u), [1, 4, 4, 1]), k, 2, 'same').dataSync());
      }),
    );
    for (let row = 0; row < 4; row++) for (let t = 0; t < 9; t++) expect(patches[row * 9 + t]).toBe(perTap[t]![row]);
  });

  it('throws when a valid window does not fit', () => {
    expect(() => windowPlacement({ inputShape: [2, 5, 1], kernelSize: [3, 3], strides: [1, 1], padding: 'valid' })).toThrow(
      /windowPlacement: a 3×3 'valid' window does not fit a 2×5 input/,
    );
  });
});

describe('appendBits and flattenSigns', () => {
  it('appendBits copies nbits bits to any bit offset, masking the source past nbits', () => {
    for (let trial = 0; trial < 200; trial++) {
      const nbits = 1 + (r.uint32() % 100);
      const at = r.uint32() % 70;
      const src = Uint32Array.from({ length: 4 }, () => r.uint32());
      const dst = new Uint32Array(6);
      appendBits(src, 0, nbits, dst, at);
      const bit = (a: Uint32Array, i: number) => (a[i >>> 5]! >>> (i & 31)) & 1;
      const want = Array.from({ length: 192 }, (_, i) => (i >= at && i < at + nbits ? bit(src, i - at) : 0));
      expect(Array.from({ length: 192 }, (_, i) => bit(dst, i)), `${nbits} bits at ${at}`).toEqual(want);
    }
  });

  it('flattenSigns gives the NHWC-flattened rows (as packSignMatrix of the flat array)', () => {
    for (const C of [5, 32, 37]) {
      const n = 3;
      const P = 6;
      const x = Float32Array.from({ length: n * P * C }, () => (r.uint32() & 1 ? 1 : -1));
      expect(flattenSigns(packSignMatrix(x, n * P, C), n, P)).toEqual(packSignMatrix(x, n, P * C));
    }
  });
});
