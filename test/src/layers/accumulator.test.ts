import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { QDense } from '../../../src/layers/qDense.js';
import { QConv2D } from '../../../src/layers/qConv2D.js';
import { dot } from '../../../simulators/arith/dot.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const F64 = parseFormat('float64');
/** Reference: each output an independent simulator `dot` with exact products, then float32. */
function refMatMul(a: ArrayLike<number>, b: ArrayLike<number>, M: number, K: number, N: number, acc: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const row = Array.from({ length: K }, (_, k) => a[i * K + k]!);
      const col = Array.from({ length: K }, (_, k) => b[k * N + j]!);
      out.push(Math.fround(dot(row, col, { product: F64, accumulator: parseFormat(acc) })));
    }
  }
  return out;
}
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) =>
  Array.from(a).forEach((v, i) => expect(Math.abs(v - b[i]!), `index ${i}: ${v} vs ${b[i]}`).toBeLessThan(tol));

describe('accumulator role (exact simulator path)', () => {
  it('QDense forward: every dot product accumulated in the format, bit for bit', () => {
    const layer = new QDense({ units: 3, inputShape: [40], useBias: false, seed: 1, precision: { accumulator: { format: 'float(e=5,m=4)' } } });
    const x = tf.randomUniform([2, 40], 0, 1, 'float32', 3);
    const y = layer.apply(x) as tf.Tensor;
    const W = layer.getWeights()[0]!;
    const ref = refMatMul(x.dataSync(), W.dataSync(), 2, 40, 3, 'float(e=5,m=4)');
    expect(Array.from(y.dataSync())).toEqual(ref);
    // float32 accumulation gives other numbers: the role is really applied
    expect(Array.from(tf.matMul(x, W).dataSync())).not.toEqual(ref);
  });

  it('QDense backward: dL/dx = dL/dz·Wᵀ and dL/dW = xᵀ·dL/dz through the same accumulator', () => {
    const acc = 'fixed(w=12,f=6)';
    const layer = new QDense({ units: 2, inputShape: [3], useBias: false, seed: 2, precision: { accumulator: { format: acc } } });
    const x = tf.tensor2d([[0.5, -1.25, 2], [1, 0.75, -0.5]]);
    const c = tf.tensor2d([[0.3, -0.2], [0.9, 0.4]]);
    layer.apply(x);
    const W = layer.getWeights()[0]!;
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, c)) as tf.Scalar);
    const gx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, c)))(x);
    const WT = tf.transpose(W).dataSync();
    expect(Array.from(gx.dataSync())).toEqual(refMatMul(c.dataSync(), WT, 2, 2, 3, acc));
    const xT = tf.transpose(x).dataSync();
    expect(Array.from(Object.values(grads)[0]!.dataSync())).toEqual(refMatMul(xT, c.dataSync(), 3, 2, 2, acc));
  });

  it('QConv2D: im2col geometry matches tf.conv2d (float32 accumulator), forward and backward', () => {
    for (const [padding, strides] of [['same', 1], ['valid', 2], ['same', 2]] as const) {
      const layer = new QConv2D({ filters: 3, kernelSize: 3, strides, padding, inputShape: [6, 5, 2], useBias: false, seed: 4, precision: { accumulator: { format: 'float32' } } });
      const x = tf.randomNormal([2, 6, 5, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
      const y = layer.apply(x) as tf.Tensor;
      const W = layer.getWeights()[0] as tf.Tensor4D;
      const ref = tf.conv2d(x, W, strides, padding);
      expect(y.shape).toEqual(ref.shape);
      close(y.dataSync(), ref.dataSync(), 1e-5);
      const c = tf.randomNormal(ref.shape, 0, 1, 'float32', 6);
      const gx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, c)))(x);
      const gxRef = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t as tf.Tensor4D, W, strides, padding), c)))(x);
      close(gx.dataSync(), gxRef.dataSync(), 1e-4);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, c)) as tf.Scalar);
      const gwRef = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, strides, padding), c)))(W);
      close(Object.values(grads)[0]!.dataSync(), gwRef.dataSync(), 1e-4);
    }
  });

  it('QConv2D forward with a narrow accumulator equals im2col + simulator dot', () => {
    const layer = new QConv2D({ filters: 2, kernelSize: 2, inputShape: [3, 3, 1], useBias: false, seed: 7, precision: { accumulator: { format: 'bfloat16' } } });
    const x = tf.tensor4d([0.1, 0.7, -0.3, 0.25, 1.1, 0.9, -0.6, 0.05, 0.4], [1, 3, 3, 1]);
    const y = layer.apply(x) as tf.Tensor;
    const W = layer.getWeights()[0]!.dataSync();
    const xd = x.dataSync();
    const rows: number[] = [];
    for (const [oy, ox] of [[0, 0], [0, 1], [1, 0], [1, 1]]) for (const [ky, kx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) rows.push(xd[(oy! + ky!) * 3 + ox! + kx!]!);
    expect(Array.from(y.dataSync())).toEqual(refMatMul(rows, W, 4, 4, 2, 'bfloat16'));
  });

  it('stochastic rounding is seeded per layer; leaks nothing; dfixed accumulators are rejected', () => {
    const mk = () => new QDense({ units: 2, inputShape: [30], seed: 9, name: 'acc_sr', precision: { accumulator: { format: 'float(e=5,m=3)', rounding: 'sr' } } });
    const x = tf.randomUniform([3, 30], 0, 1, 'float32', 1);
    const a = mk();
    const b = mk();
    const ya1 = Array.from((a.apply(x) as tf.Tensor).dataSync());
    expect(Array.from((b.apply(x) as tf.Tensor).dataSync())).toEqual(ya1);
    expect(Array.from((a.apply(x) as tf.Tensor).dataSync())).not.toEqual(ya1);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(a.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new QDense({ units: 1, inputShape: [2], name: 'dd', precision: { accumulator: { format: 'dfixed(w=16)' } } })).toThrow(
      'QDense(dd).precision.accumulator.format: the accumulator format must be float or fixed; got dfixed(w=16)');
  });
});
