import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { shiftAttention2dHandler, shiftConv2dHandler } from '../../../src/shift/shiftProfilerHandlers.js';
import { LayerConfig } from '../../../src/profiler/_internal/layerConfig.js';
import type { LayerEnv, LayerHandler } from '../../../src/profiler/layerHandler.js';
import { classifyMac, defaultAccumulator } from '../../../cost-models/macUnit.js';
import { FLOAT32_OPERAND } from '../../../cost-models/operandFormat.js';
import type { Operand, TraceRole } from '../../../cost-models/opTrace.js';
import { shiftLayerCounts } from '../../../src/shift/shiftLayerCounts.js';
import { ShiftAttention2D } from '../../../src/shift/shiftAttention2D.js';
import { ShiftConv2D } from '../../../src/shift/shiftConv2D.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import { qtools } from '../../../cost-models/qtools.js';
import { createBitVariables } from '../../../src/cost/bitVariables.js';
import { differentiableCost } from '../../../src/cost/differentiableCost.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

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

const macs = (e: LayerEnv, h: LayerHandler) => h.forward(e, false).macs.reduce((s, g) => s + g.count, 0);
const moves = (e: LayerEnv, h: LayerHandler) => (h.forward(e, false).moves ?? []).reduce((s, g) => s + g.count, 0);
const indexBits = (e: LayerEnv, h: LayerHandler) => (h.forward(e, false).indexes ?? []).reduce((s, t) => s + t.entries * t.bits, 0);

describe('shift profiler handlers', () => {
  it('ShiftConv2D: 1×1 MACs, C_in·C_out params, one shift move per input value (as shiftLayerCounts)', () => {
    const raw = { filters: 6, kernel_size: 3, strides: [2, 2], use_bias: true };
    const e = env('ShiftConv2D', raw, [8, 8, 4], shiftConv2dHandler);
    const want = shiftLayerCounts({ kind: 'shift', cIn: 4, cOut: 6, k: 3, hIn: 8, wIn: 8, hOut: 4, wOut: 4, useBias: true });
    expect(e.outputShape).toEqual([4, 4, 6]);
    expect(shiftConv2dHandler.params([[8, 8, 4]], e.cfg)).toEqual({ weight: 24, bias: 6 });
    expect(macs(e, shiftConv2dHandler)).toBe(want.macs);
    expect(moves(e, shiftConv2dHandler)).toBe(want.shiftMoves);
    expect(indexBits(e, shiftConv2dHandler)).toBe(0);
    const back = shiftConv2dHandler.backward(e);
    expect(back.macs.map((g) => [g.label, g.count])).toEqual([['error', want.macs], ['weight gradient', want.macs]]);
  });

  for (const shared of [false, true]) {
    it(`ShiftAttention2D (shared ${shared}): k² MACs before rounding, 1×1 MACs and shift moves after`, () => {
      const base = { filters: 5, kernel_size: 3, shared, use_bias: false };
      const geom = { cIn: 4, cOut: 5, k: 3, hIn: 6, wIn: 6, hOut: 6, wOut: 6, shared };
      const soft = env('ShiftAttention2D', { ...base, rounded: false }, [6, 6, 4], shiftAttention2dHandler);
      const hard = env('ShiftAttention2D', { ...base, rounded: true }, [6, 6, 4], shiftAttention2dHandler);
      const before = shiftLayerCounts({ kind: 'salTraining', ...geom });
      const after = shiftLayerCounts({ kind: 'salRounded', ...geom });
      expect(shiftAttention2dHandler.params([[6, 6, 4]], soft.cfg).weight).toBe(before.params);
      expect(shiftAttention2dHandler.params([[6, 6, 4]], hard.cfg).weight).toBe(after.params);
      expect(macs(soft, shiftAttention2dHandler)).toBe(before.macs);
      expect(macs(hard, shiftAttention2dHandler)).toBe(after.macs);
      expect(moves(soft, shiftAttention2dHandler)).toBe(0);
      expect(moves(hard, shiftAttention2dHandler)).toBe(after.shiftMoves);
      expect(indexBits(soft, shiftAttention2dHandler)).toBe(0);
      expect(indexBits(hard, shiftAttention2dHandler)).toBe(after.indexBits);
      // a move carries the input value, buffered over the whole input tensor; nothing is left unpriced
      expect(shiftAttention2dHandler.forward(hard, false).moves?.[0]).toMatchObject({ operand: { ref: { layer: 'prev', role: 'activation' } }, bufferElements: 144 });
      expect(shiftAttention2dHandler.forward(hard, false).unpriced).toEqual([]);
    });
  }

  it('backward: the error is shifted back (moves on the input error) and the index is read again', () => {
    const hard = env('ShiftAttention2D', { filters: 5, kernel_size: 3, shared: true, rounded: true }, [6, 6, 4], shiftAttention2dHandler);
    const back = shiftAttention2dHandler.backward(hard);
    expect(back.moves).toEqual([{ pass: 'backward', label: 'shift (error)', count: 144, operand: op('prev', 'error'), bufferElements: 144 }]);
    expect(back.indexes).toEqual([{ label: 'shift index (error)', entries: 4, bits: 4, reads: 1 }]);
  });

  it('rejects a bad config, naming the layer and key', () => {
    const cfg = new LayerConfig('x', 'ShiftConv2D', { filters: 0 });
    expect(() => shiftConv2dHandler.outputShape([[4, 4, 2]], cfg)).toThrow(
      new RangeError("profileModel: layer 'x' (ShiftConv2D): config.filters must be an integer ≥ 1; got 0"));
  });
});

