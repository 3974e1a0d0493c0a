import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { packSignMatrix, packSigns, type PackedSignMatrix } from '../../../simulators/xnor/packSigns.js';
import { xnorMatMul } from '../../../simulators/xnor/xnorMatMul.js';
import { Rng } from '../../../simulators/random/rng.js';
import { wasmXnorMatMul } from '../../../src/xnor/wasmXnorMatMul.js';
import { maxPoolSigns, padCorrection, runXnorConv2D, type XnorConvLayer } from '../../../src/xnor/xnorConv2D.js';
import { im2colSigns, windowPlacement, type Window2D } from '../../../src/xnor/convWindow.js';

const r = new Rng(11);
const signs = (n: number) => Float32Array.from({ length: n }, () => (r.uint32() & 1 ? 1 : -1));
const mm = (a: PackedSignMatrix, b: PackedSignMatrix) => wasmXnorMatMul(a, b, xnorMatMul, 'simd');

/** tf.conv2d on the cpu backend: integer inputs and ±1 weights give exact integer sums. */
function tfConv(x: Float32Array, shape: number[], w: Float32Array, g: Window2D, F: number): { s: Float32Array; outShape: number[] } {
  return tf.tidy(() => {
    const k = tf.tensor4d(w, [...g.kernelSize, g.inputShape[2], F]);
    const out = tf.conv2d(tf.tensor4d(x, shape as [number, number, number, number]), k, g.strides, g.padding);
    return { s: out.dataSync() as Float32Array, outShape: out.shape };
  });
}

/** The filters [kh, kw, C, F] packed one row per filter, as the exporter packs them. */
const filters = (w: Float32Array, g: Window2D, F: number) => packSignMatrix(w, g.kernelSize[0] * g.kernelSize[1] * g.inputShape[2], F, { transpose: true });

/** Bit j of each packed row, as 0/1 per (row, j). */
function bits(m: PackedSignMatrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.push((m.words[i * m.wordsPerRow + (j >>> 5)]! >>> (j & 31)) & 1);
  return out;
}

const CASES: Array<[string, Window2D, number]> = [
  ['3×3 same, stride 1, C = 5', { inputShape: [7, 6, 5], kernelSize: [3, 3], strides: [1, 1], padding: 'same' }, 6],
  ['3×3 same, stride 2, even size (padding only after)', { inputShape: [8, 8, 40], kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, 35],
  ['2×3 same, strides 2×1 (asymmetric padding)', { inputShape: [5, 7, 32], kernelSize: [2, 3], strides: [2, 1], padding: 'same' }, 9],
  ['2×3 valid, stride 2', { inputShape: [7, 9, 3], kernelSize: [2, 3], strides: [2, 2], padding: 'valid' }, 4],
];

describe('runXnorConv2D', () => {
  for (const [name, g, F] of CASES) {
    it(`xnorConv2D equals TF.js conv2d + threshold on a ±1 map, zero padding included (${name})`, () => {
      // Arrange: a ±1 map of 3 examples, ±1 filters, thresholds spread over [−K, K]
      const n = 3;
      const [H, W, C] = g.inputShape;
      const x = signs(n * H * W * C);
      const w = signs(g.kernelSize[0] * g.kernelSize[1] * C * F);
      const K = g.kernelSize[0] * g.kernelSize[1] * C;
      const thresholds = Int32Array.from({ length: F }, () => (r.uint32() % (K + 1)) - (K >> 1));
      const layer: XnorConvLayer = { kind: 'xnorConv2D', name: 'c', window: g, weights: filters(w, g, F), thresholds };
      // Act
      const out = runXnorConv2D(layer, packSignMatrix(x, n * H * W, C), n, mm);
      const outJs = runXnorConv2D(layer, packSignMatrix(x, n * H * W, C), n, xnorMatMul);
      const { s } = tfConv(x, [n, H, W, C], w, g, F);
      // Assert
      expect(out).toEqual(outJs);
      expect(bits(out)).toEqual(Array.from(s, (v, i) => (v >= thresholds[i % F]! ? 1 : 0)));
      // the integers themselves: popcount of the patches (padding read as −1) plus the padding term
      const corr = padCorrection(layer.weights, g);
      expect(corr === null).toBe(g.padding === 'valid');
      const P = windowPlacement(g).outH * windowPlacement(g).outW;
      const raw = xnorMatMul(im2colSigns(packSignMatrix(x, n * H * W, C), n, g), layer.weights);
      expect(Array.from(raw, (v, i) => v + (corr ? corr[(Math.floor(i / F) % P) * F + (i % F)]! : 0))).toEqual(Array.from(s));
    });
  }

  it('bitPlaneConv2D equals TF.js conv2d on 8-bit pixels (zero padding is a zero byte)', () => {
    const n = 2;
    const g: Window2D = { inputShape: [6, 5, 2], kernelSize: [3, 3], strides: [1, 1], padding: 'same' };
    const F = 7;
    const u = Uint8Array.from({ length: n * 6 * 5 * 2 }, () => r.uint32() & 255);
    const w = signs(3 * 3 * 2 * F);
    const thresholds = Int32Array.from({ length: F }, () => (r.uint32() % 2001) - 1000);
    const layer: XnorConvLayer = { kind: 'bitPlaneConv2D', name: 'c', bits: 8, window: g, weights: filters(w, g, F), thresholds };
    const out = runXnorConv2D(layer, u, n, mm);
    const { s } = tfConv(Float32Array.from(u), [n, 6, 5, 2], w, g, F);
    expect(bits(out)).toEqual(Array.from(s, (v, i) => (v >= thresholds[i % F]! ? 1 : 0)));
  });
});

describe('maxPoolSigns', () => {
  for (const g of [
    { inputShape: [6, 6, 33], kernelSize: [2, 2], strides: [2, 2], padding: 'valid' },
    { inputShape: [7, 5, 33], kernelSize: [2, 2], strides: [2, 2], padding: 'same' },
    { inputShape: [7, 7, 33], kernelSize: [3, 3], strides: [1, 2], padding: 'valid' },
  ] as Window2D[]) {
    it(`is TF.js maxPool of ±1 (OR), and minPool (AND) on andChannels: ${g.kernelSize.join('×')} ${g.padding}, strides ${g.strides}`, () => {
      const n = 2;
      const [H, W, C] = g.inputShape;
      const x = signs(n * H * W * C);
      const and = Float32Array.from({ length: C }, (_, c) => (c % 3 === 0 ? 1 : -1));
      const out = maxPoolSigns(packSignMatrix(x, n * H * W, C), n, g, packSigns(and));
      const want = tf.tidy(() => {
        const t = tf.tensor4d(x, [n, H, W, C]);
        const max = tf.maxPool(t, g.kernelSize, g.strides, g.padding);
        const min = tf.neg(tf.maxPool(tf.neg(t), g.kernelSize, g.strides, g.padding));
        return tf.where(tf.greater(tf.tensor1d(and), 0).broadcastTo(max.shape), min, max).dataSync();
      });
      expect(bits(out)).toEqual(Array.from(want, (v) => (v > 0 ? 1 : 0)));
      expect(bits(maxPoolSigns(packSignMatrix(x, n * H * W, C), n, g, null)).length).toBe(want.length);
    });
  }
});
