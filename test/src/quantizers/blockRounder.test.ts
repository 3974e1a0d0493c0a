import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeBlocked } from '../../../simulators/blockQuantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { quantizeTensor } from '../../../src/quantizers/quantizeTensor.js';
import { blockLayoutFor } from '../../../src/quantizers/blockRounder.js';
import { createRoleQuantizer } from '../../../src/quantizers/createRoleQuantizer.js';
import { compilePolicy, compileRoles } from '../../../src/policy/compilePolicy.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { blobs } from '../training/_blobs.js';

await tf.setBackend('cpu');

const SPECS = ['mxfp8_e4m3', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8', 'nvfp4', 'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=4)', 'scaled(elem=int8,scale=e8m0,block=tensor)'];
const MODES: RoundingMode[] = ['rne', 'rtz', 'rup', 'rto', 'sr'];
const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe('block formats on tensors', () => {
  it('blockLayoutFor: parameters along the reduction axis (Dense in, Conv2D kh·kw·in), activations and errors along the last, channel along the last', () => {
    const mx = parseFormat('mxfp4_e2m1');
    expect(blockLayoutFor(mx, 'weight', [784, 256])).toEqual({ shape: [784, 256], axis: 0 });
    expect(blockLayoutFor(mx, 'weight', [3, 3, 16, 32])).toEqual({ shape: [144, 32], axis: 0 });
    expect(blockLayoutFor(mx, 'gradient', [784, 256])).toEqual({ shape: [784, 256], axis: 0 });
    expect(blockLayoutFor(mx, 'bias', [256])).toEqual({ shape: [256], axis: -1 });
    expect(blockLayoutFor(mx, 'activation', [32, 28, 28, 16])).toEqual({ shape: [32, 28, 28, 16], axis: -1 });
    expect(blockLayoutFor(mx, 'error', [32, 256])).toEqual({ shape: [32, 256], axis: -1 });
    expect(blockLayoutFor(parseFormat('scaled(elem=int8,scale=float32,block=channel)'), 'weight', [3, 3, 16, 32])).toEqual({ shape: [3, 3, 16, 32], axis: -1 });
    expect(blockLayoutFor(parseFormat('scaled(elem=int8,scale=float32,block=32,axis=1)'), 'weight', [784, 256])).toEqual({ shape: [784, 256], axis: 1 });
  });
  it('the tensor path equals the simulator bit for bit on random shapes and axes (quantizeTensor, every block family, sr included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SPECS),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -4, max: 3 }),
        fc.constantFrom(...MODES),
        fc.integer({ min: 0, max: 1e6 }),
        (id, shape, a, mode, seed) => {
          // Arrange
          const axis = ((a % shape.length) + shape.length) % shape.length;
          const n = shape.reduce((p, q) => p * q, 1);
          const rng = new Rng(seed);
          const data = Float32Array.from({ length: n }, () => Math.fround((rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 40 - 20)));
          const spec = parseFormat(id);
          // Act
          const x = tf.tensor(data, shape);
          const q = quantizeTensor(x, spec, { axis, rounding: mode, seed: 5 });
          const got = q.dataSync();
          const want = quantizeBlocked(spec, data, shape, { axis, rounding: mode, seed: 5 });
          x.dispose();
          q.dispose();
          // Assert
          expect(bits(got)).toEqual(bits(want));
        },
      ),
      { numRuns: 150 },
    );
  });
  it('a role quantizer blocks weights along the reduction axis and activations along the last axis, as the simulator', () => {
    const roles = compileRoles({ weight: { format: 'mxfp4_e2m1' }, activation: { format: 'mxfp4_e2m1' } });
    const w = Float32Array.from({ length: 64 * 8 }, (_, i) => Math.fround(Math.sin(i) * 2 ** (i % 7)));
    const qw = createRoleQuantizer(roles.weight!, { key: 'd/weight', seed: 1 });
    const qa = createRoleQuantizer(roles.activation!, { key: 'd/activation', seed: 1 });
    expect(bits(qw.round(w.slice(), [64, 8], false))).toEqual(bits(quantizeBlocked(parseFormat('mxfp4_e2m1'), w, [64, 8], { axis: 0 })));
    expect(bits(qa.round(w.slice(), [8, 64], false))).toEqual(bits(quantizeBlocked(parseFormat('mxfp4_e2m1'), w, [8, 64], { axis: 1 })));
    expect(bits(qw.round(w.slice(), [64, 8], false))).not.toEqual(bits(quantizeBlocked(parseFormat('mxfp4_e2m1'), w, [64, 8], { axis: 1 })));
  });
  it('the straight-through estimator passes the gradient through the scale (identity), and through the error role', () => {
    const x = tf.tensor([0.1, -3, 7, 100, 0.001, 2], [2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, 'mxfp4_e2m1'), tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]))))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const e = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(quantizeTensor(t, null, { error: { format: 'mxfp4_e2m1' } }), tf.tensor([1, 2, 3, 4, 5, 100], [2, 3]))))(x);
    expect(Array.from(e.dataSync())).toEqual(Array.from(quantizeBlocked(parseFormat('mxfp4_e2m1'), new Float32Array([1, 2, 3, 4, 5, 100]), [2, 3])));
    tf.dispose([x, g, e]);
  });
  it('every role but the accumulator accepts block formats; the accumulator names what it allows', () => {
    const all = { format: 'mxfp6_e2m3' };
    expect(() => compilePolicy({ default: { weight: all, bias: all, activation: all, error: all, gradient: all, momentum: all, update: all } })).not.toThrow();
    expect(() => compilePolicy({ default: { accumulator: { format: 'mxfp8_e4m3' } } })).toThrow(/accumulator/);
    expect(() => quantizeTensor(tf.zeros([2, 3]), 'mxfp4_e2m1', { axis: 2 })).toThrow(/axis must be an integer in -2\.\.1; got 2/);
  });
});

describe('training with block formats', () => {
  it('an MLP trains with every role in MXFP8, NVFP4 or per-channel int8 (one loop, status ok, better than chance)', async () => {
    for (const fmt of ['mxfp8_e4m3', 'nvfp4', 'scaled(elem=int8,scale=float32,block=channel)']) {
      const f = { format: fmt };
      const cfg = validateTrainConfig({
        model: { type: 'mlp', hidden: [16] },
        dataset: { name: 'synthetic', trainSize: 300, testSize: 100 },
        optimizer: { type: 'sgd', lr: 0.2, momentum: 0.9 },
        policy: { default: { weight: f, bias: f, activation: f, error: f, gradient: f, momentum: f, update: { format: 'float32' } } },
        epochs: 2,
        batchSize: 30,
        seed: 4,
        backend: 'cpu',
      });
      const { record, model } = await runTraining(cfg, { data: blobs() });
      expect(record.status, `${fmt}: ${record.message}`).toBe('ok');
      expect(record.final.testError!, fmt).toBeLessThan(0.5);
      model!.dispose();
    }
  });
});
