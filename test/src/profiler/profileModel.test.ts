import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { profileModel } from '../../../src/profiler/profileModel.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import type { ModelTopologyJson } from '../../../src/profiler/topology.js';

/** input [6,6,2] → conv 4@3×3 valid relu → maxpool 2 → flatten → dense 3. */
const small: ModelTopologyJson = {
  class_name: 'Sequential',
  config: {
    name: 'small',
    layers: [
      { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: [3, 3], activation: 'relu', batch_input_shape: [null, 6, 6, 2] } },
      { class_name: 'MaxPooling2D', config: { name: 'p', pool_size: [2, 2] } },
      { class_name: 'Flatten', config: { name: 'f' } },
      { class_name: 'Dense', config: { name: 'd', units: 3 } },
    ],
  },
};
const policy: PolicySpec = {
  default: { weight: { format: 'fixed(w=4,f=2)' }, activation: { format: 'int8' } },
  rules: [{ match: { name: 'd' }, roles: { weight: { format: 'binary' } } }],
};
const int8 = { kind: 'int', bits: 8 };
const f32 = { kind: 'float', bits: 32, e: 8, m: 23 };
const byName = (t: ReturnType<typeof profileModel>, n: string) => t.layers.find((l) => l.name === n)!;

describe('profileModel: a small model by hand (inference)', () => {
  const t = profileModel(small, { policy });

  it('lists every layer with its output shape and parameters', () => {
    expect(t).toMatchObject({ model: 'small', phase: 'inference', batchSize: 1 });
    expect(t.layers.map((l) => [l.name, l.className, l.outputShape, l.params])).toEqual([
      ['input', 'InputLayer', [6, 6, 2], 0],
      ['c', 'Conv2D', [4, 4, 4], 3 * 3 * 2 * 4 + 4],
      ['p', 'MaxPooling2D', [2, 2, 4], 0],
      ['f', 'Flatten', [16], 0],
      ['d', 'Dense', [3], 16 * 3 + 3],
    ]);
  });

  it('counts MACs by unit with their accumulators', () => {
    const c = byName(t, 'c').macs;
    expect(c).toEqual([
      expect.objectContaining({
        // the model input is never quantized: it stays float32 although the policy's default sets activations
        pass: 'forward', count: 16 * 4 * 18, fanIn: 18, groups: 1, unit: { kind: 'floatMul', e: 8, m: 23 },
        a: { ref: { layer: 'input', role: 'activation' }, format: f32 },
        b: { ref: { layer: 'c', role: 'weight' }, format: { kind: 'int', bits: 4 } },
        accumulator: { kind: 'float', e: 8, m: 23 },
      }),
    ]);
    // the dense layer reads the pool's values (the conv's: a maximum is one of its inputs) through the Flatten view; binary weights → mux
    expect(byName(t, 'd').macs).toEqual([
      expect.objectContaining({ count: 48, fanIn: 16, unit: { kind: 'mux', data: 'a', ternary: false }, a: { ref: { layer: 'c', role: 'activation' }, format: int8 }, accumulator: { kind: 'sum', terms: ['a'], extraBits: 4 } }),
    ]);
  });

  it('counts adds and comparisons', () => {
    expect(byName(t, 'c').adds).toEqual([{ pass: 'forward', label: 'bias', count: 64, operand: { ref: { layer: 'c', role: 'bias' }, format: f32 } }]);
    expect(byName(t, 'c').compares).toEqual([{ pass: 'forward', label: 'relu', count: 64, operand: { ref: { layer: 'c', role: 'activation' }, format: int8 } }]);
    expect(byName(t, 'p').compares).toEqual([{ pass: 'forward', label: 'max', count: 16 * 3, operand: { ref: { layer: 'c', role: 'activation' }, format: int8 } }]);
    expect(byName(t, 'f')).toMatchObject({ macs: [], adds: [], compares: [], memory: [], tensors: [] });
  });

  it('records the memory traffic of the stated assumptions', () => {
    const mem = (n: string) => byName(t, n).memory.map((m) => [m.label, m.operand.ref.layer, m.operand.ref.role, m.elements, m.store, m.reads, m.writes, m.category]);
    expect(mem('input')).toEqual([
      ['model input', 'input', 'activation', 72, 'dram', 1, 0, 'activation'],
      ['model input', 'input', 'activation', 72, 'sram', 0, 1, 'activation'],
    ]);
    expect(mem('c')).toEqual([
      ['weight', 'c', 'weight', 72, 'dram', 1, 0, 'weight'],
      ['bias', 'c', 'bias', 4, 'dram', 1, 0, 'weight'],
      ['input', 'input', 'activation', 72, 'sram', 1, 0, 'activation'],
      ['output', 'c', 'activation', 64, 'sram', 0, 1, 'activation'],
    ]);
    expect(mem('d')).toEqual([
      ['weight', 'd', 'weight', 48, 'dram', 1, 0, 'weight'],
      ['bias', 'd', 'bias', 3, 'dram', 1, 0, 'weight'],
      ['input', 'c', 'activation', 16, 'sram', 1, 0, 'activation'],
      ['output', 'd', 'activation', 3, 'sram', 0, 1, 'activation'],
    ]);
    expect(byName(t, 'd').tensors.map((x) => [x.operand.ref.role, x.operand.format.bits, x.elements])).toEqual([
      ['weight', 1, 48],
      ['bias', 32, 3],
      ['activation', 8, 3],
    ]);
  });
});

