import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BIT_COST_TARGETS, costModelBits, type BitCostTarget } from '../../../src/bitpruning/costModelBits.js';
import { bitRegularizer } from '../../../src/bitpruning/bitRegularizer.js';
import { BitConv2D, BitDense } from '../../../src/bitpruning/bitLayers.js';
import { BitlengthBank, BIT_GRANULARITIES, type BitGranularity } from '../../../src/bitpruning/bitlengthBank.js';
import { qtools } from '../../../cost-models/qtools.js';
import { costReport } from '../../../cost-models/costReport.js';
import { profileModel } from '../../../src/profiler/profileModel.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** conv 3×3 (2 → 4, 6×6, same, relu) → flatten → dense 144 → 3 (logits, output not quantized). */
function net(bank: BitlengthBank, granularity: BitGranularity): tf.Sequential {
  const m = tf.sequential();
  m.add(new BitConv2D({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', bank, granularity, inputShape: [6, 6, 2] }));
  m.add(tf.layers.flatten());
  m.add(new BitDense({ name: 'd1', units: 3, bank, granularity, quantizeOutput: false }));
  return m;
}

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
      const bank = new BitlengthBank();
      const { cost } = costModelBits(net(bank, 'tensor'), bank, target, qtools);
      bank.setValues(N);
      expect(tf.tidy(() => cost().dataSync()[0]!)).toBeCloseTo(oracle(target, N), 4);
      bank.dispose();
    });
  }

  it('energy at integer bitlengths equals the cost report of the model profiled at those widths', () => {
    const bank = new BitlengthBank();
    const model = net(bank, 'tensor');
    const { cost } = costModelBits(model, bank, 'energy', qtools);
    const widths = { 'c1/weight': 4, 'c1/activation': 6, 'd1/weight': 3 };
    bank.setValues(widths);
    const f = (w: number) => ({ format: `fixed(w=${w},f=0)` });
    const report = costReport(profileModel(model, { policy: { rules: [
      { match: { name: 'c1' }, roles: { weight: f(4), activation: f(6) } },
      { match: { name: 'd1' }, roles: { weight: f(3) } },
    ] } }), qtools);
    expect(tf.tidy(() => cost().dataSync()[0]!)).toBeCloseTo(report.totals.energyPj, 1);
    bank.dispose();
  });

  for (const granularity of BIT_GRANULARITIES) {
    it(`${granularity}: every target's gradient matches central differences`, () => {
      for (const target of BIT_COST_TARGETS) {
        const bank = new BitlengthBank({ initBits: 6 });
        const { cost } = costModelBits(net(bank, granularity), bank, target, qtools);
        const vars = bank.variables();
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
        bank.dispose();
      }
    });
  }

  it('targets price layers differently: ops weighs the c1 weights most, memory the d1 weights', () => {
    const bank = new BitlengthBank();
    const share = (t: BitCostTarget) => {
      const { cost } = costModelBits(net(bank, 'tensor'), bank, t, qtools);
      const vars = ['c1/weight', 'd1/weight'].map((g) => bank.get(g));
      const { value, grads } = tf.variableGrads(cost, vars);
      const [c1, d1] = vars.map((v) => grads[v.name]!.dataSync()[0]!);
      tf.dispose([value, ...Object.values(grads)]);
      return c1! / d1!;
    };
    expect(share('ops')).toBeCloseTo(2592 / 432, 4);
    expect(share('memory')).toBeCloseTo(72 / 432, 4);
    bank.dispose();
  });

  it('leaks no tensor', () => {
    const bank = new BitlengthBank();
    const model = net(bank, 'channel');
    const costs = BIT_COST_TARGETS.map((t) => costModelBits(model, bank, t, qtools).cost);
    const before = tf.memory().numTensors;
    for (const c of costs) c().dispose();
    expect(tf.memory().numTensors).toBe(before);
    bank.dispose();
  });

  it('rejects bad input', () => {
    const bank = new BitlengthBank();
    const model = net(bank, 'tensor');
    expect(() => costModelBits(model, bank, 'area' as BitCostTarget, qtools)).toThrow(
      new RangeError('costModelBits: target must be one of bits, ops, memory, energy; got "area"'));
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    expect(() => costModelBits(plain, bank, 'bits', qtools)).toThrow(new RangeError('costModelBits: the model has no learned-bitlength layer'));
    bank.dispose();
  });
});

describe('bitRegularizer', () => {
  it('penalty = λ·C(n)/C(n₀), and its gradient is λ/C(n₀)·∂C/∂n', () => {
    const bank = new BitlengthBank();
    const model = net(bank, 'tensor');
    const reg = bitRegularizer({ target: 'memory', lambda: 0.3 }, model, bank);
    expect(reg.scale).toBeCloseTo(8, 5);
    const v = bank.get('d1/weight');
    const { value, grads } = tf.variableGrads(() => reg.penalty(), [v]);
    expect(value.dataSync()[0]).toBeCloseTo(0.3, 5);
    expect(grads[v.name]!.dataSync()[0]).toBeCloseTo((0.3 / 8) * (432 / 648), 6);
    tf.dispose([value, ...Object.values(grads)]);
    const raw = bitRegularizer({ target: () => tf.mul(bank.get('d1/weight'), 2) as tf.Scalar, lambda: 1, normalize: false }, model, bank);
    expect(raw.scale).toBe(1);
    expect(raw.cost()).toBeCloseTo(16, 5);
    bank.dispose();
  });

  it('rejects bad input', () => {
    const bank = new BitlengthBank();
    const model = net(bank, 'tensor');
    expect(() => bitRegularizer({ target: 'bits', lambda: -1 }, model, bank)).toThrow(new RangeError('bitRegularizer: lambda must be a finite number ≥ 0; got -1'));
    expect(() => bitRegularizer({ target: 'flops' as BitCostTarget, lambda: 1 }, model, bank)).toThrow(
      new RangeError('bitRegularizer: target must be one of bits, ops, memory, energy or a function; got "flops"'));
    expect(() => bitRegularizer({ target: () => tf.scalar(0), lambda: 1 }, model, bank)).toThrow(
      new RangeError('bitRegularizer: the cost at the start must be a positive finite number to normalise by; got 0'));
    bank.dispose();
  });
});