// the model input is priced at its real width unless a rule names it: here the data arrive as 8-bit values
const int8 = {
  default: { weight: { format: 'fixed(w=8,f=6)' }, activation: { format: 'fixed(w=8,f=4)' } },
  rules: [{ match: { type: 'InputLayer' }, roles: { activation: { format: 'fixed(w=8,f=4)' } } }],
};

function salModelOf(shared: boolean, round: boolean): tf.LayersModel {
  const m = tf.sequential();
  const sal = new ShiftAttention2D({ name: 'sal', filters: 5, shared, totalIters: 1, seed: 3, inputShape: [6, 6, 4] });
  m.add(sal);
  if (round) sal.roundAttention();
  return m;
}

describe('shift layers in the cost report (hand-computed, horowitz45nm, int8 policy)', () => {
  // 6×6×4 int8 input = 144 values = 1,152 bits: below 8 KB, SRAM costs 10 pJ per 64 bits; DRAM 20 pJ per bit
  const sram = 10 / 64;
  const ioPj = 144 * 8 * sram + 180 * 8 * sram; // read the input, write the 6×6×5 output

  for (const shared of [true, false]) {
    it(`rounded SAL (shared ${shared}): moves priced as SRAM read + write, the 4-bit index as DRAM weight memory`, () => {
      const model = salModelOf(shared, true);
      const r = costReport(profileModel(model, { policy: int8 }), horowitz45nm).layers.find((l) => l.name === 'sal')!;
      const movesN = shared ? 144 : 144 * 9;
      const entries = shared ? 4 : 20;
      expect(r).toMatchObject({ macs: 6 * 6 * 5 * 4, params: 20, shiftMoves: movesN, indexBits: 4 * entries, weightBits: 160 });
      expect(r.energyPjByCategory.activationMemory).toBeCloseTo(ioPj + movesN * 2 * 8 * sram, 9);
      expect(r.energyPjByCategory.weightMemory).toBeCloseTo(20 * 8 * 20 + 4 * entries * 20, 9);
      model.dispose();
    });
  }

  it('soft SAL: a k×k convolution plus attention logits, no moves, no index', () => {
    const model = salModelOf(false, false);
    const r = costReport(profileModel(model, { policy: int8 }), horowitz45nm).layers.find((l) => l.name === 'sal')!;
    expect(r).toMatchObject({ macs: 6 * 6 * 5 * 9 * 4, params: 9 * 20 + 9 * 20, shiftMoves: 0, indexBits: 0 });
    expect(r.energyPjByCategory.activationMemory).toBeCloseTo(ioPj, 9);
    model.dispose();
  });

  it('shift layer: one move per input value, no index (fixed pattern)', () => {
    const m = tf.sequential();
    m.add(new ShiftConv2D({ name: 'shift', filters: 5, seed: 3, inputShape: [6, 6, 4] }));
    const r = costReport(profileModel(m, { policy: int8 }), horowitz45nm).layers.find((l) => l.name === 'shift')!;
    expect(r).toMatchObject({ macs: 720, shiftMoves: 144, indexBits: 0 });
    m.dispose();
  });
});

describe('shift layers in the differentiable cost', () => {
  for (const granularity of ['layer', 'tensor-role', 'channel'] as const) {
    for (const phase of ['inference', 'training'] as const) {
      it(`equals costReport at the trace's integer widths (${granularity}, ${phase})`, () => {
        // Arrange: a rounded unshared SAL fed by a shift layer, int8 weights and activations
        const m = tf.sequential();
        m.add(new ShiftConv2D({ name: 'shift', filters: 4, seed: 2, inputShape: [6, 6, 3] }));
        const sal = new ShiftAttention2D({ name: 'sal', filters: 5, totalIters: 1, seed: 3 });
        m.add(sal);
        sal.roundAttention();
        const trace = profileModel(m, { policy: int8, phase });
        const before = tf.memory().numTensors;
        const bits = createBitVariables(trace, { granularity });
        for (const model of [horowitz45nm, qtools]) {
          // Act
          const value = tf.tidy(() => differentiableCost(trace, model, bits)().dataSync()[0]!);
          // Assert
          expect(value).toBeCloseTo(costReport(trace, model).totals.energyPj, 0);
          expect(Math.abs(value / costReport(trace, model).totals.energyPj - 1)).toBeLessThan(1e-5);
        }
        bits.dispose();
        expect(tf.memory().numTensors).toBe(before);
        m.dispose();
      });
    }
  }

  it('a move follows the bitlength of the value it moves: d cost / d n(shift activation) includes the moves', () => {
    const m = tf.sequential();
    m.add(new ShiftConv2D({ name: 'shift', filters: 4, seed: 2, inputShape: [6, 6, 3] }));
    const sal = new ShiftAttention2D({ name: 'sal', filters: 5, totalIters: 1, seed: 3 });
    m.add(sal);
    sal.roundAttention();
    const trace = profileModel(m, { policy: int8 });
    const bits = createBitVariables(trace, { granularity: 'layer' });
    const v = bits.variables.get('shift/activation')!;
    const withMoves = tf.tidy(() => tf.grad(() => differentiableCost(trace, horowitz45nm, bits)())(v).dataSync()[0]!);
    const noMoves = { ...trace, layers: trace.layers.map((l) => ({ ...l, moves: [] })) };
    const without = tf.tidy(() => tf.grad(() => differentiableCost(noMoves, horowitz45nm, bits)())(v).dataSync()[0]!);
    // 6×6×4 values moved 9 times, 2 accesses each, at 10/64 pJ per bit (the SRAM stays below 8 KB)
    expect(withMoves - without).toBeCloseTo(144 * 9 * 2 * (10 / 64), 3);
    bits.dispose();
    m.dispose();
  });
});