describe('profileModel: training', () => {
  const t = profileModel(small, { policy, phase: 'training', batchSize: 4 });

  it('adds error propagation (not into the model input) and weight gradients', () => {
    const c = byName(t, 'c').macs.map((g) => [g.pass, g.label, g.count, g.fanIn, g.a.ref.role, g.b.ref.role]);
    expect(c).toEqual([
      ['forward', 'forward', 1152, 18, 'activation', 'weight'],
      ['backward', 'weight gradient', 1152, 16, 'activation', 'error'],
    ]);
    const d = byName(t, 'd').macs.map((g) => [g.pass, g.label, g.count, g.fanIn, g.a.ref.role, g.b.ref.role, g.sameChannel ?? false]);
    expect(d).toEqual([
      ['forward', 'forward', 48, 16, 'activation', 'weight', false],
      ['backward', 'error', 48, 3, 'error', 'weight', true],
      ['backward', 'weight gradient', 48, 1, 'activation', 'error', false],
    ]);
    expect(byName(t, 'c').compares.map((g) => [g.pass, g.label, g.count])).toEqual([['forward', 'relu', 64], ['backward', "relu'", 64]]);
    expect(byName(t, 'c').adds.find((g) => g.label === 'bias gradient')?.count).toBe(64);
  });

  it('adds the update per step (÷ batch) and optimizer memory', () => {
    const c = byName(t, 'c');
    expect(c.muls.map((g) => [g.pass, g.label, g.count, g.a.ref.role])).toEqual([['update', 'learning rate', 19, 'gradient'], ['update', 'momentum', 19, 'momentum']]);
    expect(c.adds.filter((g) => g.pass === 'update').map((g) => [g.label, g.count, g.operand.ref.role])).toEqual([['update', 19, 'update'], ['momentum', 19, 'momentum']]);
    const mem = c.memory.filter((m) => m.pass !== 'forward').map((m) => [m.label, m.operand.ref.role, m.elements, m.store, m.reads, m.writes, m.category]);
    expect(mem).toEqual([
      ['stored input', 'activation', 72, 'dram', 1, 1, 'activation'],
      ['error', 'error', 64, 'sram', 1, 0, 'activation'],
      ['gradient', 'gradient', 76, 'dram', 0.25, 0.25, 'optimizer'],
      ['momentum', 'momentum', 76, 'dram', 0.25, 0.25, 'optimizer'],
      ['master weights', 'update', 76, 'dram', 0.25, 0.25, 'optimizer'],
      ['weight copy', 'weight', 72, 'dram', 0, 0.25, 'optimizer'], // int4 forward copy of the float32 master
      ['bias copy', 'bias', 4, 'dram', 0, 0.25, 'optimizer'],
    ]);
    // the dense layer sends its error back and reads its weights again
    expect(byName(t, 'd').memory.filter((m) => m.pass === 'backward').map((m) => m.label)).toEqual(['stored input', 'error', 'input error', 'weight']);
  });

  it('prices Adam/AdaMax with two moment tensors: 8 multiplies and 3 adds per parameter in the momentum format', () => {
    // Arrange / Act: layer c has 76 parameters, batch 4 → 19 per example
    const c = byName(profileModel(small, { policy, phase: 'training', batchSize: 4, optimizer: 'adam' }), 'c');
    // Assert
    expect(c.muls.map((g) => [g.label, g.count, g.a.ref.role])).toEqual([['learning rate', 19, 'gradient'], ['moments', 95, 'momentum'], ['step (÷, √, scale)', 57, 'momentum']]);
    expect(c.adds.filter((g) => g.pass === 'update').map((g) => [g.label, g.count])).toEqual([['update', 19], ['moments and ε', 57]]);
    expect(c.memory.filter((m) => m.category === 'optimizer').map((m) => [m.label, m.elements])).toEqual([
      ['gradient', 76], ['first moment', 76], ['second moment', 76], ['master weights', 76], ['weight copy', 72], ['bias copy', 4],
    ]);
    expect(c.tensors.find((x) => x.operand.ref.role === 'momentum')?.elements).toBe(152);
  });

  it('sums the errors of a tensor read by several layers; plain SGD keeps no state', () => {
    const residual: ModelTopologyJson = {
      class_name: 'Model',
      config: {
        name: 'res',
        layers: [
          { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'a', config: { units: 4 }, inbound_nodes: [[['in', 0, 0, {}]]] },
          { class_name: 'Dense', name: 'b', config: { units: 4 }, inbound_nodes: [[['a', 0, 0, {}]]] },
          { class_name: 'Add', name: 'sum', config: {}, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}]]] },
        ],
      },
    };
    const r = profileModel(residual, { phase: 'training', optimizer: 'sgd' });
    expect(byName(r, 'a').adds.filter((g) => g.label === 'error sum')).toEqual([{ pass: 'backward', label: 'error sum', count: 4, operand: { ref: { layer: 'a', role: 'error' }, format: f32 } }]);
    expect(byName(r, 'sum').adds).toEqual([expect.objectContaining({ label: 'residual', count: 4 })]);
    expect(byName(r, 'a').memory.some((m) => m.label === 'momentum')).toBe(false);
    expect(byName(r, 'a').muls.map((g) => g.label)).toEqual(['learning rate']);
  });
});

