import * as tf from '@tensorflow/tfjs';
import { col2im, im2col } from './im2col.js';
import { convGeometry, type ConvPadding } from '../convGeometry.js';
import { simMatMul, transpose, type AccumulatorSpec } from './accumulatorMatMul.js';

/**
 * A 2-D convolution (NHWC) computed as im2col + the simulators' matmul, every dot product accumulated in the
 * accumulator format, forward and backward (dL/dW = colsᵀ·dL/dz and dL/dcols = dL/dz·Wᵀ through the simulator;
 * col2im then sums overlapping patches in float64 and rounds once to float32, which is not modelled as
 * accumulator additions). Exact and slow (about 10^6 MAC/s).
 */
export function accumulatorConv2D(x: tf.Tensor4D, w: tf.Tensor4D, strides: [number, number], padding: ConvPadding, acc: AccumulatorSpec): tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xi, wi] = args as [tf.Tensor4D, tf.Tensor4D];
    const save = args[2] as tf.GradSaveFunc;
    save([xi, wi]);
    const g = convGeometry(xi.shape, wi.shape, strides, padding);
    const F = wi.shape[3];
    const K = g.kh * g.kw * g.c;
    const M = g.n * g.oh * g.ow;
    const cols = im2col(xi.dataSync() as Float32Array, g);
    const z = simMatMul(cols, wi.dataSync() as Float32Array, M, K, F, acc);
    return {
      value: tf.tensor4d(z, [g.n, g.oh, g.ow, F]),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const d = (dy as tf.Tensor).dataSync() as Float32Array;
        const c2 = im2col(xs.dataSync() as Float32Array, g);
        const dw = simMatMul(transpose(c2, M, K), d, K, M, F, acc);
        const dcols = simMatMul(d, transpose(ws.dataSync() as Float32Array, K, F), M, F, K, acc);
        return [tf.tensor4d(col2im(dcols, g), xs.shape), tf.tensor4d(dw, ws.shape)];
      },
    };
  });
  return op(x, w);
}
