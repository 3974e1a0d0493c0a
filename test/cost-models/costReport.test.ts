import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costReport } from '../../cost-models/costReport.js';
import { horowitz45nm } from '../../cost-models/horowitz45nm.js';
import { qtools } from '../../cost-models/qtools.js';
import { ENERGY_CATEGORIES } from '../../cost-models/priceTrace.js';
import { profileModel } from '../../src/profiler/profileModel.js';
import { int, layer, layerArb, mac, op, trace, widen } from './_traces.js';

const f16 = { kind: 'float', bits: 16, e: 5, m: 10 } as const;
const bin = { kind: 'binary', bits: 1 } as const;

describe('costReport on a trace computed by hand (qtools)', () => {
  // Arrange: one layer with an int8×int4 dense part, an XNOR part, an fp16 part, bias adds, ReLUs, memory
  const x8 = op('fc', 'activation', int(8));
  const w4 = op('fc', 'weight', int(4));
  const t = trace([
    layer('fc', {
      params: 40,
      tensors: [{ operand: w4, elements: 40 }, { operand: x8, elements: 10 }],
      macs: [
        mac(100, 10, x8, w4), // accumulator 8 + 4 + ceil(log2 10) = 16 bits
        mac(64, 64, op('fc', 'activation', bin), op('fc', 'weight', bin)),
        mac(5, 5, op('fc', 'activation', f16), op('fc', 'weight', f16)),
      ],
      adds: [{ pass: 'forward', label: 'bias', count: 10, operand: op('fc', 'bias', int(16)) }],
      compares: [{ pass: 'forward', label: 'relu', count: 10, operand: x8 }],
      memory: [
        { pass: 'forward', label: 'weight', operand: w4, elements: 40, store: 'dram', reads: 1, writes: 0, category: 'weight' },
        { pass: 'forward', label: 'input', operand: x8, elements: 10, store: 'sram', reads: 1, writes: 0, category: 'activation' },
      ],
    }),
  ]);
  const r = costReport(t, qtools);
  const add = (b: number) => 0.003125 * b;
  const mul = (b: number) => 0.002994791667 * b * b + 0.001041666667 * b;
  // popcount tree over 64 inputs: 32 1-bit, 16 2-bit, 8 3-bit, 4 4-bit, 2 5-bit, 1 6-bit adds
  const popcount64 = (32 * add(1) + 16 * add(2) + 8 * add(3) + 4 * add(4) + 2 * add(5) + add(6)) / 64;
  const sram8kbPer64 = 0.02455 * 16 * 16 - 0.2656 * 16 + 0.8661; // 80 bits: the 8 KB floor, x = 16

  it('prices each category as the formulas say', () => {
    const c = r.totals.energyPjByCategory;
    expect(c.multiply).toBeCloseTo(100 * mul(Math.sqrt(32)) + 64 * 0.3 * add(1) + 5 * 1.1, 10);
    expect(c.accumulate).toBeCloseTo(100 * add(16) + 64 * popcount64 + 5 * 0.9, 10);
    expect(c.add).toBeCloseTo(10 * add(16), 10);
    expect(c.compare).toBeCloseTo(10 * add(8), 10);
    expect(c.weightMemory).toBeCloseTo(40 * 4 * 20.3125, 10);
    expect(c.activationMemory).toBeCloseTo((80 / 64) * sram8kbPer64, 10);
    expect(c.optimizerMemory).toBe(0);
  });

  it('reports counts, bits and the compute/memory split', () => {
    expect(r.totals).toMatchObject({ macs: 169, params: 40, weightBits: 160, weightBytes: 20, activations: 10, activationBits: 80 });
    expect(r.totals.computePj + r.totals.memoryPj).toBeCloseTo(r.totals.energyPj, 9);
    expect(r.totals.memoryPj).toBeCloseTo(40 * 4 * 20.3125 + (80 / 64) * sram8kbPer64, 9);
    expect(r.totals.macsByUnit).toEqual({ 'forward int8×int4 intMul': 100, 'forward binary×binary xnor': 64, 'forward fp(e5m10)×fp(e5m10) floatMul': 5 });
    expect(r).toMatchObject({ model: 'test', phase: 'inference', costModel: { id: 'qtools' } });
  });
});