describe('profileModel inputs and options', () => {
  it('reads a tf.LayersModel the same as its toJSON, and a lowbit layer’s own precision', () => {
    const m = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 3 })],
    });
    const fromModel = profileModel(m);
    const fromJson = profileModel(m.toJSON(null, false));
    expect(fromModel).toEqual(fromJson);
    expect(fromModel.layers.map((l) => l.macs.reduce((s, g) => s + g.count, 0))).toEqual([0, 1152, 0, 0, 48]);
    m.dispose();
    const own = { class_name: 'Sequential', config: { layers: [{ class_name: 'QDense', config: { name: 'q', units: 2, batch_input_shape: [null, 8], precision: { weight: { format: 'binary' }, activation: { format: 'int4' } } } }] } };
    const t = profileModel(own);
    expect(byName(t, 'q').macs[0]!.unit).toEqual({ kind: 'mux', data: 'a', ternary: false });
    // the policy overrides the layer's roles where it sets them
    const t2 = profileModel(own, { policy: { default: { weight: { format: 'int8' } } } });
    expect(byName(t2, 'q').macs[0]!.b.format).toEqual(int8);
    expect(byName(t2, 'q').tensors.find((x) => x.operand.ref.role === 'activation')!.operand.format).toEqual({ kind: 'int', bits: 4 });
  });

  it("ignores a layer's backward estimators, which toJSON snake-cases (swishSign → swish_sign)", () => {
    const roles = { weight: { format: 'binary' }, activation: { format: 'binary', backward: 'swishSign(beta=5)' } };
    const m = tf.sequential({ layers: [tf.layers.dense({ name: 'q', units: 2, inputShape: [8] })] });
    const topo = m.toJSON(null, false) as unknown as ModelTopologyJson;
    m.dispose();
    const layers = (topo.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }).layers;
    Object.assign(layers[0]!, { class_name: 'QDense', config: { ...layers[0]!.config, precision: { ...roles, activation: { ...roles.activation, backward: 'swish_sign(beta=5)' } } } });
    const act = byName(profileModel(topo), 'q').tensors.find((x) => x.operand.ref.role === 'activation')!;
    expect(act.operand.format).toEqual({ kind: 'binary', bits: 1 });
  });

  it('is empty for an empty model', () => {
    expect(profileModel({ class_name: 'Sequential', config: { name: 'e', layers: [] } }).layers).toEqual([]);
  });

  it('rejects bad options and policies, naming what is wrong', () => {
    expect(() => profileModel(small, { phase: 'train' as never })).toThrow(`profileModel: options.phase must be 'inference' or 'training'; got "train"`);
    expect(() => profileModel(small, { batchSize: 0 })).toThrow('profileModel: options.batchSize must be a positive integer; got 0');
    expect(() => profileModel(small, { optimizer: 'rmsprop' as never })).toThrow(`profileModel: options.optimizer must be 'momentum', 'sgd' or 'adam'; got "rmsprop"`);
    expect(() => profileModel(small, null as never)).toThrow(TypeError);
    expect(() => profileModel(small, { policy: { default: { weight: { format: 'int9x' } } } })).toThrow(/^policy\.default\.weight\.format: /);
    expect(() => profileModel(small, { policy: { default: { accumulator: { format: 'binary' } } } })).toThrow("profileModel: layer 'c' (Conv2D): the accumulator format must be float or fixed point; got binary");
    const own = { class_name: 'Sequential', config: { layers: [{ class_name: 'QDense', config: { name: 'q', units: 2, batch_input_shape: [null, 8], precision: { weight: { fmt: 'binary' } } } }] } };
    expect(() => profileModel(own)).toThrow("profileModel: layer 'q' (QDense) config.precision.weight.fmt: unknown key; allowed: format, rounding, seed, backward");
  });

  it('names an unknown layer and its class', () => {
    const lstm = { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { name: 'rnn', units: 8, batch_input_shape: [null, 5, 3] } }] } };
    expect(() => profileModel(lstm)).toThrow(/^profileModel: layer 'rnn' has class 'LSTM', which the profiler does not model; supported: InputLayer, Dense, /);
  });
});
