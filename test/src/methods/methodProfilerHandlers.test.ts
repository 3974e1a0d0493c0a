import { describe, expect, it } from 'vitest';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { qbpDenseHandler, shiftBatchNormHandler } from '../../../src/methods/methodProfilerHandlers.js';
import { batchNormHandler } from '../../../src/profiler/layers/batchNorm.js';
import { LayerConfig } from '../../../src/profiler/_internal/layerConfig.js';
import type { LayerEnv, LayerHandler, LayerOps } from '../../../src/profiler/layerHandler.js';
import type { ModelTopologyJson } from '../../../src/profiler/topology.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import { classifyMac, defaultAccumulator } from '../../../cost-models/macUnit.js';
import { FLOAT32_OPERAND } from '../../../cost-models/operandFormat.js';
import type { Operand, TraceRole } from '../../../cost-models/opTrace.js';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import { numberArith } from '../../../cost-models/arith.js';

const op = (layer: string, role: TraceRole): Operand => ({ ref: { layer, role }, format: FLOAT32_OPERAND });

function env(className: string, raw: Record<string, unknown>, inputShape: number[], h: LayerHandler): LayerEnv {
  const cfg = new LayerConfig('x', className, raw);
  return {
    name: 'x', className, cfg, inputShapes: [inputShape], outputShape: h.outputShape([inputShape], cfg),
    inputs: [op('prev', 'activation')], inputErrors: [op('prev', 'error')], fromModelInput: false,
    role: (r) => op('x', r),
    accumulator: (a, b, fanIn) => defaultAccumulator(classifyMac(a.format, b.format), a.format, b.format, fanIn),
  };
}

/** [label, count, unit kind] of every product (MACs and elementwise). */
type Product = { label: string; count: number; unit: { kind: string } };
const products = (o: { macs: readonly Product[]; muls: readonly Product[] }) => [...o.macs, ...o.muls].map((g) => [g.label, g.count, g.unit.kind]);
const adds = (o: LayerOps) => o.adds.reduce((s, g) => s + g.count, 0);

/** bytes(8-bit, 6 inputs) → d1: 6→4 binary weights → bn: ShiftBatchNorm, binary output → d2: 4→3 binary weights. */
const binaryNet: ModelTopologyJson = {
  class_name: 'Sequential',
  config: {
    name: 'bnn',
    layers: [
      { class_name: 'ByteInput', config: { name: 'bytes', bits: 8, batch_input_shape: [null, 6] } },
      { class_name: 'QDense', config: { name: 'd1', units: 4, use_bias: false } },
      { class_name: 'ShiftBatchNorm', config: { name: 'bn', activation: 'linear' } },
      { class_name: 'QDense', config: { name: 'd2', units: 3, use_bias: false } },
    ],
  },
};
const binary: PolicySpec = {
  rules: [
    { match: { type: 'QDense' }, roles: { weight: { format: 'binary' } } },
    { match: { name: 'bn' }, roles: { activation: { format: 'binary' } } },
  ],
};

describe('ByteInput in the profiler', () => {
  const t = profileModel(binaryNet, { policy: binary, phase: 'training', batchSize: 1, optimizer: 'sgd' });
  const layer = (n: string) => t.layers.find((l) => l.name === n)!;

  it('is the model input as 8-bit integers: the float32 InputLayer before it is not read', () => {
    expect(layer('input').memory).toEqual([]);
    expect(layer('bytes').memory.map((m) => [m.label, m.elements, m.store, m.reads, m.writes, m.operand.format])).toEqual([
      ['model input', 6, 'dram', 1, 0, { kind: 'int', bits: 8 }],
      ['model input', 6, 'sram', 0, 1, { kind: 'int', bits: 8 }],
    ]);
    expect(layer('bytes')).toMatchObject({ params: 0, macs: [], muls: [], adds: [] });
  });

  it('makes the first layer a mux on 8-bit data, and no error flows back to it', () => {
    // forward 6·4 products; backward: the weight gradient only (no error propagation into the input)
    expect(products(layer('d1'))).toEqual([['forward', 24, 'mux'], ['weight gradient', 24, 'floatMul'], ['learning rate', 24, 'floatMul']]);
    expect(layer('d1').macs[0]!.a.format).toEqual({ kind: 'int', bits: 8 });
    expect(layer('d1').memory.some((m) => m.label === 'input error')).toBe(false);
  });

  it('takes its width from config.bits, and the policy can still override it', () => {
    const four = structuredClone(binaryNet);
    (four.config as { layers: Array<{ config: Record<string, unknown> }> }).layers[0]!.config.bits = 4;
    expect(profileModel(four).layers.find((l) => l.name === 'd1')!.macs[0]!.a.format).toEqual({ kind: 'int', bits: 4 });
    const whatIf = profileModel(binaryNet, { policy: { rules: [{ match: { name: 'bytes' }, roles: { activation: { format: 'int16' } } }] } });
    expect(whatIf.layers.find((l) => l.name === 'd1')!.macs[0]!.a.format).toEqual({ kind: 'int', bits: 16 });
  });

  it('a binary weight × binary activation MAC is an XNOR with a popcount, priced as such', () => {
    const d2 = layer('d2');
    const fwd = d2.macs.find((g) => g.pass === 'forward')!;
    expect(fwd).toMatchObject({ count: 12, fanIn: 4, unit: { kind: 'xnor' }, accumulator: { kind: 'popcount' } });
    const inference = profileModel(binaryNet, { policy: binary });
    const r = costReport(inference, horowitz45nm).layers.find((l) => l.name === 'd2')!;
    expect(r.energyPjByCategory.multiply).toBeCloseTo(12 * horowitz45nm.xnorPj(numberArith), 12);
    expect(r.energyPjByCategory.accumulate).toBeCloseTo(12 * horowitz45nm.popcountPj(numberArith, 4), 12);
  });

  it('rejects a bad bits value, naming the layer', () => {
    const bad = structuredClone(binaryNet);
    (bad.config as { layers: Array<{ config: Record<string, unknown> }> }).layers[0]!.config.bits = 0;
    expect(() => profileModel(bad)).toThrow(new RangeError("profileModel: layer 'bytes' (ByteInput): config.bits must be an integer ≥ 1; got 0"));
  });
});

