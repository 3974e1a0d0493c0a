import { describe, expect, it } from 'vitest';
import { shiftAttention2dHandler, shiftConv2dHandler } from '../../../src/shift/shiftProfilerHandlers.js';
import { LayerConfig } from '../../../src/profiler/_internal/layerConfig.js';
import type { LayerEnv, LayerHandler } from '../../../src/profiler/layerHandler.js';
import { classifyMac, defaultAccumulator } from '../../../cost-models/macUnit.js';
import { FLOAT32_OPERAND } from '../../../cost-models/operandFormat.js';
import type { Operand, TraceRole } from '../../../cost-models/opTrace.js';
import { shiftLayerCounts } from '../../../src/shift/shiftLayerCounts.js';

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
const moves = (e: LayerEnv, h: LayerHandler) => h.forward(e, false).unpriced.filter((u) => u.op === 'shift').reduce((s, g) => s + g.count, 0);

describe('shift profiler handlers', () => {
  it('ShiftConv2D: 1×1 MACs, C_in·C_out params, one shift move per input value (as shiftLayerCounts)', () => {
    const raw = { filters: 6, kernel_size: 3, strides: [2, 2], use_bias: true };
    const e = env('ShiftConv2D', raw, [8, 8, 4], shiftConv2dHandler);
    const want = shiftLayerCounts({ kind: 'shift', cIn: 4, cOut: 6, k: 3, hIn: 8, wIn: 8, hOut: 4, wOut: 4, useBias: true });
    expect(e.outputShape).toEqual([4, 4, 6]);
    expect(shiftConv2dHandler.params([[8, 8, 4]], e.cfg)).toEqual({ weight: 24, bias: 6 });
    expect(macs(e, shiftConv2dHandler)).toBe(want.macs);
    expect(moves(e, shiftConv2dHandler)).toBe(want.shiftMoves);
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
    });
  }

  it('rejects a bad config, naming the layer and key', () => {
    const cfg = new LayerConfig('x', 'ShiftConv2D', { filters: 0 });
    expect(() => shiftConv2dHandler.outputShape([[4, 4, 2]], cfg)).toThrow(
      new RangeError("profileModel: layer 'x' (ShiftConv2D): config.filters must be an integer ≥ 1; got 0"));
  });
});
