import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../src/backend/initBackend.js';
import { compareWithCpu, MAX_REL_ERROR, runOn, seeded, wasmCounts, type KernelCase } from '../_compare.js';

type Shape4 = [number, number, number, number];
interface Geometry { x: Shape4; f: Shape4; strides: number | [number, number]; dilations: number | [number, number]; pad: 'same' | 'valid' | number }

const outShape = (g: Geometry): number[] =>
  tf.backend_util.computeConv2DInfo(g.x, g.f, g.strides, g.dilations, g.pad, undefined, true, 'channelsLast').outShape;

function filterCase(g: Geometry, seed = 7): KernelCase {
  const dy = outShape(g);
  return {
    kernel: 'DepthwiseConv2dNativeBackpropFilter',
    inputs: {
      x: { shape: g.x, values: seeded(tf.util.sizeFromShape(g.x), seed) },
      dy: { shape: dy, values: seeded(tf.util.sizeFromShape(dy), seed + 1) },
    },
    attrs: { strides: g.strides, dilations: g.dilations, pad: g.pad, filterShape: g.f },
  };
}

function inputCase(g: Geometry, seed = 9): KernelCase {
  const dy = outShape(g);
  return {
    kernel: 'DepthwiseConv2dNativeBackpropInput',
    inputs: {
      dy: { shape: dy, values: seeded(tf.util.sizeFromShape(dy), seed) },
      filter: { shape: g.f, values: seeded(tf.util.sizeFromShape(g.f), seed + 1) },
    },
    attrs: { strides: g.strides, dilations: g.dilations, pad: g.pad, inputShape: g.x },
  };
}

/** Undilated geometries: tfjs-backend-cpu is the oracle. */
const GEOMETRIES: Array<[string, Geometry]> = [
  ['3x3 same stride 1 mult 1', { x: [2, 7, 6, 3], f: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' }],
  ['3x3 same stride 2 mult 2', { x: [2, 9, 8, 3], f: [3, 3, 3, 2], strides: 2, dilations: 1, pad: 'same' }],
  ['3x2 valid stride [1,2] mult 3', { x: [1, 8, 9, 2], f: [3, 2, 2, 3], strides: [1, 2], dilations: 1, pad: 'valid' }],
  ['2x2 explicit pad 1 stride 3', { x: [2, 7, 8, 2], f: [2, 2, 2, 1], strides: 3, dilations: 1, pad: 1 }],
];

/**
 * Dilated geometries. tfjs-backend-cpu's backprop kernels ignore dilations (tfjs never calls them with
 * dilation > 1), so the oracle here is the adjoint identity of the linear forward op, whose cpu kernel does
 * dilate: ⟨dy, conv(x, W)⟩ = ⟨dW(x, dy), W⟩ = ⟨dx(dy, W), x⟩ for random x, W, dy.
 */
const DILATED: Array<[string, Geometry]> = [
  ['3x3 dilation 2 same mult 2', { x: [2, 9, 9, 2], f: [3, 3, 2, 2], strides: 1, dilations: 2, pad: 'same' }],
  ['2x3 dilation [2,1] pad 1', { x: [1, 8, 7, 4], f: [2, 3, 4, 1], strides: 1, dilations: [2, 1], pad: 1 }],
  ['3x3 dilation 3 valid', { x: [1, 10, 9, 2], f: [3, 3, 2, 1], strides: 1, dilations: 3, pad: 'valid' }],
];

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** ⟨dy, conv(x, W)⟩ computed by the cpu forward kernel (which handles dilations). */
async function forwardPairing(g: Geometry, x: Float32Array, w: Float32Array, dy: Float32Array): Promise<number> {
  await tf.setBackend('cpu');
  const y = tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(x, g.x), tf.tensor4d(w, g.f), g.strides, g.pad, 'NHWC', g.dilations));
  const v = await y.data();
  y.dispose();
  return dot(dy, v);
}

describe('depthwise conv backprop on wasm (lowbit kernels) vs cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const [name, g] of GEOMETRIES) {
    it(`filter gradient matches cpu: ${name}`, async () => {
      const { err, cpuShape, wasmShape } = await compareWithCpu(filterCase(g));
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
    it(`input gradient matches cpu: ${name}`, async () => {
      const { err, cpuShape, wasmShape } = await compareWithCpu(inputCase(g));
      expect(wasmShape).toEqual(cpuShape);
      expect(err).toBeLessThanOrEqual(MAX_REL_ERROR);
    });
  }

  for (const [name, g] of DILATED) {
    it(`satisfies the adjoint identity with dilations: ${name}`, async () => {
      // Arrange
      const fc = filterCase(g);
      const ic = inputCase(g);
      const x = fc.inputs.x!.values as Float32Array;
      const dy = fc.inputs.dy!.values as Float32Array;
      const w = ic.inputs.filter!.values as Float32Array;
      ic.inputs.dy = fc.inputs.dy!;
      // Act
      const dW = (await runOn('wasm', fc)).values;
      const dx = (await runOn('wasm', ic)).values;
      const ref = await forwardPairing(g, x, w, dy);
      // Assert
      expect(Math.abs(dot(dW, w) - ref)).toBeLessThanOrEqual(MAX_REL_ERROR * Math.abs(ref));
      expect(Math.abs(dot(dx, x) - ref)).toBeLessThanOrEqual(MAX_REL_ERROR * Math.abs(ref));
    });
  }

  it('leaks no tensor and no backend buffer', async () => {
    const g = GEOMETRIES[1]![1];
    await runOn('wasm', filterCase(g));
    const before = await wasmCounts();
    for (let i = 0; i < 3; i++) {
      await runOn('wasm', filterCase(g));
      await runOn('wasm', inputCase(g));
    }
    expect(await wasmCounts()).toEqual(before);
  });
});