describe('QbpDense in the profiler', () => {
  it('counts as a dense layer whose weight gradient shifts by the pow2 input (exponents expMin..expMax+1)', () => {
    const e = env('QbpDense', { units: 20, use_bias: false, qbp: { exp_min: -4, exp_max: 3 } }, [30], qbpDenseHandler);
    expect(qbpDenseHandler.params([[30]], e.cfg)).toEqual({ weight: 600, bias: 0 });
    expect(products(qbpDenseHandler.forward(e, true))).toEqual([['forward', 600, 'floatMul']]);
    const back = qbpDenseHandler.backward(e);
    expect(products(back)).toEqual([['error', 600, 'floatMul'], ['weight gradient', 600, 'shift']]);
    // pow2(min=-4,max=4): span 8, 1 + ⌈log2(10)⌉ = 5 bits; the layer input's ref is kept
    const wg = back.macs[1]!;
    expect(wg.a).toEqual({ ref: { layer: 'prev', role: 'activation' }, format: { kind: 'pow2', bits: 5, span: 8 } });
    expect(wg.unit).toEqual({ kind: 'shift', data: 'b', span: 8 });
    const narrow = qbpDenseHandler.backward(env('QbpDense', { units: 20, qbp: { expMin: -2, expMax: 1 } }, [30], qbpDenseHandler));
    expect(narrow.macs[1]!.a.format).toEqual({ kind: 'pow2', bits: 4, span: 4 });
  });

  it('rejects a bad exponent range, naming the layer', () => {
    const e = env('QbpDense', { units: 2, qbp: { expMin: 3, expMax: 1 } }, [4], qbpDenseHandler);
    expect(() => qbpDenseHandler.backward(e)).toThrow(
      new RangeError("profileModel: layer 'x' (QbpDense): config.qbp: expMin and expMax must be integers in [−126, 126] with expMin ≤ expMax; got 3, 1"));
    const notObject = env('QbpDense', { units: 2, qbp: 5 }, [4], qbpDenseHandler);
    expect(() => qbpDenseHandler.backward(notObject)).toThrow(new RangeError("profileModel: layer 'x' (QbpDense): config.qbp must be an object {expMin, expMax}; got 5"));
  });
});

describe('ShiftBatchNorm in the profiler', () => {
  const n = 2 * 5; // input [2, 5]: 10 values, 5 channels
  const e = env('ShiftBatchNorm', { activation: 'linear' }, [2, 5], shiftBatchNormHandler);
  const plain = env('BatchNorm', { activation: 'linear' }, [2, 5], batchNormHandler);

  it('has batch norm\'s counts, with the products by powers of two as shifts', () => {
    expect(shiftBatchNormHandler.params([[2, 5]], e.cfg)).toEqual({ weight: 5, bias: 5 });
    expect(products(shiftBatchNormHandler.forward(e, true))).toEqual([['normalize (shift)', 3 * n, 'shift']]);
    expect(adds(shiftBatchNormHandler.forward(e, true))).toBe(4 * n);
    expect(products(shiftBatchNormHandler.forward(e, false))).toEqual([['scale (shift)', n, 'shift']]);
    expect(adds(shiftBatchNormHandler.forward(e, false))).toBe(n);
    expect(products(shiftBatchNormHandler.backward(e))).toEqual([['normalize', 2 * n, 'floatMul'], ['scale (shift)', n, 'shift']]);
    expect(adds(shiftBatchNormHandler.backward(e))).toBe(4 * n);
    // the same number of products as batch norm, pass by pass
    const total = (o: LayerOps) => [...o.macs, ...o.muls].reduce((s, g) => s + g.count, 0);
    for (const training of [true, false]) expect(total(shiftBatchNormHandler.forward(e, training))).toBe(total(batchNormHandler.forward(plain, training)));
    expect(total(shiftBatchNormHandler.backward(e))).toBe(total(batchNormHandler.backward(plain)));
  });

  it('costs less than batch norm (a float32 shift is an exponent add)', () => {
    const withClass = (c: string) => {
      const m = structuredClone(binaryNet);
      (m.config as { layers: Array<{ class_name: string }> }).layers[2]!.class_name = c;
      return costReport(profileModel(m, { policy: binary, phase: 'training' }), horowitz45nm).layers.find((l) => l.name === 'bn')!.energyPjByCategory.multiply;
    };
    expect(withClass('ShiftBatchNorm')).toBeLessThan(withClass('BatchNorm'));
  });

  it('rejects an activation the profiler does not model, naming the layer', () => {
    const bad = env('ShiftBatchNorm', { activation: 'cube' }, [4], shiftBatchNormHandler);
    expect(() => shiftBatchNormHandler.forward(bad, true)).toThrow(/profileModel: layer 'x' \(ShiftBatchNorm\): config\.activation is an activation the profiler does not model: "cube"/);
  });
});
