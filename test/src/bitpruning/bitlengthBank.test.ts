import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BitlengthBank, bitGroup, type BitGranularity } from '../../../src/bitpruning/bitlengthBank.js';
import { BitTrajectory } from '../../../src/bitpruning/bitTrajectory.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('bitGroup', () => {
  it('names and shapes groups by granularity', () => {
    expect(bitGroup('tensor', 'd1', 'weight', 5)).toEqual({ name: 'd1/weight', shape: [] });
    expect(bitGroup('layer', 'd1', 'activation', 5)).toEqual({ name: 'd1', shape: [] });
    expect(bitGroup('channel', 'd1', 'weight', 5)).toEqual({ name: 'd1/weight', shape: [5] });
    expect(bitGroup('role', 'd1', 'activation', 5)).toEqual({ name: 'activation', shape: [] });
  });

  it('rejects bad input', () => {
    expect(() => bitGroup('block' as BitGranularity, 'd', 'weight', 1)).toThrow(
      new RangeError('bitGroup: granularity must be one of tensor, layer, channel, role; got "block"'));
  });
});

describe('BitlengthBank', () => {
  it('creates groups at initBits, shares them by name, projects and rounds up for good', () => {
    const bank = new BitlengthBank({ initBits: 6, minBits: 2, maxBits: 10 });
    const a = bank.ensure('a', [3]);
    expect(bank.ensure('a', [3])).toBe(a);
    bank.ensure('b', []);
    expect(bank.values()).toEqual({ a: [6, 6, 6], b: 6 });
    bank.setValues({ a: [1.2, 3.01, 12], b: 4.5 });
    bank.project();
    expect(bank.values()).toEqual({ a: [2, Math.fround(3.01), 10], b: 4.5 });
    expect(bank.variables()).toHaveLength(2);
    bank.roundUp();
    expect(bank.values()).toEqual({ a: [2, 4, 10], b: 5 });
    expect(bank.frozen).toBe(true);
    expect(bank.variables()).toEqual([]);
    expect(a.trainable).toBe(false);
    bank.dispose();
  });

  it('rejects bad input', () => {
    expect(() => new BitlengthBank({ initBits: 20 })).toThrow(new RangeError('BitlengthBank: initBits must be in [1, 16]; got 20'));
    expect(() => new BitlengthBank({ minBits: 0 })).toThrow(
      new RangeError('BitlengthBank: minBits and maxBits must be integers with 1 ≤ minBits < maxBits ≤ 22; got 0 and 16'));
    const bank = new BitlengthBank();
    bank.ensure('a', [2]);
    expect(() => bank.ensure('a', [3])).toThrow(new RangeError("BitlengthBank: group 'a' has shape [2]; a layer asked for [3]"));
    expect(() => bank.get('b')).toThrow(new RangeError("BitlengthBank: no group 'b'; known: a"));
    expect(() => bank.setValues({ c: 1 })).toThrow(new RangeError("BitlengthBank: no group 'c'; known: a"));
    bank.dispose();
  });
});

describe('BitTrajectory', () => {
  it('records every group with its mean and values', () => {
    const bank = new BitlengthBank({ initBits: 4 });
    bank.ensure('w', [2]);
    bank.ensure('a', []);
    const tr = new BitTrajectory();
    tr.record(0, 'learn', bank);
    bank.setValues({ w: [3, 5.5] });
    tr.record(1, 'learn', bank);
    expect(tr.points).toEqual([
      { epoch: 0, phase: 'learn', group: 'w', mean: 4, values: [4, 4] },
      { epoch: 0, phase: 'learn', group: 'a', mean: 4, values: [4] },
      { epoch: 1, phase: 'learn', group: 'w', mean: 4.25, values: [3, 5.5] },
      { epoch: 1, phase: 'learn', group: 'a', mean: 4, values: [4] },
    ]);
    expect(tr.last()).toEqual({ w: 4.25, a: 4 });
    expect(() => tr.record(-1, 'learn', bank)).toThrow(new RangeError('BitTrajectory.record: epoch must be an integer ≥ 0; got -1'));
    bank.dispose();
  });
});
