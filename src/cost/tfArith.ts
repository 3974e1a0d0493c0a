import * as tf from '@tensorflow/tfjs';
import type { Arith } from '../../cost-models/arith.js';

/**
 * `Arith` over tfjs tensors: the cost formulas become a differentiable graph of bitlength variables. Values are
 * scalars, per-channel vectors [C], or channel-pair grids [A, B] built by broadcasting a column [A, 1] against a
 * row [1, B]. `ceil`/`floor` have zero gradient (tfjs), `max`/`min` pass the gradient to the larger/smaller side.
 * Call inside `tf.tidy` (or `tf.grad`/`optimizer.minimize`): every op allocates tensors.
 * @example tf.grad((b) => qtools.intMulPj(tfArith, b, b))(tf.scalar(8)) // d/db of an 8×8-bit multiply
 */
export const tfArith: Arith<tf.Tensor> = {
  c: (x) => tf.scalar(x),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  pow: (a, b) => tf.pow(a, b),
  sqrt: (a) => tf.sqrt(a),
  exp: (a) => tf.exp(a),
  log: (a) => tf.log(a),
  log2: (a) => tf.div(tf.log(a), Math.LN2),
  abs: (a) => tf.abs(a),
  max: (a, b) => tf.maximum(a, b),
  min: (a, b) => tf.minimum(a, b),
  ceil: (a) => tf.ceil(a),
  floor: (a) => tf.floor(a),
  meanGrid: (a, groups) => {
    if (a.rank === 0) return a;
    if (a.rank === 2 && groups > 1 && a.shape[0]! > 1 && a.shape[1]! > 1) {
      const mask = groupMask(a.shape[0]!, a.shape[1]!, groups);
      return tf.div(tf.sum(tf.mul(a, mask)), tf.sum(mask));
    }
    return tf.mean(a);
  },
};

/** 1 where channel i of A and channel o of B fall in the same of `groups` equal groups. */
function groupMask(rows: number, cols: number, groups: number): tf.Tensor2D {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const gi = Math.floor((i * groups) / rows);
    for (let o = 0; o < cols; o++) if (Math.floor((o * groups) / cols) === gi) data[i * cols + o] = 1;
  }
  return tf.tensor2d(data, [rows, cols]);
}
