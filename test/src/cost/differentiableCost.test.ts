import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numberArith } from '../../../cost-models/arith.js';
import { costReport } from '../../../cost-models/costReport.js';
import type { EnergyModel } from '../../../cost-models/energyModel.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import type { OpTrace, TraceRole } from '../../../cost-models/opTrace.js';
import { ENERGY_CATEGORIES, priceTrace } from '../../../cost-models/priceTrace.js';
import { qtools } from '../../../cost-models/qtools.js';
import { parseUserCostModel } from '../../../cost-models/userCostModel.js';
import { createBitVariables, type BitVariables } from '../../../src/cost/bitVariables.js';
import { differentiableCost } from '../../../src/cost/differentiableCost.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { ALL_ROLES, policyOf, testNet } from './_fixture.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const user = parseUserCostModel(JSON.stringify({ add: '0.004 pJ * b', mul: '0.02 pJ * b_in * b_w / 8 + 0.01 pJ * b', sram: '0.05 pJ * log2(c)', dram: '15 pJ' }), 'user.json');
const MODELS: EnergyModel[] = [horowitz45nm, qtools, user];
const TRAIN_ROLES: TraceRole[] = ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum', 'update'];
/** A deterministic spread of integer widths 2..13 over (layer, role). */
const widthOf = (layer: string, role: TraceRole) => 2 + ((layer.charCodeAt(0) * 7 + layer.length * 5 + ALL_ROLES.indexOf(role) * 3) % 12);
const base = (accumulator: boolean) => profileModel(testNet(), { phase: 'training', batchSize: 2, policy: policyOf((_l, r) => (r === 'accumulator' && !accumulator ? undefined : 8)) });

function assign(bits: BitVariables, value: (layer: string, role: TraceRole) => number): void {
  for (const [key, v] of bits.variables) {
    const [layer, role] = key.includes('/') ? (key.split('/') as [string, TraceRole]) : ['', key as TraceRole];
    v.assign(tf.fill(v.shape, value(layer, role)));
  }
}

/** The pure cost (float64) with real widths per (layer, role): the oracle for gradients. */
function pureCost(trace: OpTrace, model: EnergyModel, widths: Map<string, number>): number {
  const layers = priceTrace(trace, model, numberArith, (op) => (op.format.kind === 'int' ? widths.get(`${op.ref.layer}/${op.ref.role}`) : undefined));
  return layers.reduce((s, l) => s + ENERGY_CATEGORIES.reduce((t, c) => t + l[c], 0), 0);
}

describe('differentiableCost equals the pure cost model at integer bitlengths', () => {
  for (const accumulator of [false, true]) {
    it(`per layer, for every model (accumulator role ${accumulator ? 'set' : 'default'})`, () => {
      const trace = base(accumulator);
      const roles = accumulator ? [...TRAIN_ROLES, 'accumulator' as const] : TRAIN_ROLES;
      const target = profileModel(testNet(), { phase: 'training', batchSize: 2, policy: policyOf((l, r) => (roles.includes(r) ? widthOf(l, r) : undefined)) });
      const bits = createBitVariables(trace, { roles, granularity: 'layer' });
      assign(bits, widthOf);
      for (const model of MODELS) {
        const got = tf.tidy(() => differentiableCost(trace, model, bits)().dataSync()[0]!);
        expect(got / costReport(target, model).totals.energyPj).toBeCloseTo(1, 5);
      }
      bits.dispose();
    });
  }

  it('per tensor role and per channel (equal channels)', () => {
    const trace = base(false);
    const byRole = (_l: string, r: TraceRole) => 3 + ALL_ROLES.indexOf(r);
    const target = costReport(profileModel(testNet(), { phase: 'training', batchSize: 2, policy: policyOf((l, r) => (TRAIN_ROLES.includes(r) ? byRole(l, r) : undefined)) }), qtools);
    for (const granularity of ['tensor-role', 'channel'] as const) {
      const bits = createBitVariables(trace, { roles: TRAIN_ROLES, granularity });
      assign(bits, byRole);
      const got = tf.tidy(() => differentiableCost(trace, qtools, bits)().dataSync()[0]!);
      expect(got / target.totals.energyPj).toBeCloseTo(1, 5);
      bits.dispose();
    }
  });

  it('splits compute and memory as the report does', () => {
    const trace = base(false);
    const bits = createBitVariables(trace, { roles: TRAIN_ROLES });
    const r = costReport(trace, horowitz45nm).totals;
    const value = (target: 'compute' | 'memory') => tf.tidy(() => differentiableCost(trace, horowitz45nm, bits, { target, unitPj: 1e6 })().dataSync()[0]!);
    expect(value('compute') / (r.computePj / 1e6)).toBeCloseTo(1, 5);
    expect(value('memory') / (r.memoryPj / 1e6)).toBeCloseTo(1, 5);
    bits.dispose();
  });
});

