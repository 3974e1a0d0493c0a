import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { qtools } from '../../../cost-models/qtools.js';
import { macWeightedBits, meanBits, modelledEnergy, sizeWeightedBits } from '../../../src/cost/bitTargets.js';
import { createBitVariables } from '../../../src/cost/bitVariables.js';
import { differentiableCost } from '../../../src/cost/differentiableCost.js';
import { profileModel } from '../../../src/profiler/profileModel.js';

/** 16 → dense a (4 units, 64 MACs, 64 weights) → dense b (2 units, 8 MACs, 8 weights); int8 activations. */
const mlp = { class_name: 'Sequential', config: { layers: [
  { class_name: 'Dense', config: { name: 'a', units: 4, use_bias: false, batch_input_shape: [null, 16] } },
  { class_name: 'Dense', config: { name: 'b', units: 2, use_bias: false } },
] } };
// the model input is priced at its real width unless a rule names it: here it arrives as int8
const trace = profileModel(mlp, { policy: { default: { weight: { format: 'int8' }, activation: { format: 'int8' } }, rules: [{ match: { type: 'InputLayer' }, roles: { activation: { format: 'int8' } } }] } });
const value = (t: tf.Scalar) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('bit targets', () => {
  it('compute by hand on a two-layer net', () => {
    const bits = createBitVariables(trace, { roles: ['weight'] });
    bits.variables.get('a/weight')!.assign(tf.scalar(2));
    bits.variables.get('b/weight')!.assign(tf.scalar(6));
    expect(value(meanBits(bits))).toBeCloseTo(4, 6);
    expect(value(macWeightedBits(trace, bits))).toBeCloseTo((64 * 8 * 2 + 8 * 8 * 6) / 72, 5);
    expect(value(macWeightedBits(trace, bits, 'mean'))).toBeCloseTo((64 * 5 + 8 * 7) / 72, 5);
    expect(value(sizeWeightedBits(trace, bits))).toBeCloseTo((64 * 2 + 8 * 6) / 72, 5);
    const e = value(modelledEnergy(trace, qtools, bits, 1e3));
    expect(e).toBeCloseTo(value(differentiableCost(trace, qtools, bits, { unitPj: 1e3 })()), 6);
    bits.dispose();
  });

  it('have the gradients of their definitions, per channel too', () => {
    const bits = createBitVariables(trace, { roles: ['weight'], granularity: 'channel' });
    const a = bits.variables.get('a/weight')!;
    const { value: v, grads } = tf.variableGrads(() => meanBits(bits));
    expect(Array.from(grads[a.name]!.dataSync())).toEqual([1 / 6, 1 / 6, 1 / 6, 1 / 6].map((x) => Math.fround(x)));
    tf.dispose([v, ...Object.values(grads)]);
    const s = tf.variableGrads(() => sizeWeightedBits(trace, bits));
    // each of a's 4 channels holds 16 of the 72 weights
    for (const g of s.grads[a.name]!.dataSync()) expect(g).toBeCloseTo(16 / 72, 6);
    tf.dispose([s.value, ...Object.values(s.grads)]);
    bits.dispose();
  });

  it('leak no tensor', () => {
    const bits = createBitVariables(trace, { roles: ['weight'], granularity: 'channel' });
    const before = tf.memory().numTensors;
    tf.dispose([meanBits(bits), macWeightedBits(trace, bits), sizeWeightedBits(trace, bits), modelledEnergy(trace, qtools, bits)]);
    expect(tf.memory().numTensors).toBe(before);
    bits.dispose();
  });

  it('reject traces they cannot weight', () => {
    const act = createBitVariables(trace, { roles: ['activation'] });
    const onlyOutput = createBitVariables(profileModel(mlp, { policy: { rules: [{ match: { name: 'b' }, roles: { activation: { format: 'int8' } } }] } }), { roles: ['activation'] });
    expect(() => macWeightedBits(trace, act, 'max' as never)).toThrow("macWeightedBits: combine must be 'product' or 'mean'; got \"max\"");
    expect(() => macWeightedBits(profileModel(mlp), onlyOutput)).toThrow('macWeightedBits: no MAC of the trace has a bitlength variable');
    expect(() => sizeWeightedBits(profileModel(mlp), onlyOutput)).toThrow('sizeWeightedBits: no tensor of the trace has a bitlength variable');
    act.dispose();
    onlyOutput.dispose();
  });
});