describe('costReport: shift moves and index tables (hand-computed)', () => {
  // Arrange: 144 int8 values shifted within a 144-value buffer (1,152 bits), and a 4-entry table of 4-bit indexes
  const x8 = op('prev', 'activation', int(8));
  const t = trace([
    layer('sal', {
      moves: [{ pass: 'forward', label: 'shift', count: 144, operand: x8, bufferElements: 144 }],
      indexes: [{ label: 'shift index', entries: 4, bits: 4, reads: 1 }],
    }),
  ]);

  it('horowitz45nm: a move is an SRAM read + write (10 pJ per 64 bits below 8 KB), the index a DRAM read (20 pJ/bit)', () => {
    // Act
    const r = costReport(t, horowitz45nm);
    // Assert: 144 × 2 × 8 bits × 10/64 pJ = 360 pJ; 16 bits × 20 pJ = 320 pJ; no multiplier, no adder
    expect(r.totals.energyPjByCategory.activationMemory).toBeCloseTo(360, 10);
    expect(r.totals.energyPjByCategory.weightMemory).toBeCloseTo(320, 10);
    expect(r.totals.computePj).toBe(0);
    expect(r.totals).toMatchObject({ shiftMoves: 144, indexBits: 16, macs: 0, params: 0, weightBits: 0 });
  });

  it('qtools: the same counts at its SRAM fit (8 KB floor) and 20.3125 pJ/bit DRAM', () => {
    const r = costReport(t, qtools);
    const sramPer64 = 0.02455 * 16 * 16 - 0.2656 * 16 + 0.8661;
    expect(r.totals.energyPjByCategory.activationMemory).toBeCloseTo((144 * 2 * 8 * sramPer64) / 64, 10);
    expect(r.totals.energyPjByCategory.weightMemory).toBeCloseTo(16 * 20.3125, 10);
  });

  it('a move is priced at its operand width: int16 costs twice int8 in the same small SRAM', () => {
    const t16 = trace([layer('sal', { moves: [{ pass: 'forward', label: 'shift', count: 144, operand: op('prev', 'activation', int(16)), bufferElements: 144 }] })]);
    expect(costReport(t16, horowitz45nm).totals.energyPj).toBeCloseTo(720, 10);
  });
});

describe('costReport properties', () => {
  const models = [horowitz45nm, qtools];

  it('is zero for an empty model', () => {
    for (const m of models) {
      const r = costReport(trace([]), m);
      expect(r.layers).toEqual([]);
      expect(r.totals.energyPj).toBe(0);
      expect(r.totals.macs).toBe(0);
      for (const c of ENERGY_CATEGORIES) expect(r.totals.energyPjByCategory[c]).toBe(0);
      const profiled = costReport(profileModel({ class_name: 'Sequential', config: { name: 'empty', layers: [] } }, { phase: 'training' }), m);
      expect(profiled.totals).toMatchObject({ energyPj: 0, macs: 0, params: 0, weightBits: 0 });
    }
  });

  it('adds up over layers: totals are the sums, and a layer costs the same alone or in a model', () => {
    fc.assert(
      fc.property(fc.array(layerArb('x'), { minLength: 1, maxLength: 4 }), fc.constantFrom(...models), (ls, m) => {
        // Arrange: unique names
        const layers = ls.map((l, i) => ({ ...l, name: `l${i}` }));
        // Act
        const whole = costReport(trace(layers), m);
        const alone = layers.map((l) => costReport(trace([l]), m).totals.energyPj);
        // Assert
        const sum = whole.layers.reduce((s, l) => s + l.energyPj, 0);
        expect(whole.totals.energyPj).toBeCloseTo(sum, 6);
        whole.layers.forEach((l, i) => expect(l.energyPj).toBe(alone[i]));
      }),
      { numRuns: 200 },
    );
  });

  it('never falls as a bitlength grows', () => {
    fc.assert(
      fc.property(layerArb('l'), fc.constantFrom('weight', 'activation'), fc.integer({ min: 1, max: 8 }), fc.constantFrom(...models), (l, role, delta, m) => {
        // Arrange
        const t = trace([l]);
        // Act
        const before = costReport(t, m).totals;
        const after = costReport(widen(t, 'l', role, delta), m).totals;
        // Assert: per category and in total
        expect(after.energyPj).toBeGreaterThanOrEqual(before.energyPj * (1 - 1e-12));
        for (const c of ENERGY_CATEGORIES) expect(after.energyPjByCategory[c]).toBeGreaterThanOrEqual(before.energyPjByCategory[c] * (1 - 1e-12));
      }),
      { numRuns: 300 },
    );
  });
});
