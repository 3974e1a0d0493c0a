import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createBitVariables } from '../../../src/cost/bitVariables.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { policyOf, testNet } from './_fixture.js';

const int8 = profileModel(testNet(), { policy: policyOf((_l, r) => (r === 'weight' || r === 'activation' ? 8 : undefined)) });

describe('createBitVariables', () => {
  it('makes one scalar per (layer, role) for the fixed-point operands, starting at their widths', () => {
    const bits = createBitVariables(int8);
    // the max pool's outputs are values of its input (sum/activation): they have no width of their own
    expect([...bits.variables.keys()].sort()).toEqual(['bn/activation', 'bn/weight', 'c1/activation', 'c1/weight', 'c2/activation', 'c2/weight', 'd/activation', 'd/weight', 'dw/activation', 'dw/weight', 'in/activation', 'r/activation', 'sum/activation']);
    expect(bits.variables.get('c1/weight')!.shape).toEqual([]);
    expect(bits.variables.get('c1/weight')!.dataSync()[0]).toBe(8);
    expect(bits.keyOf({ layer: 'c1', role: 'bias' })).toBeUndefined(); // float32 bias: no variable
    bits.dispose();
  });

  it('shares one variable per role, or gives one per output channel', () => {
    const roleBits = createBitVariables(int8, { granularity: 'tensor-role', initial: 5 });
    expect([...roleBits.variables.keys()]).toEqual(['activation', 'weight']);
    expect(roleBits.keyOf({ layer: 'd', role: 'weight' })).toBe('weight');
    roleBits.dispose();
    const ch = createBitVariables(int8, { granularity: 'channel', roles: ['weight'] });
    expect([...ch.variables].map(([k, v]) => [k, v.shape])).toEqual([['c1/weight', [8]], ['bn/weight', [8]], ['dw/weight', [8]], ['c2/weight', [8]], ['d/weight', [5]]]);
    const op = { ref: { layer: 'c1', role: 'weight' as const }, format: { kind: 'int' as const, bits: 8 } };
    tf.tidy(() => {
      expect(ch.widthOf(op, 'a')!.shape).toEqual([8, 1]);
      expect(ch.widthOf(op, 'b')!.shape).toEqual([1, 8]);
      expect(ch.widthOf(op, 'flat')!.shape).toEqual([8]);
      expect(ch.widthOf({ ...op, format: { kind: 'float', bits: 32, e: 8, m: 23 } }, 'flat')).toBeUndefined();
    });
    ch.dispose();
  });

  it('frees its variables', () => {
    const before = tf.memory().numTensors;
    createBitVariables(int8, { granularity: 'channel' }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options and traces without fixed-point operands', () => {
    expect(() => createBitVariables(int8, { roles: ['weights' as never] })).toThrow('createBitVariables: options.roles: unknown role "weights"; known: weight, bias, activation');
    expect(() => createBitVariables(int8, { granularity: 'kernel' as never })).toThrow('createBitVariables: options.granularity must be one of tensor-role, layer, channel; got "kernel"');
    expect(() => createBitVariables(int8, { initial: 0 })).toThrow('createBitVariables: options.initial must be a positive number of bits; got 0');
    expect(() => createBitVariables(profileModel(testNet()))).toThrow('createBitVariables: no fixed-point operand with role weight or activation in the trace; profile with a policy that gives these roles fixed(w=…) formats');
  });
});
