import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeBlocks, quantizeWithScales } from '../../../simulators/blockQuantize.js';
import { compileRoles } from '../../../src/policy/compilePolicy.js';
import { createRoleQuantizer } from '../../../src/quantizers/createRoleQuantizer.js';
import { LsqQuantizer } from '../../../src/quantizers/lsqQuantizer.js';
import { runTraining } from '../../../src/training/runTraining.js';
import { validateTrainConfig } from '../../../src/training/trainConfig.js';
import { blobs } from '../training/_blobs.js';

await tf.setBackend('cpu');

const INT4_T = 'scaled(elem=int4,scale=float32,block=tensor,amax=learned)';
const lsq = (fmt: string, role: 'weight' | 'activation' = 'weight') => createRoleQuantizer(compileRoles({ [role]: { format: fmt } })[role]!, { key: 'd/' + role, seed: 1 }) as LsqQuantizer;

describe('learned scales (LSQ, amax=learned)', () => {
  it('the simulator quantizes with given scales, and without one with LSQ initial scale 2·mean|x|/√Qp (rounded up)', () => {
    const spec = parseFormat(INT4_T);
    const xs = new Float32Array([0.1, 0.6, -2, 5]);
    expect(Array.from(quantizeWithScales(spec, xs, [4], [0.5]))).toEqual([0, 0.5, -2, 3.5]);
    const init = Math.fround(((2 * (0.1 + 0.6 + 2 + 5)) / 4) / Math.sqrt(7));
    const q = quantizeBlocks(spec, Array.from(xs));
    expect(q.scales[0]).toBeGreaterThanOrEqual(((2 * (0.1 + 0.6 + 2 + 5)) / 4) / Math.sqrt(7));
    expect(Math.abs(q.scales[0]! - init)).toBeLessThanOrEqual(2 ** -20);
    expect(q.values).toEqual(Array.from(quantizeWithScales(spec, Float64Array.from(xs), [4], [q.scales[0]!])));
    expect(() => quantizeWithScales(spec, xs, [4], [0.5, 1])).toThrow(/quantizeWithScales: 1 line\(s\) \(tensor\) need 1 scale\(s\); got 2/);
    expect(() => quantizeWithScales(spec, xs, [4], [0])).toThrow(/scales\[0\] must be a positive finite number; got 0/);
    expect(() => quantizeWithScales(parseFormat('mxfp4_e2m1'), xs, [4], [1])).toThrow(/must be scaled\(\.\.\.\) with block=channel or block=tensor/);
    expect(() => parseFormat('scaled(elem=float8_e4m3fn,scale=float32,block=tensor,amax=learned)')).toThrow(/amax=learned \(LSQ\) needs an integer element/);
  });
  it('forward is the simulator with the current scale; backward is LSQ (clipped STE for x, eq. 3 and 5 for s)', () => {
    const q = lsq(INT4_T);
    q.restoreState({ scale: 0.5, initialized: true });
    const x = tf.tensor([0.1, 0.6, -2, 5]);
    const s = q.scale().read();
    const [dx, ds] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum((q as unknown as { lsq(x: tf.Tensor, s: tf.Tensor): tf.Tensor }).lsq(a, b)))([x, s]);
    const y = q.apply(x, { training: true });
    expect(Array.from(y.dataSync())).toEqual([0, 0.5, -2, 3.5]);
    // v = x/s = [0.2, 1.2, −4, 10]; P = [0, 1, −4, 7 (saturated)]; ∂q/∂s = [−0.2, −0.2, 0, Qp = 7]; g = 1/√(4·7)
    expect(Array.from(dx!.dataSync())).toEqual([1, 1, 1, 0]);
    expect(ds!.dataSync()[0]).toBeCloseTo((-0.2 - 0.2 + 0 + 7) / Math.sqrt(28), 5);
    tf.dispose([x, y, dx!, ds!]);
    q.dispose();
  });
  it('a fresh scale starts at 2·mean|x|/√Qp per channel of the last axis', () => {
    const q = lsq('scaled(elem=int8,scale=float32,block=channel,amax=learned)');
    const x = tf.tensor([1, -10, 3, 20], [2, 2]);
    q.apply(x, { training: true }).dispose();
    const v = q.values();
    expect(v[0]).toBeCloseTo(Math.fround((2 * 2) / Math.sqrt(127)), 6);
    expect(v[1]).toBeCloseTo(Math.fround((2 * 15) / Math.sqrt(127)), 6);
    expect(q.stateJSON()).toMatchObject({ initialized: true });
    x.dispose();
    q.dispose();
  });
  it('only forward roles learn a scale', () => {
    expect(() => createRoleQuantizer(compileRoles({ gradient: { format: INT4_T } }).gradient!, { key: 'd/gradient', seed: 1 })).toThrow(/weight, bias and activation roles only; got gradient/);
  });
  it('an MLP trains with LSQ int4 weights (per channel) and activations (per tensor); the scales move', async () => {
    const cfg = validateTrainConfig({
      model: { type: 'mlp', hidden: [16] },
      dataset: { name: 'synthetic', trainSize: 300, testSize: 100 },
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
      policy: { default: { weight: { format: 'scaled(elem=int4,scale=float32,block=channel,amax=learned)' }, activation: { format: INT4_T } } },
      epochs: 2,
      batchSize: 30,
      seed: 4,
      backend: 'cpu',
    });
    const { record, model } = await runTraining(cfg, { data: blobs() });
    expect(record.status, record.message).toBe('ok');
    expect(record.final.testError!).toBeLessThan(0.5);
    const layer = model!.layers.find((l) => (l as unknown as { quant?: unknown }).quant) as unknown as { quant: { quantizer(r: string): LsqQuantizer } };
    const w = layer.quant.quantizer('weight');
    expect(w).toBeInstanceOf(LsqQuantizer);
    expect((w.stateJSON()!.scale as number[]).length).toBe(16);
    model!.dispose();
  });
});