describe('differentiableCost gradients', () => {
  it('match central finite differences of the float64 pure cost (per layer, non-integer widths)', () => {
    const trace = base(true);
    const roles = [...TRAIN_ROLES, 'accumulator' as const];
    const bits = createBitVariables(trace, { roles, granularity: 'layer' });
    const real = (l: string, r: TraceRole) => widthOf(l, r) + 0.37 + 0.01 * ALL_ROLES.indexOf(r);
    assign(bits, real);
    const widths = new Map([...bits.variables.keys()].map((k) => [k, real(...(k.split('/') as [string, TraceRole]))]));
    for (const model of MODELS) {
      const cost = differentiableCost(trace, model, bits);
      const { value, grads } = tf.variableGrads(cost);
      value.dispose();
      let checked = 0;
      for (const [key, v] of bits.variables) {
        const g = grads[v.name]!.dataSync()[0]!;
        const h = 1e-4;
        const plus = pureCost(trace, model, new Map(widths).set(key, widths.get(key)! + h));
        const minus = pureCost(trace, model, new Map(widths).set(key, widths.get(key)! - h));
        const fd = (plus - minus) / (2 * h);
        expect(Math.abs(g - fd)).toBeLessThanOrEqual(1e-3 * Math.abs(fd) + 1e-6 * pureCost(trace, model, widths));
        if (fd !== 0) checked++;
      }
      expect(checked).toBeGreaterThan(20);
      tf.dispose(Object.values(grads));
    }
    bits.dispose();
  });

  it('per channel: equal channels sum to the layer gradient; unequal channels average the single-width costs', () => {
    const trace = base(false);
    const perLayer = createBitVariables(trace, { roles: ['weight', 'activation'], granularity: 'layer', initial: 6.3 });
    const perChannel = createBitVariables(trace, { roles: ['weight', 'activation'], granularity: 'channel', initial: 6.3 });
    const gl = tf.variableGrads(differentiableCost(trace, qtools, perLayer));
    const gc = tf.variableGrads(differentiableCost(trace, qtools, perChannel));
    expect(gc.value.dataSync()[0]! / gl.value.dataSync()[0]!).toBeCloseTo(1, 5);
    for (const [key, v] of perLayer.variables) {
      const sum = tf.sum(gc.grads[perChannel.variables.get(key)!.name]!).dataSync()[0]!;
      expect(sum).toBeCloseTo(gl.grads[v.name]!.dataSync()[0]!, 1);
    }
    tf.dispose([gl.value, gc.value, ...Object.values(gl.grads), ...Object.values(gc.grads)]);
    perLayer.dispose();
    perChannel.dispose();
    // one dense layer, int8 input, per-channel weights (2 units): the weight enters MACs, accumulators and DRAM only
    const dense = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, use_bias: false, batch_input_shape: [null, 16] } }] } };
    const at = (w: number) => profileModel(dense, { policy: { default: { activation: { format: 'int8' }, weight: { format: `fixed(w=${w},f=0)` } } } });
    const one = (w: number) => costReport(at(w), horowitz45nm).totals.energyPj;
    const bits = createBitVariables(at(8), { roles: ['weight'], granularity: 'channel' });
    const v = bits.variables.get('d/weight')!;
    v.assign(tf.tensor1d([3, 11]));
    const { value, grads } = tf.variableGrads(differentiableCost(at(8), horowitz45nm, bits));
    expect(value.dataSync()[0]! / ((one(3) + one(11)) / 2)).toBeCloseTo(1, 5);
    const pure = (w: number) => pureCost(at(8), horowitz45nm, new Map([['d/weight', w]]));
    const fd = (w: number) => (pure(w + 1e-4) - pure(w - 1e-4)) / 2e-4;
    const g = grads[v.name]!.dataSync();
    expect(g[0]! / (fd(3) / 2)).toBeCloseTo(1, 3);
    expect(g[1]! / (fd(11) / 2)).toBeCloseTo(1, 3);
    tf.dispose([value, ...Object.values(grads)]);
    bits.dispose();
  });
});

describe('differentiableCost hygiene', () => {
  it('leaks no tensor', () => {
    const trace = base(false);
    const before = tf.memory().numTensors;
    const bits = createBitVariables(trace, { roles: TRAIN_ROLES, granularity: 'channel' });
    const cost = differentiableCost(trace, horowitz45nm, bits);
    tf.tidy(() => {
      cost();
    });
    const { value, grads } = tf.variableGrads(cost);
    tf.dispose([value, ...Object.values(grads)]);
    bits.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', () => {
    const trace = base(false);
    const bits = createBitVariables(trace);
    expect(() => differentiableCost(trace, qtools, bits, { target: 'latency' as never })).toThrow('differentiableCost: options.target must be energy, compute or memory; got "latency"');
    expect(() => differentiableCost(trace, qtools, bits, { unitPj: 0 })).toThrow('differentiableCost: options.unitPj must be a positive number; got 0');
    bits.dispose();
  });
});
