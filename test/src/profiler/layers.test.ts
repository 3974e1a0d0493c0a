import { describe, expect, it } from 'vitest';
import { profileModel } from '../../../src/profiler/profileModel.js';

type Spec = { class_name: string; config: Record<string, unknown> };
/** The trace of the layer under test (named 'x'), fed by an input of `shape`. */
function run(shape: number[], spec: Spec, phase: 'inference' | 'training' = 'inference') {
  const model = { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, ...shape] } }, { ...spec, config: { name: 'x', ...spec.config } }] } };
  return profileModel(model, { phase }).layers[1]!;
}
const macs = (l: ReturnType<typeof run>) => l.macs.filter((g) => g.pass === 'forward').reduce((s, g) => s + g.count, 0);
const count = (gs: ReadonlyArray<{ count: number }>) => gs.reduce((s, g) => s + g.count, 0);

describe('layer handlers', () => {
  it('Conv2D: stride, same/valid padding, dilation, groups', () => {
    const s = run([7, 7, 3], { class_name: 'Conv2D', config: { filters: 8, kernel_size: 3, strides: 2, padding: 'same' } });
    expect([s.outputShape, macs(s), s.params]).toEqual([[4, 4, 8], 16 * 8 * 27, 27 * 8 + 8]);
    const d = run([7, 7, 1], { class_name: 'Conv2D', config: { filters: 1, kernel_size: [3, 3], dilation_rate: 2, use_bias: false } });
    expect([d.outputShape, macs(d), d.params]).toEqual([[3, 3, 1], 9 * 9, 9]);
    const g = run([5, 5, 4], { class_name: 'Conv2D', config: { filters: 6, kernel_size: 1, groups: 2 } });
    expect([macs(g), g.params, g.macs[0]!.groups, g.macs[0]!.fanIn]).toEqual([25 * 6 * 2, 2 * 6 + 6, 2, 2]);
    const camel = run([5, 5, 4], { class_name: 'QConv2D', config: { filters: 6, kernelSize: [1, 1], useBias: false } });
    expect([macs(camel), camel.params]).toEqual([25 * 6 * 4, 24]);
  });

  it('DepthwiseConv2D: one kernel per channel and multiplier', () => {
    const l = run([8, 8, 3], { class_name: 'DepthwiseConv2D', config: { kernel_size: 3, padding: 'same', depth_multiplier: 2 } });
    expect([l.outputShape, macs(l), l.params, l.macs[0]!.groups]).toEqual([[8, 8, 6], 64 * 6 * 9, 9 * 6 + 6, 3]);
    expect(run([8, 8, 3], { class_name: 'DepthwiseConv2D', config: { kernel_size: 3 } }).macs[0]!.sameChannel).toBe(true);
  });

  it('Dense over leading positions', () => {
    const l = run([5, 8], { class_name: 'Dense', config: { units: 3, use_bias: false } });
    expect([l.outputShape, macs(l), l.params, l.adds.length]).toEqual([[5, 3], 120, 24, 0]);
  });

  it('pooling layers', () => {
    const avg = run([4, 4, 2], { class_name: 'AveragePooling2D', config: { pool_size: 2 } });
    expect([avg.outputShape, count(avg.adds), count(avg.muls)]).toEqual([[2, 2, 2], 8 * 3, 8]);
    const gap = run([3, 3, 5], { class_name: 'GlobalAveragePooling2D', config: {} });
    expect([gap.outputShape, count(gap.adds), count(gap.muls)]).toEqual([[5], 40, 5]);
    const gmp = run([3, 3, 5], { class_name: 'GlobalMaxPooling2D', config: {} });
    expect([gmp.outputShape, count(gmp.compares)]).toEqual([[5], 40]);
    const mp = run([5, 5, 1], { class_name: 'MaxPooling2D', config: { pool_size: 3, strides: 2, padding: 'same' } });
    expect([mp.outputShape, count(mp.compares)]).toEqual([[3, 3, 1], 9 * 8]);
  });

  it('batch normalization: folded at inference, batch statistics in training', () => {
    const inf = run([4, 4, 3], { class_name: 'BatchNormalization', config: {} });
    expect([inf.params, count(inf.muls), count(inf.adds), inf.adds[0]!.operand.ref.role]).toEqual([6, 48, 48, 'bias']);
    const tr = run([4, 4, 3], { class_name: 'BatchNorm', config: { activation: 'hard_tanh' } }, 'training');
    const by = (pass: string) => [count(tr.muls.filter((g) => g.pass === pass)), count(tr.adds.filter((g) => g.pass === pass)), count(tr.compares.filter((g) => g.pass === pass))];
    expect(by('forward')).toEqual([144, 192, 96]);
    expect(by('backward')).toEqual([144, 192, 48]);
    expect(run([3], { class_name: 'BatchNormalization', config: { scale: false } }).params).toBe(3);
  });

  it('activations: priced, and counted but not priced', () => {
    expect(count(run([10], { class_name: 'ReLU', config: { max_value: 6 } }).compares)).toBe(20);
    const leaky = run([10], { class_name: 'LeakyReLU', config: { alpha: 0.1 } });
    expect([count(leaky.compares), count(leaky.muls)]).toEqual([10, 10]);
    const sm = run([10], { class_name: 'Softmax', config: {} });
    expect([sm.unpriced, count(sm.adds), count(sm.muls)]).toEqual([[{ pass: 'forward', label: 'softmax', count: 10, op: 'exp' }], 10, 10]);
    expect(run([10], { class_name: 'Activation', config: { activation: 'tanh' } }).unpriced).toEqual([{ pass: 'forward', label: 'tanh', count: 10, op: 'tanh' }]);
  });

  it('views, Add and Maxout', () => {
    expect(run([5, 5, 1], { class_name: 'ZeroPadding2D', config: { padding: [[1, 2], [3, 4]] } }).outputShape).toEqual([8, 12, 1]);
    expect(run([5, 5, 1], { class_name: 'ZeroPadding2D', config: { padding: 1 } }).outputShape).toEqual([7, 7, 1]);
    expect(run([6], { class_name: 'Reshape', config: { target_shape: [-1, 2] } }).outputShape).toEqual([3, 2]);
    const d = run([6], { class_name: 'Dropout', config: { rate: 0.5 } });
    expect([d.outputShape, d.memory]).toEqual([[6], []]);
    const mo = run([12], { class_name: 'Maxout', config: { pieces: 3 } });
    expect([mo.outputShape, count(mo.compares), mo.params]).toEqual([[4], 8, 0]);
  });

  it('reject configs they cannot cost, naming the layer, class and key', () => {
    const bad = (shape: number[], spec: Spec) => () => run(shape, spec);
    expect(bad([4, 4, 1], { class_name: 'Conv2D', config: { kernel_size: 3 } })).toThrow("profileModel: layer 'x' (Conv2D): config.filters is required (a positive integer)");
    expect(bad([4, 4, 1], { class_name: 'Conv2D', config: { filters: 2, kernel_size: 5 } })).toThrow("profileModel: layer 'x' (Conv2D): config.padding leaves no output: input 4, window 5, stride 1, dilation 1, padding valid");
    expect(bad([4, 4, 3], { class_name: 'Conv2D', config: { filters: 2, kernel_size: 1, groups: 2 } })).toThrow("config.groups must divide the input channels (3) and filters (2); got 2");
    expect(bad([4, 4, 3], { class_name: 'Conv2D', config: { filters: 2, kernel_size: 1, data_format: 'channels_first' } })).toThrow('config.data_format channels_first is not supported');
    expect(bad([4, 4, 3], { class_name: 'Conv2D', config: { filters: 2, kernel_size: 1, padding: 'causal' } })).toThrow('config.padding must be one of valid, same; got "causal"');
    expect(bad([16], { class_name: 'Conv2D', config: { filters: 2, kernel_size: 1 } })).toThrow('needs a rank-3 input [H, W, C] (no batch); got [16]');
    expect(bad([8], { class_name: 'Dense', config: { units: 2, activation: 'swish2' } })).toThrow(`profileModel: layer 'x' (Dense): config.activation is an activation the profiler does not model: "swish2"`);
    expect(bad([8], { class_name: 'Dense', config: { units: 0 } })).toThrow('config.units must be an integer ≥ 1; got 0');
    expect(bad([6], { class_name: 'Reshape', config: { target_shape: [4] } })).toThrow('config.target_shape [4] does not fit 6 values');
    expect(bad([12], { class_name: 'Maxout', config: { pieces: 5 } })).toThrow("profileModel: layer 'x' (Maxout): config.pieces must divide the last input axis (12); got 5");
    expect(bad([4, 4, 3], { class_name: 'BatchNormalization', config: { axis: 1 } })).toThrow('config.axis must be the last axis (-1 or 3); got 1');
    const add = { class_name: 'Model', config: { layers: [
      { class_name: 'InputLayer', name: 'a', config: { batch_input_shape: [null, 3] }, inbound_nodes: [] },
      { class_name: 'InputLayer', name: 'b', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
      { class_name: 'Add', name: 's', config: {}, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}]]] },
    ] } };
    expect(() => profileModel(add)).toThrow("profileModel: layer 's' (Add): config.inbound_nodes Add inputs must have equal shapes; got [[3], [4]]");
  });
});
