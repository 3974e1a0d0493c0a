import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/backend/initBackend.js';
import {
  lowbitKernelsInstalled, registerLowbitKernels, unregisterLowbitKernels,
} from '../../../src/backend/registerLowbitKernels.js';
import { MAX_REL_ERROR, relError, seeded } from './_compare.js';

const MISSING = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput',
  'UnsortedSegmentSum'];
const FASTER = ['BatchMatMul', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Sum'];

/** Parameters of a tiny CNN that touches every lowbit kernel: conv, pool, depthwise, strided conv, gather, dense. */
const SHAPES = { w1: [3, 3, 2, 4], w2: [3, 3, 4, 2], w3: [3, 3, 8, 6], w4: [24, 10], emb: [7, 24] } as const;
const X_SHAPE = [4, 10, 10, 2] as const;

function tinyCnnLoss(p: Record<keyof typeof SHAPES, tf.Tensor>, x: tf.Tensor4D, ids: tf.Tensor1D, labels: tf.Tensor2D): tf.Scalar {
  let h = tf.relu(tf.conv2d(x, p.w1 as tf.Tensor4D, 1, 'same'));
  h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
  h = tf.depthwiseConv2d(h as tf.Tensor4D, p.w2 as tf.Tensor4D, 1, 'same');
  h = tf.conv2d(h as tf.Tensor4D, p.w3 as tf.Tensor4D, 2, 'valid');
  const feat = tf.add(tf.reshape(h, [4, 24]), tf.gather(p.emb, ids));
  return tf.losses.softmaxCrossEntropy(labels, tf.matMul(feat, p.w4 as tf.Tensor2D)) as tf.Scalar;
}

/** Gradients of the tiny CNN's loss with respect to every parameter, computed on `backend`. */
async function tinyCnnGrads(backend: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const names = Object.keys(SHAPES) as Array<keyof typeof SHAPES>;
  const params = names.map((k, i) => tf.tensor(seeded(tf.util.sizeFromShape([...SHAPES[k]]), 20 + i, -0.5, 0.5), [...SHAPES[k]]));
  const x = tf.tensor4d(seeded(4 * 10 * 10 * 2, 30, 0, 1), [...X_SHAPE]);
  const ids = tf.tensor1d([3, 0, 3, 6], 'int32');
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 7, 2, 9], 'int32'), 10).toFloat() as tf.Tensor2D);
  const grads = tf.grads((...ps: tf.Tensor[]) =>
    tinyCnnLoss(Object.fromEntries(names.map((k, i) => [k, ps[i]!])) as Record<keyof typeof SHAPES, tf.Tensor>, x, ids, labels))(params);
  const out = Object.fromEntries(await Promise.all(grads.map(async (g, i) => [names[i], (await g.data()) as Float32Array])));
  tf.dispose([...grads, ...params, x, ids, labels]);
  return out;
}

describe('registerLowbitKernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('installs the whole list, once, however often it is called', () => {
    registerLowbitKernels();
    const first = FASTER.map((k) => tf.getKernel(k, 'wasm'));
    expect(registerLowbitKernels().sort()).toEqual([...MISSING, ...FASTER].sort());
    expect(lowbitKernelsInstalled().sort()).toEqual([...MISSING, ...FASTER].sort());
    expect(FASTER.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc)).toEqual(first.map((c) => c?.kernelFunc));
  });

  it('unregister restores the stock kernels and removes the missing ones; register works again after', () => {
    // Arrange
    unregisterLowbitKernels();
    const stock = FASTER.map((k) => tf.getKernel(k, 'wasm'));
    // Act
    registerLowbitKernels();
    unregisterLowbitKernels();
    // Assert
    expect(FASTER.map((k) => tf.getKernel(k, 'wasm'))).toEqual(stock);
    expect(MISSING.filter((k) => k !== 'DepthwiseConv2dNativeBackpropInput').map((k) => tf.getKernel(k, 'wasm'))).toEqual([undefined, undefined, undefined]);
    expect(lowbitKernelsInstalled()).toEqual([]);
    registerLowbitKernels();
    expect(lowbitKernelsInstalled()).toHaveLength(MISSING.length + FASTER.length);
  });

  it("kinds: ['missing'] leaves the stock fast-path kernels in place", () => {
    registerLowbitKernels({ kinds: ['missing'] });
    expect(lowbitKernelsInstalled().sort()).toEqual([...MISSING].sort());
    registerLowbitKernels();
  });

  it('rejects an unknown kind, naming it', () => {
    expect(() => registerLowbitKernels({ kinds: ['fast' as 'faster'] }))
      .toThrow(/registerLowbitKernels: kinds entries must be 'missing' or 'faster'; got "fast"/);
  });

  it("a tiny CNN's gradients on wasm match cpu (conv, pool, depthwise, strided conv, gather, dense)", async () => {
    // Act
    const cpu = await tinyCnnGrads('cpu');
    const wasm = await tinyCnnGrads('wasm');
    // Assert
    for (const k of Object.keys(SHAPES)) {
      expect(wasm[k]!.length, k).toBe(cpu[k]!.length);
      expect(relError(cpu[k]!, wasm[k]!), k).toBeLessThanOrEqual(MAX_REL_ERROR);
    }
  });

  it('the stock wasm backend cannot produce those gradients (so the kernels are needed)', async () => {
    unregisterLowbitKernels();
    try {
      await expect(tinyCnnGrads('wasm')).rejects.toThrow(/not registered for backend 'wasm'/);
    } finally {
      registerLowbitKernels();
    }
  });

  it('computing the gradients leaks no tensor', async () => {
    await tinyCnnGrads('wasm');
    const before = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    await tinyCnnGrads('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
  });
});
