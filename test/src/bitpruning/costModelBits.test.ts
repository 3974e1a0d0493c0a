import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BIT_COST_TARGETS, costModelBits, type BitCostTarget } from '../../../src/bitpruning/costModelBits.js';
import { bitRegularizer } from '../../../src/bitpruning/bitRegularizer.js';
import { QConv2D } from '../../../src/layers/qConv2D.js';
import { QDense } from '../../../src/layers/qDense.js';
import { learnedWidths } from '../../../src/bitpruning/learnedWidths.js';
import { LEARNED_GRANULARITIES, type LearnedGranularity } from '../../../src/policy/learnedFormat.js';
import { qtools } from '../../../cost-models/qtools.js';
import { costReport } from '../../../cost-models/costReport.js';
import { profileModel } from '../../../src/profiler/profileModel.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** conv 3×3 (2 → 4, 6×6, same, relu) → flatten → dense 144 → 3 (logits, output not quantized); learned widths from `init`. */
function net(granularity: LearnedGranularity, init = 8): tf.Sequential {
  const L = { format: `learned(init=${init},granularity=${granularity})` };
  const m = tf.sequential();
  m.add(new QConv2D({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [6, 6, 2], precision: { weight: L, activation: L } }));
  m.add(tf.layers.flatten());
  m.add(new QDense({ name: 'd1', units: 3, precision: { weight: L } }));
  return m;
}

/** The width variables of a model by group. */
const widthVars = (m: tf.LayersModel) => new Map(learnedWidths(m).map((w) => [w.group, w.quantizer.widths().read() as tf.Variable]));
const setWidths = (m: tf.LayersModel, values: Record<string, number>) => {
  const vars = widthVars(m);
  for (const [g, v] of Object.entries(values)) tf.tidy(() => vars.get(g)!.assign(tf.fill(vars.get(g)!.shape, v)));
};

const N = { 'c1/weight': 4.25, 'c1/activation': 6.5, 'd1/weight': 3.75 };

/** Hand-computed oracles at tensor granularity: MACs c1 2592 (input float32 × c1 weight), d1 432 (c1 act × d1 weight). */
function oracle(target: Exclude<BitCostTarget, 'energy'>, n: typeof N): number {
  switch (target) {
    case 'bits': return (n['c1/weight'] + n['c1/activation'] + n['d1/weight']) / 3;
    case 'ops': return (2592 * (32 + n['c1/weight']) / 2 + 432 * (n['c1/activation'] + n['d1/weight']) / 2) / (2592 + 432);
    // tensors: c1 kernel 72, c1 output 144, d1 kernel 432
    case 'memory': return (72 * n['c1/weight'] + 144 * n['c1/activation'] + 432 * n['d1/weight']) / (72 + 144 + 432);
  }
}

describe('costModelBits', () => {
  for (const target of ['bits', 'ops', 'memory'] as const) {
    it(`${target}: equals a hand-computed oracle`, () => {
      const model = net('tensor');
      const { cost } = costModelBits(model, target, qtools);
      setWidths(model, N);
      expect(tf.tidy(() => cost().dataSync()[0]!)).toBeCloseTo(oracle(target, N), 4);
      model.dispose();
    });
  }

  it('energy at integer widths equals the cost report of the model as it holds them, and of the same model profiled at those widths', () => {
    const model = net('tensor');
    const { cost } = costModelBits(model, 'energy', qtools);
    setWidths(model, { 'c1/weight': 4, 'c1/activation': 6, 'd1/weight': 3 });
    const f = (w: number) => ({ format: `fixed(w=${w},f=0)` });
    const atWidths = costReport(profileModel(model, { policy: { rules: [
      { match: { name: 'c1' }, roles: { weight: f(4), activation: f(6) } },
      { match: { name: 'd1' }, roles: { weight: f(3) } },
    ] } }), qtools);
    const held = costReport(profileModel(model), qtools);
    expect(held.totals).toEqual(atWidths.totals);
    expect(tf.tidy(() => cost().dataSync()[0]!)).toBeCloseTo(held.totals.energyPj, 1);
    model.dispose();
  });

  for (const granularity of LEARNED_GRANULARITIES) {
    it(`${granularity}: every target's gradient matches central differences`, () => {
      for (const target of BIT_COST_TARGETS) {
        const model = net(granularity, 6);
        const { cost } = costModelBits(model, target, qtools);
        const vars = [...widthVars(model).values()];
        // distinct, non-integer starting points
        vars.forEach((v, i) => tf.tidy(() => v.assign(tf.add(tf.mul(tf.range(0, v.size || 1), 0.37).reshape(v.shape), 3.3 + 0.61 * i))));
        const { value, grads } = tf.variableGrads(cost, vars);
        const at = () => tf.tidy(() => cost().dataSync()[0]!);
        for (const v of vars) {
          const g = grads[v.name]!.dataSync();
          const base = Float32Array.from(v.dataSync());
          for (let i = 0; i < base.length; i++) {
            const h = 0.05;
            const set = (d: number) => tf.tidy(() => { const b = Float32Array.from(base); b[i]! += d; v.assign(tf.tensor(b, v.shape)); });
            set(h); const up = at();
            set(-h); const dn = at();
            set(0);
            const fd = (up - dn) / (2 * h);
            // float32 rounding of the cost itself (energy is ~1e5 pJ here) bounds how well differences can agree
            const noise = (4 * Math.abs(up) * 2 ** -24) / (2 * h);
            expect(Math.abs(g[i]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)) + noise);
          }
        }
        tf.dispose([value, ...Object.values(grads)]);
        model.dispose();
      }
    });
  }

  it('targets price layers differently: ops weighs the c1 weights most, memory the d1 weights', () => {
    const model = net('tensor');
    const share = (t: BitCostTarget) => {
      const { cost } = costModelBits(model, t, qtools);
      const vars = ['c1/weight', 'd1/weight'].map((g) => widthVars(model).get(g)!);
      const { value, grads } = tf.variableGrads(cost, vars);
      const [c1, d1] = vars.map((v) => grads[v.name]!.dataSync()[0]!);
      tf.dispose([value, ...Object.values(grads)]);
      return c1! / d1!;
    };
    expect(share('ops')).toBeCloseTo(2592 / 432, 4);
    expect(share('memory')).toBeCloseTo(72 / 432, 4);
    model.dispose();
  });

  it('leaks no tensor', () => {
    const model = net('channel');
    const costs = BIT_COST_TARGETS.map((t) => costModelBits(model, t, qtools).cost);
    const before = tf.memory().numTensors;
    for (const c of costs) c().dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects bad input', () => {
    const model = net('tensor');
    expect(() => costModelBits(model, 'area' as BitCostTarget, qtools)).toThrow(
      new RangeError('costModelBits: target must be one of bits, ops, memory, energy; got "area"'));
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    expect(() => costModelBits(plain, 'bits', qtools)).toThrow(new RangeError('costModelBits: the model has no learned width (no role with a learned(...) format)'));
    model.dispose();
  });
});

describe('bitRegularizer', () => {
  it('penalty = λ·C(n)/C(n₀), and its gradient is λ/C(n₀)·∂C/∂n', () => {
    const model = net('tensor');
    const reg = bitRegularizer({ target: 'memory', lambda: 0.3 }, model);
    expect(reg.scale).toBeCloseTo(8, 5);
    const v = widthVars(model).get('d1/weight')!;
    const { value, grads } = tf.variableGrads(() => reg.penalty(), [v]);
    expect(value.dataSync()[0]).toBeCloseTo(0.3, 5);
    expect(grads[v.name]!.dataSync()[0]).toBeCloseTo((0.3 / 8) * (432 / 648), 6);
    tf.dispose([value, ...Object.values(grads)]);
    const raw = bitRegularizer({ target: () => tf.mul(v, 2) as tf.Scalar, lambda: 1, normalize: false }, model);
    expect(raw.scale).toBe(1);
    expect(raw.cost()).toBeCloseTo(16, 5);
    model.dispose();
  });

  it('rejects bad input', () => {
    const model = net('tensor');
    expect(() => bitRegularizer({ target: 'bits', lambda: -1 }, model)).toThrow(new RangeError('bitRegularizer: lambda must be a finite number ≥ 0; got -1'));
    expect(() => bitRegularizer({ target: 'flops' as BitCostTarget, lambda: 1 }, model)).toThrow(
      new RangeError('bitRegularizer: target must be one of bits, ops, memory, energy or a function; got "flops"'));
    expect(() => bitRegularizer({ target: () => tf.scalar(0), lambda: 1 }, model)).toThrow(
      new RangeError('bitRegularizer: the cost at the start must be a positive finite number to normalise by; got 0'));
    model.dispose();
  });
});
